"""tfcourse.train: builds under the strategy, batches per replica, wires the callbacks."""

import math
import re

import keras
import numpy as np
import pytest

from tfcourse.models import build_mlp
from tfcourse.train import evaluate, train


def _data(m=200, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(m, 6)).astype("float32")
    y = (x[:, 0] + x[:, 1] > 0).astype("int32")  # a learnable rule
    return x, y


class CountBatches(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.batches = 0

    def on_train_batch_end(self, batch, logs=None):
        self.batches += 1


def test_trains_under_strategy_with_global_batch(strategy):
    x, y = _data(200)
    counter = CountBatches()
    r = train(lambda: build_mlp((6,), 2), (x, y), (x[:50], y[:50]), strategy=strategy,
              per_replica_batch_size=16, epochs=4, lr=1e-2, verbose=0, callbacks=[counter])
    # 16 per replica: 200 / (16 × replicas) steps per epoch, the last one partial
    assert counter.batches == math.ceil(200 / (16 * strategy.num_replicas_in_sync))
    assert r.history["loss"][-1] < r.history["loss"][0]
    assert r.epochs == 4 and r.strategy is strategy
    assert evaluate(r, x, y)["accuracy"] > 0.8


def test_early_stopping_restores_best_weights():
    x, y = _data(200)
    noise = np.random.default_rng(1).integers(0, 2, 50)  # labels it cannot learn
    r = train(lambda: build_mlp((6,), 2, hidden_units=(64,)), (x, y), (x[:50], noise),
              epochs=40, lr=3e-2, patience=2, verbose=0)
    assert r.epochs < 40
    # restored weights give the best validation loss seen, not the last one
    val_loss = r.model.evaluate(x[:50], noise, verbose=0, return_dict=True)["loss"]
    assert val_loss == pytest.approx(min(r.history["val_loss"]), rel=1e-4)


def test_out_dir_keeps_best_model_and_logs(tmp_path):
    x, y = _data(100)
    r = train(lambda: build_mlp((6,), 2), (x, y), (x, y), epochs=2, out_dir=str(tmp_path),
              verbose=0)
    best = keras.saving.load_model(tmp_path / "best.keras", safe_mode=True)
    assert best.count_params() == r.model.count_params()
    assert list((tmp_path / "logs" / "train").rglob("events.out.tfevents*"))
    assert not (tmp_path / "backup_train").exists() or not any((tmp_path / "backup_train").iterdir())


def test_nan_loss_stops_training():
    x, _ = _data(100)
    y = np.eye(2, dtype="float32")[(x[:, 0] > 0).astype(int)]
    # plain SGD with a huge step on a regression loss: the loss overflows to inf, then NaN
    r = train(lambda: build_mlp((6,), 2, classifier_activation="linear"), (x * 1e3, y),
              epochs=5, per_replica_batch_size=10, optimizer="sgd", lr=1e3, loss="mse",
              metrics=(), verbose=0)
    assert r.epochs == 1 and not math.isfinite(r.history["loss"][0])


def test_nan_in_data_is_refused_not_trained_on():
    x, y = _data(100)
    x[5, 0] = np.nan  # Keras would clip it away silently and learn nothing
    with pytest.raises(ValueError, match=r"`train_data` holds NaN or infinite values in x "
                                         r"\(first in example 5\)"):
        train(lambda: build_mlp((6,), 2), (x, y), verbose=0)


def test_an_unbatched_dataset_trains_as_its_arrays_do(strategy):
    """The oracle: the same examples as arrays (same pipeline, same seed) give the same losses."""
    import tensorflow as tf

    x, y = _data(60)
    kw = dict(strategy=strategy, epochs=2, per_replica_batch_size=8, verbose=0, seed=4)
    on_dataset = train(lambda: build_mlp((6,), 2), tf.data.Dataset.from_tensor_slices((x, y)),
                       tf.data.Dataset.from_tensor_slices((x[:20], y[:20])), **kw)
    on_arrays = train(lambda: build_mlp((6,), 2), (x, y), (x[:20], y[:20]), **kw)
    for key in ("loss", "val_loss"):
        np.testing.assert_allclose(on_dataset.history[key], on_arrays.history[key], rtol=1e-5)


@pytest.mark.parametrize("kwargs, exc, match", [
    ({"epochs": 0}, ValueError, r"`epochs`.*Received: epochs=0"),
    ({"per_replica_batch_size": -1}, ValueError, "Received: per_replica_batch_size=-1"),
    ({"optimizer": "adamm"}, ValueError, r"`optimizer`.*Received: optimizer='adamm'"),
    ({"lr": 0.0}, ValueError, r"`lr`.*Received: lr=0.0"),
    ({"patience": -1}, ValueError, "Received: patience=-1"),
])
def test_bad_arguments_are_named(kwargs, exc, match):
    x, y = _data(16)
    with pytest.raises(exc, match=match):
        train(lambda: build_mlp((6,), 2), (x, y), verbose=0, **kwargs)


def test_build_model_must_be_a_function():
    x, y = _data(16)
    with pytest.raises(TypeError, match=r"`build_model` must be a function.*lambda: model"):
        train(build_mlp((6,), 2), (x, y))
    with pytest.raises(TypeError, match=r"`train_data` must be a pair"):
        train(lambda: build_mlp((6,), 2), x)


def test_small_sets_under_two_replicas(two_replicas):
    # 55 validation texts, global batch 64: Keras 3.15 fails on an uneven first batch (28 + 27)
    from tfcourse.data import for_strategy
    from tfcourse.models import build_text_classifier

    rng = np.random.default_rng(0)
    x, y = rng.integers(1, 50, (128, 12)), rng.integers(0, 2, 128)
    batches = [len(b[0]) for b in for_strategy(x[:55], y[:55], per_replica_batch_size=32,
                                                strategy=two_replicas, training=False)]
    assert batches == [54, 1]  # every example is used once
    r = train(lambda: build_text_classifier(50, 2, sequence_length=12), (x, y), (x[:55], y[:55]),
              strategy=two_replicas, per_replica_batch_size=32, epochs=1, verbose=0)
    assert np.isfinite(r.history["val_loss"][0])
    # the same through unbatched tf.data datasets (the TFDS path)
    import tensorflow as tf

    ds = lambda a, b: tf.data.Dataset.from_tensor_slices((a, b))
    r = train(lambda: build_text_classifier(50, 2, sequence_length=12), ds(x, y),
              ds(x[:55], y[:55]), strategy=two_replicas, per_replica_batch_size=32, epochs=1,
              verbose=0)
    assert np.isfinite(r.history["val_loss"][0])


def test_progress_bar_counts_the_steps_that_ran(two_replicas, capsys):
    """20 steps an epoch at 32 steps per call: Keras alone shows 32/20 and a negative ETA."""
    x = np.random.default_rng(0).random((640, 4)).astype("float32")  # 640 / (16 × 2) = 20 steps
    y = (x.sum(axis=1) > 2).astype("int32")
    train(lambda: build_mlp((4,), 2), (x, y), strategy=two_replicas, per_replica_batch_size=16,
          epochs=1, verbose=1)
    counts = re.findall(r"(\d+)/(\d+)", capsys.readouterr().out)
    assert counts and all(int(done) <= int(total) == 20 for done, total in counts), counts


def test_retracing_warning_hidden_for_kerass_models_only():
    """Keras' new train function per model is no retracing; a user's real retracing still warns."""
    import io
    import logging

    import tensorflow as tf

    buffer = io.StringIO()
    handler = logging.StreamHandler(buffer)
    tf.get_logger().addHandler(handler)
    try:
        x, y = _data(64)
        for _ in range(6):  # six models in a row: TensorFlow would warn about Keras' traces
            train(lambda: build_mlp((6,), 2), (x, y), (x, y), epochs=1, verbose=0)
        assert "retracing" not in buffer.getvalue()

        @tf.function
        def double(v):
            return v * 2

        for i in range(8):  # a new Python float each call: a real retrace each time
            double(float(i))
        assert "triggered tf.function retracing" in buffer.getvalue()
    finally:
        tf.get_logger().removeHandler(handler)


def test_global_batch_is_split_over_the_replicas(two_replicas):
    """global_batch_size=32 on 2 replicas: 16 each, the steps of one device at batch 32."""
    x, y = _data(200)
    counter = CountBatches()
    r = train(lambda: build_mlp((6,), 2), (x, y), strategy=two_replicas, global_batch_size=32,
              epochs=1, verbose=0, callbacks=[counter])
    assert r.per_replica_batch_size == 16 and counter.batches == math.ceil(200 / 32)
    odd = train(lambda: build_mlp((6,), 2), (x, y), strategy=two_replicas, global_batch_size=33,
                epochs=1, verbose=0)
    assert odd.per_replica_batch_size == 17  # rounded up


@pytest.mark.parametrize("kwargs, match", [
    (dict(per_replica_batch_size=16, global_batch_size=32), r"one of `per_replica_batch_size` "
                                                            r"and `global_batch_size`, not both"),
    (dict(global_batch_size=0), r"`global_batch_size`: expected None or a positive integer. "
                                r"Received: global_batch_size=0"),
])
def test_batch_size_arguments_are_checked(kwargs, match):
    x, y = _data(20)
    with pytest.raises(ValueError, match=match):
        train(lambda: build_mlp((6,), 2), (x, y), epochs=1, verbose=0, **kwargs)
