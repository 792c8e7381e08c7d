"""The callbacks `tfcourse.train` wires around ``fit`` (`phase_callbacks`), and its progress bar."""

from __future__ import annotations

import logging
import os

import keras
import tensorflow as tf

_BATCH_HOOKS = ("on_batch_begin", "on_batch_end", "on_train_batch_begin", "on_train_batch_end",
                "on_test_batch_begin", "on_test_batch_end")


class _KerasFirstTraceFilter(logging.Filter):
    """Drop TensorFlow's retracing warning about Keras' train functions (one new, once-traced
    `tf.function` per model is no retracing); warnings about your own functions still show."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not ("triggered tf.function retracing" in message
                    and "TensorFlowTrainer." in message)


if not any(isinstance(f, _KerasFirstTraceFilter) for f in tf.get_logger().filters):
    tf.get_logger().addFilter(_KerasFirstTraceFilter())


class StepProgbar(keras.callbacks.ProgbarLogger):
    """Keras' progress bar, capped at the epoch's steps (with several steps per call Keras
    counts each call as full: ``32/20`` and a negative time left)."""

    def on_train_batch_end(self, batch, logs=None):
        super().on_train_batch_end(batch if self.target is None else min(batch, self.target - 1),
                                   logs)


def watches_batches(callback) -> bool:
    """Whether a Keras callback overrides a per-batch hook (``on_train_batch_end`` and the like)."""
    base = keras.callbacks.Callback
    return any(getattr(type(callback), hook, None) is not getattr(base, hook)
               for hook in _BATCH_HOOKS)


def phase_callbacks(out_dir, *, monitor, patience, phase, extra, prior, first_epoch, verbose,
                    workers=1):
    """The callbacks of one training phase (``"train"`` or ``"fine_tune"``), then ``extra``.

    With ``out_dir``, a `tfcourse.backup.Backup` among them: restore it before ``fit``.
    """
    from tfcourse import resume
    from tfcourse.backup import BEST_MODEL_SECONDS, Backup, BestModel

    best = None
    if out_dir is not None:  # across workers, every better epoch: the same files on each
        best = BestModel(os.path.join(out_dir, "best.keras"), monitor=monitor,
                         threshold=resume.best_so_far(prior, monitor),
                         interval=BEST_MODEL_SECONDS if workers == 1 else 0)
    callbacks = [keras.callbacks.TerminateOnNaN()]
    if verbose != 0 and not any(isinstance(c, keras.callbacks.ProgbarLogger) for c in extra):
        callbacks.append(StepProgbar())
    if patience is not None:
        callbacks.append(resume.ResumableEarlyStopping(
            monitor=monitor, patience=patience, restore_best_weights=True,
            prior=prior.get(monitor, ()), first_epoch=first_epoch, best_model=best))
    if out_dir is not None:
        callbacks += [
            # the history line first, then the backup: a crash between them leaves an extra
            # line (trimmed on resume), never a missing one
            resume.HistoryLog(out_dir, phase),
            best,  # before the backup, which keeps its state
            # an interrupted run restarts from its last completed epoch (deleted when fit ends)
            Backup(resume.backup_dir(out_dir, phase), best),
            keras.callbacks.TensorBoard(os.path.join(out_dir, "logs", phase)),
        ]
    return callbacks + list(extra)
