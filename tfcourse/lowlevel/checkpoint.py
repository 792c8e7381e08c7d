"""Checkpoints for the from-scratch GradientTape loops: stop at any step, resume where it stopped.

Keras' ``fit`` has `BackupAndRestore`; a hand-written loop uses TensorFlow's own pieces:
`tf.train.Checkpoint` names what to save (the model's variables, the step counter, the cost
history) and `tf.train.CheckpointManager` writes numbered checkpoints, keeps the last few and
finds the latest one after a restart.

Under `MultiWorkerMirroredStrategy` every worker takes part in saving (the variables are
synchronised collectively), but only the chief writes into the real folder; the others write
into a scratch folder of their own, as TensorFlow's multi-worker tutorial does.

Example:
    >>> import tempfile, tensorflow as tf
    >>> w = tf.Variable(0.0)
    >>> ckpt = TapeCheckpoint(tempfile.mkdtemp(), {"w": w}, steps=10)
    >>> ckpt.start_step, ckpt.losses
    (0, [])
"""

from __future__ import annotations

import os
import tempfile

import numpy as np

from tfcourse import validation as check


def _is_chief(strategy) -> bool:
    resolver = getattr(strategy, "cluster_resolver", None)
    if resolver is None or not resolver.task_type:  # one process: it is the chief
        return True
    return resolver.task_type == "chief" or (
        resolver.task_type == "worker" and resolver.task_id == 0
        and "chief" not in resolver.cluster_spec().as_dict())


class TapeCheckpoint:
    """Save and restore a loop's variables, step counter and per-step costs.

    Args:
        directory: Folder of the checkpoints; an existing checkpoint there is restored.
        variables: Name → `tf.Variable` to save (create them under the strategy scope first).
        steps: Total steps of the loop (a checkpoint is always written after the last).
        every: Save every this many steps (and at the end). Defaults to 100.
        strategy: The strategy the variables live under; the default one if None.

    Attributes:
        start_step: The step to continue from (0 for a fresh run).
        losses: The costs of the steps done before the restart.

    Raises:
        ValueError: If ``every`` is not a positive integer.
    """

    def __init__(self, directory, variables: dict, *, steps: int, every: int = 100,
                 strategy=None):
        import tensorflow as tf

        every = check.positive_int("checkpoint_every", every)
        strategy = strategy or tf.distribute.get_strategy()
        self.every, self.steps = every, steps
        with strategy.scope():
            self._step = tf.Variable(0, dtype=tf.int64, name="step", trainable=False)
            # any length: a finished run can be continued with more steps
            self._costs = tf.Variable(tf.zeros([0]), shape=tf.TensorShape([None]), name="costs",
                                      trainable=False)
        checkpoint = tf.train.Checkpoint(step=self._step, costs=self._costs, **variables)
        directory = os.fspath(directory)
        write_dir = directory if _is_chief(strategy) else tempfile.mkdtemp(prefix="ckpt_worker_")
        self._manager = tf.train.CheckpointManager(checkpoint, write_dir, max_to_keep=2)
        latest = tf.train.latest_checkpoint(directory)  # every worker restores the chief's
        if latest:
            checkpoint.restore(latest).assert_existing_objects_matched().expect_partial()
        self.start_step = int(self._step.numpy())
        self.losses = [float(v) for v in self._costs.numpy()]

    def maybe_save(self, step: int, losses) -> bool:
        """After step ``step`` (0-based) is done, save if it is a save step or the last one."""
        done = step + 1
        if done % self.every and done != self.steps:
            return False
        self._costs.assign(np.asarray(losses[:done], np.float32))
        self._step.assign(done)
        self._manager.save(checkpoint_number=done)
        return True
