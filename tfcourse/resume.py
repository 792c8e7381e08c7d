"""Resuming `tfcourse.train` after a crash: the backup, the history, and the callbacks' memory.

`tfcourse.backup.Backup` restores weights, optimizer, epoch and the best model's state; this
module restores the rest: the history (each epoch's metrics go to ``history_<phase>.jsonl``
*before* the backup, extra lines are trimmed on resume) and early stopping's memory (best value,
its epoch, the wait, the best weights). The backup is deleted when a phase ends normally, so
running the script again starts afresh.
"""

from __future__ import annotations

import json
import os

import keras
import numpy as np

from tfcourse import backup


def backup_dir(out_dir: str, phase: str) -> str:
    """Where `tfcourse.backup.Backup` keeps the phase's backup."""
    return os.path.join(out_dir, f"backup_{phase}")


def _history_path(out_dir: str, phase: str) -> str:
    return os.path.join(out_dir, f"history_{phase}.jsonl")


def completed_epochs(out_dir: str, phase: str) -> int | None:
    """Epochs the backup says were completed (absolute count), or None with no backup."""
    return backup.completed_epochs(backup_dir(out_dir, phase))


def prior_history(out_dir: str, phase: str) -> dict[str, list[float]]:
    """The metrics of the epochs a resumed phase already completed ({} for a fresh start).

    A fresh run removes an old log; a resumed one drops the lines beyond the backed-up epoch.
    """
    path = _history_path(out_dir, phase)
    done = completed_epochs(out_dir, phase)
    if done is None:
        if os.path.exists(path):
            os.remove(path)
        return {}
    rows = []
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:  # a line cut short by the crash
                    break
    rows = [r for r in rows if r["epoch"] < done]
    with open(path, "w") as f:
        f.writelines(json.dumps(r) + "\n" for r in rows)
    history: dict[str, list[float]] = {}
    for row in rows:
        for key, value in row.items():
            if key != "epoch":
                history.setdefault(key, []).append(value)
    return history


class HistoryLog(keras.callbacks.Callback):
    """Append each finished epoch's metrics as one JSON line, flushed to disk at once."""

    def __init__(self, out_dir: str, phase: str):
        super().__init__()
        self.path = _history_path(out_dir, phase)

    def on_epoch_end(self, epoch, logs=None):
        row = {"epoch": int(epoch), **{k: float(v) for k, v in (logs or {}).items()}}
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        with open(self.path, "a") as f:
            f.write(json.dumps(row) + "\n")
            f.flush()
            os.fsync(f.fileno())


class ResumableEarlyStopping(keras.callbacks.EarlyStopping):
    """`EarlyStopping` that, after a restart, remembers the best epoch and weights before it.

    Args:
        prior: The monitored values of the epochs completed before the restart.
        first_epoch: The absolute epoch number of ``prior[0]``.
        best_model: The run's `tfcourse.backup.BestModel` (restored from the backup), or None.
        **kwargs: `keras.callbacks.EarlyStopping` arguments.
    """

    def __init__(self, *, prior=(), first_epoch: int = 0, best_model=None, **kwargs):
        super().__init__(**kwargs)
        self.prior = [float(v) for v in prior]
        self.first_epoch = first_epoch
        self.best_model = best_model

    def on_train_begin(self, logs=None):
        super().on_train_begin(logs)
        if not self.prior:
            return
        if self.monitor_op is None:
            self._set_monitor_op()
        best = self.prior[0]
        best_i = 0
        for i, value in enumerate(self.prior):
            if self._is_improvement(value, best) or i == 0:
                best, best_i = value, i
        self.best = best
        self.best_epoch = self.first_epoch + best_i
        self.wait = len(self.prior) - 1 - best_i
        if self.restore_best_weights and self.best_model and self.best_model.weights:
            self.best_weights = list(self.best_model.weights)


def best_so_far(prior: dict, monitor: str) -> float | None:
    """The lowest value of ``monitor`` among completed epochs, or None."""
    values = prior.get(monitor)
    return float(np.min(values)) if values else None
