"""tfcourse.backup: the fast backup restores every variable; the best model reaches the disk."""

import keras
import numpy as np
import pytest

from tfcourse.backup import Backup, BestModel, completed_epochs
from tfcourse.models import build_mlp
from tfcourse.train import train

RNG = np.random.default_rng(0)
X, Y = RNG.random((128, 4), dtype=np.float32), RNG.integers(0, 2, 128)


def compiled(seed=0, **kwargs):
    keras.utils.set_random_seed(seed)
    model = build_mlp((4,), 2, **kwargs)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def test_restore_gives_back_every_variable_of_model_and_optimizer(tmp_path):
    model = compiled(dropout=0.3, batch_norm=True)  # moving statistics and a seed state too
    model.fit(X, Y, epochs=2, verbose=0)
    backup = Backup(str(tmp_path / "b"))
    backup.set_model(model)
    backup.on_epoch_end(1)
    assert completed_epochs(str(tmp_path / "b")) == 2
    saved = [v.numpy() for v in model.variables + model.optimizer.variables]

    fresh = compiled(seed=1, dropout=0.3, batch_norm=True)  # other initial weights
    assert Backup(str(tmp_path / "b")).restore(fresh) == 2
    restored = [v.numpy() for v in fresh.variables + fresh.optimizer.variables]
    assert len(restored) == len(saved) and int(fresh.optimizer.iterations) == 8
    for a, b in zip(saved, restored):
        np.testing.assert_array_equal(a, b)
    backup.on_train_end()
    assert not (tmp_path / "b").exists() and completed_epochs(str(tmp_path / "b")) is None


def test_a_backup_of_another_model_is_refused_with_the_folder_named(tmp_path):
    backup = Backup(str(tmp_path / "b"))
    backup.set_model(compiled())
    backup.on_epoch_end(0)
    other = compiled(hidden_units=(8,))
    with pytest.raises(ValueError, match=r"backup in .*b was made by a different model.*Delete"):
        backup.restore(other)


class _Recorder(keras.callbacks.Callback):
    """Each epoch's loss and weights; stops with Ctrl-C after ``interrupt_after`` epochs."""

    def __init__(self, interrupt_after=None):
        super().__init__()
        self.losses, self.weights, self.interrupt_after = [], [], interrupt_after

    def on_epoch_end(self, epoch, logs=None):
        self.losses.append(logs["loss"])
        self.weights.append(self.model.get_weights())
        if self.interrupt_after == epoch + 1:
            raise KeyboardInterrupt


def _assert_file_holds(path, weights):
    for a, b in zip(keras.saving.load_model(path).get_weights(), weights):
        np.testing.assert_array_equal(a, b)


def test_best_model_waits_between_writes_then_writes_the_best_epoch(tmp_path):
    path = str(tmp_path / "best.keras")
    model, rec = compiled(), _Recorder()
    best = BestModel(path, monitor="loss", interval=3600)
    pending = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: rec.__dict__.setdefault("pending", []).append(
            best.pending))
    model.fit(X, Y, epochs=4, verbose=0, callbacks=[best, rec, pending])
    # the first better epoch was written at once, the others waited for the end of training
    improved = [rec.losses[i] < min(rec.losses[:i]) for i in range(1, 4)]
    assert rec.pending == [False] + [any(improved[:i + 1]) for i in range(3)]
    _assert_file_holds(path, rec.weights[int(np.argmin(rec.losses))])
    assert not best.pending and best.best == min(rec.losses)
    np.testing.assert_array_equal(model.get_weights()[0], rec.weights[-1][0])  # untouched


def test_ctrl_c_still_writes_the_best_model_so_far(tmp_path):
    rec = _Recorder(interrupt_after=3)
    with pytest.raises(KeyboardInterrupt):
        train(lambda: build_mlp((4,), 2), (X, Y), epochs=10, lr=3e-3, out_dir=str(tmp_path),
              verbose=0, callbacks=[rec])
    _assert_file_holds(str(tmp_path / "best.keras"), rec.weights[int(np.argmin(rec.losses))])
    assert completed_epochs(str(tmp_path / "backup_train")) == 3  # and it can resume
