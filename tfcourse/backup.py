"""What `tfcourse.train` writes to ``out_dir`` as it trains: the backup and the best model.

Keras' `BackupAndRestore` and `ModelCheckpoint` go through Keras' saving library, which costs
20–45 ms a file on the lesson models: on the MLP lesson's 0.1 s epochs, half the training time
(BENCHMARKS.md, section 10). `Backup` keeps what a resumed run needs (every variable of the
model and its optimizer, the epoch, the best model's state) in one NumPy archive, replaced
atomically after every epoch in a few ms. `BestModel` keeps the best epoch's weights in memory
and writes ``best.keras`` at most every `BEST_MODEL_SECONDS`, when training ends, and when it
is interrupted (`BestModel.flush`).
"""

from __future__ import annotations

import os
import shutil
import time

import keras
import numpy as np

BEST_MODEL_SECONDS = 5.0  # the longest best.keras may lag behind the best epoch while training
_STATE = "state.npz"


def _state_path(folder: str) -> str:
    return os.path.join(folder, _STATE)


def completed_epochs(folder: str) -> int | None:
    """Epochs the backup in ``folder`` says were completed (absolute count), or None."""
    if not os.path.exists(_state_path(folder)):
        return None
    with np.load(_state_path(folder), allow_pickle=False) as state:
        return int(state["epoch"])


class BestModel(keras.callbacks.Callback):
    """Keeps the weights of the epoch with the lowest ``monitor`` and writes them to ``path``.

    Args:
        path: The ``.keras`` file.
        monitor: The logged value to minimise, e.g. ``"val_loss"``.
        threshold: Only a value below it counts as best (a resumed run's best so far), or None.
        interval: Seconds at least between two writes while training. Defaults to
            `BEST_MODEL_SECONDS`; 0 writes every better epoch.
    """

    def __init__(self, path: str, *, monitor: str, threshold: float | None = None,
                 interval: float = BEST_MODEL_SECONDS):
        super().__init__()
        self.path, self.monitor, self.interval = path, monitor, interval
        self.best = np.inf if threshold is None else float(threshold)
        self.weights, self.pending, self._written_at = None, False, -np.inf

    def on_epoch_end(self, epoch, logs=None):
        value = (logs or {}).get(self.monitor)
        if value is None or not float(value) < self.best:  # NaN is never best
            return
        self.best, self.weights, self.pending = float(value), self.model.get_weights(), True
        if time.monotonic() - self._written_at >= self.interval:
            self._write()

    def on_train_end(self, logs=None):
        self.flush()

    def flush(self) -> None:
        """Write the best weights to ``path`` now, if the file does not hold them yet."""
        if not self.pending:
            return
        current = self.model.get_weights()
        self.model.set_weights(self.weights)
        try:
            self._write()
        finally:
            self.model.set_weights(current)

    def _write(self) -> None:
        partial = self.path[:-len(".keras")] + ".partial.keras"
        self.model.save(partial, overwrite=True)
        os.replace(partial, self.path)  # a crash mid-write leaves the last complete file
        self.pending, self._written_at = False, time.monotonic()


def _pack(arrays) -> dict[str, np.ndarray]:
    """``arrays`` as one flat array per dtype plus their dtypes and shapes: a few archive
    members instead of one per variable (2.5× faster to write for LeNet)."""
    flat: dict[str, list] = {}
    for a in arrays:
        flat.setdefault(f"flat_{a.dtype.name}", []).append(a.ravel())
    return {"dtypes": np.array([a.dtype.name for a in arrays]),
            "ndims": np.array([a.ndim for a in arrays], dtype=np.int64),
            "dims": np.array([d for a in arrays for d in a.shape], dtype=np.int64),
            **{k: np.concatenate(v) for k, v in flat.items()}}


def _unpack(state) -> list[np.ndarray]:
    """The arrays `_pack` packed, in order."""
    offsets, dims, arrays = {}, iter(state["dims"].tolist()), []
    for dtype, ndim in zip(state["dtypes"].tolist(), state["ndims"].tolist()):
        shape = tuple(next(dims) for _ in range(ndim))
        start, size = offsets.get(dtype, 0), int(np.prod(shape))
        arrays.append(state[f"flat_{dtype}"][start:start + size].reshape(shape))
        offsets[dtype] = start + size
    return arrays


class Backup(keras.callbacks.Callback):
    """After every epoch, what a resumed run needs, in ``folder`` (deleted when training ends).

    Args:
        folder: The backup's folder.
        best: The run's `BestModel`, whose state is backed up too, or None.
    """

    def __init__(self, folder: str, best: BestModel | None = None):
        super().__init__()
        self.folder, self.best = folder, best

    def on_epoch_end(self, epoch, logs=None):
        arrays = [v.numpy() for v in self.model.variables + self.model.optimizer.variables]
        best = self.best if self.best is not None and self.best.weights is not None else None
        os.makedirs(self.folder, exist_ok=True)
        partial = os.path.join(self.folder, "partial.npz")
        np.savez(partial, epoch=epoch + 1, counts=[len(arrays), len(best.weights) if best else 0],
                 best_value=best.best if best else np.inf, best_pending=bool(best and best.pending),
                 **_pack(arrays + (best.weights if best else [])))
        os.replace(partial, _state_path(self.folder))  # a crash mid-write keeps the last one

    def on_train_end(self, logs=None):
        shutil.rmtree(self.folder, ignore_errors=True)

    def restore(self, model: keras.Model) -> int | None:
        """Load the backup into ``model`` (compiled) and the `BestModel`: the epochs it had
        completed, or None when there is no backup. Call it in the strategy's scope.

        Raises:
            ValueError: If the backup was made by a different model.
        """
        if not os.path.exists(_state_path(self.folder)):
            return None
        if not model.optimizer.built:
            model.optimizer.build(model.trainable_variables)
        variables = model.variables + model.optimizer.variables
        with np.load(_state_path(self.folder), allow_pickle=False) as state:
            arrays, (n, n_best) = _unpack(state), state["counts"].tolist()
            if n != len(variables) or any(v.shape != a.shape for v, a in zip(variables, arrays)):
                raise ValueError(
                    f"The backup in {self.folder} was made by a different model ({n} arrays "
                    f"for this model's {len(variables)} variables, or other shapes). Delete "
                    f"that folder to start afresh, or train the model that made it.")
            for variable, array in zip(variables, arrays):
                variable.assign(array)
            if self.best is not None and n_best:
                self.best.best = float(state["best_value"])
                self.best.weights = arrays[n:]
                self.best.pending = bool(state["best_pending"])
            return int(state["epoch"])
