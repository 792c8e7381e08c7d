"""Checkpoints for hand-written training loops: save as you go, resume where a run stopped.

`LoopCheckpoint` saves what a loop names (variables, a model, an optimizer) with how far it got
and its history, in a `tf.train.CheckpointManager`; a restarted run goes on from there. Across
workers only the chief (`tfcourse.multiworker.is_chief`) writes into the folder.

Example:
    >>> import tempfile, tensorflow as tf
    >>> ckpt = LoopCheckpoint(tempfile.mkdtemp(), {"w": tf.Variable(0.0)}, total=10)
    >>> ckpt.done, ckpt.history
    (0, {'loss': []})
"""

from __future__ import annotations

import os
import tempfile

import numpy as np
import tensorflow as tf

from tfcourse import validation as check
from tfcourse.multiworker import is_chief


class LoopCheckpoint:
    """Save and restore a loop's objects, how far it got, and its history.

    ``objects`` (name → variable, model or optimizer, made under the scope) are restored from
    the latest checkpoint in ``directory``; ``done`` (steps completed, 0 when fresh) and
    ``history`` (name → their values) say where to go on. `maybe_save` saves every ``every``
    steps and after the last of ``total``.
    """

    def __init__(self, directory, objects: dict, *, total: int, every: int = 1,
                 history=("loss",), strategy=None):
        self.every, self.total = check.positive_int("checkpoint_every", every), total
        strategy = strategy or tf.distribute.get_strategy()
        with strategy.scope():
            self._done = tf.Variable(0, dtype=tf.int64, trainable=False, name="done")
            # any length: a finished run can be continued with more steps
            self._history = {k: tf.Variable(tf.zeros([0], tf.float64), trainable=False, name=k,
                                            shape=tf.TensorShape([None])) for k in history}
        checkpoint = tf.train.Checkpoint(done=self._done, **objects, **{
            f"history_{k}": v for k, v in self._history.items()})
        self.directory = os.fspath(directory)
        chief = is_chief(strategy)
        write_dir = self.directory if chief else tempfile.mkdtemp(prefix="ckpt_worker_")
        self._manager = tf.train.CheckpointManager(checkpoint, write_dir, max_to_keep=2)
        self._npz = os.path.join(self.directory, "history.npz") if chief else None
        latest = tf.train.latest_checkpoint(self.directory)  # every worker restores the chief's
        if latest:
            checkpoint.restore(latest).assert_existing_objects_matched().expect_partial()
        self.done = int(self._done.numpy())
        self.history = {k: v.numpy().tolist() for k, v in self._history.items()}

    def maybe_save(self, done: int, history: dict) -> bool:
        """After ``done`` steps, save if ``done`` is a multiple of ``every`` or the last step."""
        if done % self.every and done != self.total:
            return False
        for key, var in self._history.items():
            var.assign(np.asarray(history[key][:done], np.float64))
        self._done.assign(done)
        self._manager.save(checkpoint_number=done)
        if self._npz:  # the history, readable without TensorFlow
            np.savez(self._npz, **{k: np.asarray(v[:done]) for k, v in history.items()})
        return True
