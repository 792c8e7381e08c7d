"""Checkpoints for hand-written training loops: save as you go, resume where a run stopped.

Keras' ``fit`` has `BackupAndRestore`; a loop of your own (the GradientTape lessons,
`tfcourse.custom_loop`) uses TensorFlow's pieces: `tf.train.Checkpoint` names what to save,
`tf.train.CheckpointManager` writes numbered checkpoints and finds the latest after a restart.
`LoopCheckpoint` adds the loop's progress (steps or epochs done) and its history, so a resumed
run goes on from there and returns the whole history. Across workers every worker saves (saving
is collective), but only the chief (`tfcourse.multiworker.is_chief`) writes into ``directory``.

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

    Args:
        directory: Folder of the checkpoints; the latest one there is restored.
        objects: Name → what to save: `tf.Variable`s, a `keras.Model`, an optimizer (create
            them under the strategy scope first).
        total: Steps (or epochs) of the whole run; the last one is always saved.
        every: Save after every this many steps. Defaults to 1.
        history: Names of the values recorded once per step. Defaults to ``("loss",)``.
        strategy: The strategy the objects live under; the current one if None.

    Attributes:
        done: Steps completed before this run (0 for a fresh start).
        history: Name → the values of those steps.
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
