"""The core model builders: shapes, parameter counts worked out by hand, training under every
strategy, ``.keras`` round trips, augmentation only while training, and Keras-style errors.

Data is tiny and synthetic (64 examples whose class sets their brightness), so the whole file
runs in well under two minutes on two CPU cores.
"""

import dataclasses
import doctest
import importlib
import math
import subprocess
import sys
from typing import Callable

import keras
import numpy as np
import pytest

from tfcourse.distribute import get_strategy
from tfcourse.models import (
    augmentation_block,
    build_cnn,
    build_forecaster,
    build_lenet,
    build_mlp,
    build_rnn,
)

K = 3  # classes in the synthetic tasks


# ----------------------------------------------------------------------------- hand formulas


def mlp_params(input_shape, k, hidden, batch_norm=False):
    n, total = math.prod(input_shape), 0
    for u in hidden:  # weights, bias (none with batch norm), batch norm's γ β mean var
        total += n * u + (4 * u if batch_norm else u)
        n = u
    return total + n * k + k


def cnn_params(channels, k, filters, batch_norm=True):
    c, total = channels, 0
    for f in filters:  # two 3×3 convolutions per block
        for c_in in (c, f):
            total += 9 * c_in * f + (4 * f if batch_norm else f)
        c = f
    return total + c * k + k


def rnn_params(cell, features, units, num_layers=1, bidirectional=False):
    # gates per cell: LSTM 4, GRU 3 (Keras' reset_after=True gives GRU two biases), SimpleRNN 1
    gates, biases = {"lstm": (4, 1), "gru": (3, 2), "simple": (1, 1)}[cell]
    total, n, d = 0, features, 2 if bidirectional else 1
    for _ in range(num_layers):
        total += d * gates * (n * units + units * units + biases * units)
        n = d * units  # the next layer reads both directions' states
    return total


# ----------------------------------------------------------------------------- synthetic data


def brightness_task(shape, k=K, n=64, seed=0):
    """Class c has mean brightness (c + 0.5) / k plus noise: learnable by any of the models."""
    rng = np.random.default_rng(seed)
    y = np.arange(n) % k
    x = (y.reshape(-1, *[1] * len(shape)) + rng.random((n, *shape))) / k
    return x.astype("float32"), y


def sine_task(window, horizon, n=64, seed=0):
    """Windows of a sine wave; the target is the next ``horizon`` values."""
    t0 = np.random.default_rng(seed).uniform(0, 2 * np.pi, (n, 1))
    t = t0 + 0.3 * np.arange(window + horizon)  # (n, window + horizon)
    wave = np.sin(t).astype("float32")
    return wave[:, :window, None], wave[:, window:]  # (n, window, 1), (n, horizon)


@dataclasses.dataclass
class Case:
    build: Callable[[], keras.Model]
    data: Callable[[], tuple]
    params: int
    out: int = K
    loss: str = "sparse_categorical_crossentropy"


# one case per builder, each with its options switched on: trained under every strategy
CASES = {
    "mlp": Case(
        lambda: build_mlp((8, 8, 1), K, hidden_units=(16, 8), dropout=0.2, batch_norm=True),
        lambda: brightness_task((8, 8, 1)), mlp_params((8, 8, 1), K, (16, 8), batch_norm=True)),
    "lenet": Case(lambda: build_lenet(), lambda: brightness_task((28, 28, 1), k=10),
                  61_706, out=10),
    "cnn": Case(lambda: build_cnn((16, 16, 3), K, filters=(8, 16), augment=True),
                lambda: brightness_task((16, 16, 3)), cnn_params(3, K, (8, 16))),
    "rnn": Case(
        lambda: build_rnn((10, 4, 1), K, cell="lstm", units=8, num_layers=2,
                          bidirectional=True, dropout=0.1),
        lambda: brightness_task((10, 4, 1)),
        rnn_params("lstm", 4, 8, num_layers=2, bidirectional=True) + 16 * K + K),
    "forecaster": Case(lambda: build_forecaster(12, horizon=3, cell="gru", units=8),
                       lambda: sine_task(12, 3), rnn_params("gru", 1, 8) + 8 * 3 + 3,
                       out=3, loss="mse"),
}

# the other settings: checked by hand formula and round trip, without training
VARIANTS = {
    "mlp_plain": Case(lambda: build_mlp((6,), K, hidden_units=(16,)),
                      lambda: brightness_task((6,)), mlp_params((6,), K, (16,))),
    "cnn_plain": Case(lambda: build_cnn((8, 8, 1), K, filters=(4,), dropout=0.0,
                                        batch_norm=False),
                      lambda: brightness_task((8, 8, 1)), cnn_params(1, K, (4,), False)),
    "rnn_gru": Case(lambda: build_rnn((10, 4), K, cell="gru", units=8),
                    lambda: brightness_task((10, 4)), rnn_params("gru", 4, 8) + 8 * K + K),
    "rnn_simple_bi": Case(lambda: build_rnn((10, 4), K, cell="simple", units=8,
                                            bidirectional=True),
                          lambda: brightness_task((10, 4)),
                          rnn_params("simple", 4, 8, bidirectional=True) + 16 * K + K),
    "forecaster_lstm": Case(lambda: build_forecaster(12, num_features=2, horizon=4),
                            lambda: (np.random.rand(8, 12, 2).astype("float32"), None),
                            rnn_params("lstm", 2, 32) + 32 * 4 + 4, out=4, loss="mse"),
}


def round_trip(model, x, tmp_path):
    """Predictions of ``model`` and of its ``.keras`` copy, loaded with ``safe_mode=True``."""
    path = tmp_path / "m.keras"
    model.save(path)
    loaded = keras.saving.load_model(path, safe_mode=True)
    return model.predict(x, verbose=0), loaded.predict(x, verbose=0)


# ----------------------------------------------------------------------------- every builder


@pytest.mark.parametrize("name", [*CASES, *VARIANTS])
def test_output_shape_and_parameter_count(name):
    case = {**CASES, **VARIANTS}[name]
    model = case.build()
    x, _ = case.data()
    assert model.count_params() == case.params
    assert model(x[:5]).shape == (5, case.out)


@pytest.mark.parametrize("name", CASES)
def test_trains_under_strategy_and_round_trips(name, strategy, tmp_path):
    case = CASES[name]
    keras.utils.set_random_seed(0)
    x, y = case.data()
    with strategy.scope():
        model = case.build()
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss=case.loss)
    assert model.count_params() == case.params

    history = model.fit(x, y, batch_size=16, epochs=5, verbose=0)
    losses = history.history["loss"]
    assert losses[-1] < losses[0], losses

    # predict() splits the batch over the replicas; the saved copy runs on one device
    predictions, reloaded = round_trip(model, x, tmp_path)
    assert predictions.shape == (len(x), case.out)
    if case.loss != "mse":
        np.testing.assert_allclose(predictions.sum(axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(reloaded, predictions, atol=1e-6)


@pytest.mark.parametrize("name", VARIANTS)
def test_variants_round_trip(name, tmp_path):
    case = VARIANTS[name]
    x, _ = case.data()
    predictions, reloaded = round_trip(case.build(), x, tmp_path)
    np.testing.assert_allclose(reloaded, predictions, atol=1e-6)


def test_two_replicas_train_the_same_model_as_one(two_replicas):
    # same seed, same global batch: the mean of the two half-batch gradients is the gradient
    # of the whole batch, so one replica and two take the same steps
    x, y = brightness_task((8, 8, 1))
    runs = []
    for strategy in (get_strategy("cpu"), two_replicas):
        keras.utils.set_random_seed(0)
        with strategy.scope():
            model = build_mlp((8, 8, 1), K, hidden_units=(16, 8))
            model.compile(optimizer=keras.optimizers.Adam(1e-2),
                          loss="sparse_categorical_crossentropy")
        history = model.fit(x, y, batch_size=16, epochs=3, shuffle=False, verbose=0)
        runs.append((history.history["loss"], model.get_weights()))
    (loss_1, weights_1), (loss_2, weights_2) = runs
    np.testing.assert_allclose(loss_2, loss_1, rtol=1e-5)
    for w_1, w_2 in zip(weights_1, weights_2):
        np.testing.assert_allclose(w_2, w_1, atol=1e-5)


# ----------------------------------------------------------------------------- one builder each


def test_lenet_layer_by_layer():
    model = build_lenet()
    shapes = {layer.name: layer.output.shape[1:] for layer in model.layers[1:]}
    assert shapes == {"conv1": (28, 28, 6), "pool1": (14, 14, 6), "conv2": (10, 10, 16),
                      "pool2": (5, 5, 16), "flatten": (400,), "fc1": (120,), "fc2": (84,),
                      "predictions": (10,)}
    counts = [layer.count_params() for layer in model.layers]
    assert counts == [0, 156, 0, 2_416, 0, 0, 48_120, 10_164, 850]
    assert build_lenet((12, 12, 1)).get_layer("flatten").output.shape == (None, 16)


def test_logits_head_is_the_softmax_head_before_softmax():
    x, _ = brightness_task((8, 8, 1))
    probs = build_mlp((8, 8, 1), K, hidden_units=(16,), batch_norm=True)
    logits = build_mlp((8, 8, 1), K, hidden_units=(16,), batch_norm=True,
                       classifier_activation=None)
    logits.set_weights(probs.get_weights())
    np.testing.assert_allclose(keras.ops.softmax(logits(x)), probs(x), atol=1e-6)


def test_mlp_without_hidden_layers_is_softmax_regression():
    model = build_mlp((8, 8), 10, hidden_units=())
    assert [layer.name for layer in model.layers] == ["input", "flatten", "predictions"]
    assert model.count_params() == 64 * 10 + 10


def test_rnn_reads_images_row_by_row_with_or_without_a_channel_axis():
    x, _ = brightness_task((28, 28, 1), n=4)
    rows = build_rnn((28, 28), 10, cell="gru", units=16)
    channel = build_rnn((28, 28, 1), 10, cell="gru", units=16)
    assert channel.count_params() == rows.count_params() == rnn_params("gru", 28, 16) + 170
    channel.set_weights(rows.get_weights())
    np.testing.assert_allclose(channel(x), rows(x[..., 0]), atol=1e-6)


def test_forecaster_is_linear_and_multi_feature():
    model = build_forecaster(30, num_features=3, horizon=7, cell="simple", units=4)
    assert model.input_shape == (None, 30, 3) and model.output_shape == (None, 7)
    assert model.get_layer("forecast").activation is keras.activations.linear


# ----------------------------------------------------------------------------- augmentation


def test_augmentation_only_while_training():
    x, _ = brightness_task((16, 16, 3), n=8)
    block = augmentation_block((16, 16, 3), seed=0)
    np.testing.assert_array_equal(block(x, training=False), x)
    assert not np.allclose(block(x, training=True), x)
    # the same seed gives the same transforms: a run can be repeated
    np.testing.assert_array_equal(augmentation_block((16, 16, 3), seed=0)(x, training=True),
                                  augmentation_block((16, 16, 3), seed=0)(x, training=True))


def test_augmented_cnn_is_deterministic_at_inference():
    x, _ = brightness_task((16, 16, 1), n=8)
    model = build_cnn((16, 16, 1), K, filters=(8,), augment={"flip": None, "seed": 1})
    block = model.get_layer("augment")
    assert [layer.name for layer in block.layers] == ["rotate", "zoom", "translate"]
    assert not np.allclose(block(x, training=True), x)
    np.testing.assert_array_equal(model(x, training=False), model(x, training=False))
    np.testing.assert_array_equal(model.predict(x, verbose=0), model.predict(x, verbose=0))


def test_augmentation_can_be_trimmed_to_one_transform():
    block = augmentation_block((8, 8, 1), flip=None, rotation=0, zoom=0, translation=0.2)
    assert [layer.name for layer in block.layers] == ["translate"]


def _transforms(model):
    """(Keras class, strength, seed) of each transform in ``model``'s augment block."""
    if "augment" not in [layer.name for layer in model.layers]:
        return []
    found = []
    for layer in model.get_layer("augment").layers:
        c = layer.get_config()
        strength = {"RandomFlip": c.get("mode"), "RandomRotation": tuple(c.get("factor", ())),
                    "RandomZoom": c.get("height_factor"),
                    "RandomTranslation": (c.get("height_factor"), c.get("width_factor"))}
        found.append((type(layer).__name__, strength[type(layer).__name__], c["seed"]))
    return found


DEFAULT_TRANSFORMS = [("RandomFlip", "horizontal", None), ("RandomRotation", (-0.1, 0.1), None),
                      ("RandomZoom", 0.1, None), ("RandomTranslation", (0.1, 0.1), None)]


@pytest.mark.parametrize("augment, expected", [
    (None, []),
    (False, []),
    (True, DEFAULT_TRANSFORMS),
    ({}, DEFAULT_TRANSFORMS),
    # seed 3: one stream per layer, seed + its position (flip 0, rotate 1, zoom 2, translate 3)
    ({"flip": None, "rotation": 0.2, "seed": 3},
     [("RandomRotation", (-0.2, 0.2), 4), ("RandomZoom", 0.1, 5),
      ("RandomTranslation", (0.1, 0.1), 6)]),
    ({"flip": "vertical", "rotation": 0, "zoom": 0, "translation": 0.3},
     [("RandomFlip", "vertical", None), ("RandomTranslation", (0.3, 0.3), None)]),
], ids=["None", "False", "True", "empty-dict", "digits", "flip-and-shift"])
def test_cnn_and_transfer_read_augment_the_same_way(augment, expected):
    from tfcourse.models import build_transfer

    cnn = build_cnn((32, 32, 3), K, filters=(8,), augment=augment)
    transfer = build_transfer("mobilenet_v2", (32, 32, 3), K, weights=None, augment=augment)
    assert _transforms(cnn) == expected
    assert _transforms(transfer) == expected


@pytest.mark.parametrize("augment, match", [
    ("yes", r"`augment`: expected True, False, None, or a dict with keys from \('flip', "
            r"'rotation', 'zoom', 'translation', 'seed'\).*Received: augment='yes'"),
    ({"shear": 0.2}, r"`augment`: .*unknown option\(s\) \['shear'\]\. "
                     r"Received: augment=\{'shear': 0.2\}"),
    ({"rotation": 1.5}, r"`rotation`: expected a number in \[0, 1\)\. Received: rotation=1.5"),
])
def test_cnn_and_transfer_reject_a_bad_augment_alike(augment, match):
    from tfcourse.models import build_transfer

    with pytest.raises(ValueError, match=match) as cnn_error:
        build_cnn((32, 32, 3), K, filters=(8,), augment=augment)
    with pytest.raises(ValueError, match=match) as transfer_error:
        build_transfer("mobilenet_v2", (32, 32, 3), K, weights=None, augment=augment)
    assert str(cnn_error.value) == str(transfer_error.value)


# ----------------------------------------------------------------------------- errors


BAD_ARGUMENTS = {
    "mlp_num_classes": (lambda: build_mlp((4,), 1), r"`num_classes`.*>= 2.*num_classes=1"),
    "mlp_dropout": (lambda: build_mlp((4,), 2, dropout=1.5), r"`dropout`.*\[0, 1\).*dropout=1.5"),
    "mlp_hidden_units": (lambda: build_mlp((4,), 2, hidden_units=0), r"hidden_units=0"),
    "mlp_hidden_zero": (lambda: build_mlp((4,), 2, hidden_units=(8, 0)), r"`hidden_units`"),
    "mlp_activation": (lambda: build_mlp((4,), 2, activation="relux"),
                       r"Keras activation.*activation='relux'"),
    "mlp_input_shape": (lambda: build_mlp((0, 4), 2), r"`input_shape`.*input_shape=\(0, 4\)"),
    "mlp_batch_norm": (lambda: build_mlp((4,), 2, batch_norm="yes"), r"True or False"),
    "lenet_too_small": (lambda: build_lenet((8, 8, 1)), r"at least 12×12.*input_shape=\(8, 8, 1\)"),
    "lenet_rank": (lambda: build_lenet((28, 28)), r"\(height, width, channels\)"),
    "lenet_num_classes": (lambda: build_lenet(num_classes=1), r"num_classes=1"),
    "lenet_classifier": (lambda: build_lenet(classifier_activation="soft"),
                         r"`classifier_activation`.*or None"),
    "cnn_filters": (lambda: build_cnn((16, 16, 1), 2, filters=()), r"`filters`.*filters=\(\)"),
    "cnn_too_small": (lambda: build_cnn((4, 4, 1), 2, filters=(8, 8, 8)),
                      r"at least 8×8 pixels \(3 block\(s\).*input_shape=\(4, 4, 1\)"),
    "cnn_dropout": (lambda: build_cnn((8, 8, 1), 2, dropout=1.5), r"dropout=1.5"),
    "cnn_augment": (lambda: build_cnn((8, 8, 1), 2, augment="yes"), r"`augment`.*'flip'"),
    "cnn_augment_key": (lambda: build_cnn((8, 8, 1), 2, augment={"flips": None}),
                        r"augment=\{'flips': None\}"),
    "augment_flip": (lambda: augmentation_block((8, 8, 1), flip="diagonal"),
                     r"`flip`.*'horizontal'.*flip='diagonal'"),
    "augment_rate": (lambda: augmentation_block((8, 8, 1), rotation=1.0), r"rotation=1.0"),
    "augment_nothing": (lambda: augmentation_block((8, 8, 1), flip=None, rotation=0, zoom=0,
                                                   translation=0), r"at least one transform"),
    "augment_seed": (lambda: augmentation_block((8, 8, 1), seed=-1), r"seed=-1"),
    "rnn_cell": (lambda: build_rnn((5, 2), 2, cell="transformer"),
                 r"\('lstm', 'gru', 'simple'\).*cell='transformer'"),
    "rnn_units": (lambda: build_rnn((5, 2), 2, units=0), r"`units`.*positive integer.*units=0"),
    "rnn_layers": (lambda: build_rnn((5, 2), 2, num_layers=0), r"num_layers=0"),
    "rnn_dropout": (lambda: build_rnn((5, 2), 2, dropout=1.5), r"dropout=1.5"),
    "rnn_num_classes": (lambda: build_rnn((5, 2), 1), r"num_classes=1"),
    "rnn_channels": (lambda: build_rnn((28, 28, 3), 10), r"single channel.*\(28, 28, 3\)"),
    "rnn_rank": (lambda: build_rnn((28,), 10), r"\(timesteps, features\)"),
    "forecaster_window": (lambda: build_forecaster(0), r"`window`.*window=0"),
    "forecaster_units": (lambda: build_forecaster(8, units=0), r"units=0"),
    "forecaster_horizon": (lambda: build_forecaster(8, horizon=1.5), r"horizon=1.5"),
    "forecaster_cell": (lambda: build_forecaster(8, cell="LSTM"), r"cell='LSTM'"),
}


@pytest.mark.parametrize("name", BAD_ARGUMENTS)
def test_bad_arguments_raise_keras_style_errors(name):
    build, match = BAD_ARGUMENTS[name]
    with pytest.raises(ValueError, match=match) as e:
        build()
    assert "Received:" in str(e.value)  # the Keras form echoes what came in


# ----------------------------------------------------------------------------- the package


@pytest.mark.parametrize("module", ["tfcourse.models", "tfcourse.models.mlp",
                                    "tfcourse.models.cnn", "tfcourse.models.rnn",
                                    "tfcourse.models.augment"])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0


def test_transfer_and_text_builders_load_lazily():
    code = ("import sys, tfcourse.models as m; "
            "print(sorted(n for n in ('tfcourse.models.transfer', 'tfcourse.models.text') "
            "if n in sys.modules), 'build_transfer' in dir(m))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "[] True"
    import tfcourse.models

    with pytest.raises(AttributeError, match="build_everything"):
        tfcourse.models.build_everything  # noqa: B018
