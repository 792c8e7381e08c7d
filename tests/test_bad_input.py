"""The inputs users really get wrong, each with the clear message they see (README lists them).

Every case must raise the named exception with a message that names the problem and its fix —
never a deep TensorFlow traceback, never silent training on wrong data.
"""

import numpy as np
import pytest

from tfcourse.distribute import get_strategy
from tfcourse.models import build_cnn, build_mlp, build_transfer
from tfcourse.train import evaluate, train

RNG = np.random.default_rng(0)
X = RNG.random((40, 28, 28, 1), dtype=np.float32)  # (m, 28, 28, 1) pixels in [0, 1]
Y = RNG.integers(0, 10, 40)  # (m,) class ids


def cnn(num_classes=10):
    return lambda: build_cnn((28, 28, 1), num_classes, filters=(4, 8))


def fit(build, x, y, **kw):
    return train(build, (x, y), epochs=1, verbose=0, **kw)


def transfer_on(x):
    build = lambda: build_transfer("mobilenet_v2", (32, 32, 3), 2, weights=None,  # noqa: E731
                                   augment=False)
    return fit(build, x, RNG.integers(0, 2, len(x)))


def tiny_batch_on_two_replicas():
    return fit(lambda: build_mlp((4,), 2), np.ones((1, 4), np.float32), np.zeros(1, int),
               strategy=get_strategy(cpu_replicas=2))


def corrupt_keras_file(tmp_path):
    from tfcourse.saving import load_model, save_model

    path = save_model(build_mlp((4,), 2), tmp_path / "m.keras")
    data = open(path, "rb").read()
    open(path, "wb").write(data[: len(data) // 3])
    return load_model(path)


def lambda_keras_file(tmp_path):
    import keras

    from tfcourse.saving import load_model

    inputs = keras.Input((4,))
    keras.Model(inputs, keras.layers.Lambda(lambda t: t + 1)(inputs)).save(tmp_path / "l.keras")
    return load_model(tmp_path / "l.keras")


def unknown_dataset():
    from tfcourse.data import load_tfds

    return load_tfds("mnsit")


def invalid_json_keras_file(tmp_path):
    import zipfile

    from tfcourse.saving import load_model, save_model

    good = save_model(build_mlp((4,), 2), tmp_path / "m.keras")
    bad = tmp_path / "bad.keras"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.namelist():
            data = src.read(item)
            dst.writestr(item, b'{"class_name": "Functional", ' if item == "config.json" else data)
    return load_model(bad)


def evaluate_a_bare_model():
    result = fit(lambda: build_mlp((4,), 2), np.ones((8, 4), np.float32), np.zeros(8, int))
    return evaluate(result.model, np.ones((8, 4), np.float32), np.zeros(8, int))


def fine_tune_a_bare_model():
    from tfcourse.train import fine_tune

    model = build_mlp((4,), 2)
    return fine_tune(model, (np.ones((8, 4), np.float32), np.zeros(8, int)), from_layer=0)


def evaluate_on_raw_pixels():
    result = fit(cnn(), X, Y)
    return evaluate(result, X * 255, Y)


# name: (what the user did, exception, regex the message must match)
CASES = {
    "image without channel axis": (
        lambda tmp: fit(cnn(), X[..., 0], Y), ValueError,
        r"inputs of shape \(28, 28\).*expects \(28, 28, 1\).*x\[\.\.\., None\]"),
    "channel-less input_shape in a builder": (
        lambda tmp: build_cnn((28, 28), 10), ValueError,
        r"`input_shape`.*\(height, width, channels\).*Received: input_shape=\(28, 28\)"),
    "one-hot labels, sparse loss": (
        lambda tmp: fit(cnn(), X, np.eye(10)[Y]), ValueError,
        r"one-hot labels of shape \(40, 10\).*y.argmax\(axis=1\)"),
    "integer labels, one-hot loss": (
        lambda tmp: fit(cnn(), X, Y, loss="categorical_crossentropy"), ValueError,
        r"integer labels of shape \(40,\).*to_categorical\(y, 10\)"),
    "class names as labels": (
        lambda tmp: fit(cnn(2), X, np.array(["cat", "dog"] * 20)), ValueError,
        r"labels that are not numbers \(e.g. 'cat'\).*np.unique\(y, return_inverse=True\)"),
    "negative labels": (
        lambda tmp: fit(cnn(), X, Y - 1), ValueError,
        r"negative labels \(down to -1\), but class ids count from 0.*Received: labels in "
        r"\[-1, 8\]"),
    "more classes than outputs": (
        lambda tmp: fit(cnn(5), X, Y), ValueError,
        r"labels up to 9, but the model has 5 outputs.*num_classes=10"),
    "raw 0-255 pixels, model expects [0, 1]": (
        lambda tmp: fit(cnn(), X * 255, Y), ValueError,
        r"pixel values up to 2\d\d.*expects them in \[0, 1\].*x / 255.0"),
    "raw 0-255 pixels at evaluation": (
        lambda tmp: evaluate_on_raw_pixels(), ValueError, r"Argument `x`.*x / 255.0"),
    "[0, 1] pixels, transfer model expects 0-255": (
        lambda tmp: transfer_on(RNG.random((8, 32, 32, 3), dtype=np.float32)), ValueError,
        r"pixel values in \[0, 1\].*raw 0-255 pixels itself.*x \* 255"),
    "unknown base network": (
        lambda tmp: build_transfer(base="resnet", weights=None), ValueError,
        r"Invalid value for argument `base`: expected one of .*'resnet50'.*Received: base='resnet'"),
    "unknown dataset name": (
        lambda tmp: unknown_dataset(), ValueError,
        r"`name`: expected one of \('mnist'.*Received: name='mnsit'"),
    "fewer examples than replicas": (
        lambda tmp: tiny_batch_on_two_replicas(), ValueError,
        r"1 example\(s\), fewer than the 2 replicas"),
    "x and y of different lengths": (
        lambda tmp: fit(lambda: build_mlp((4,), 2), np.ones((5, 4), np.float32),
                        np.zeros(4, int)), ValueError,
        r"same number of examples.*len\(x\)=5, len\(y\)=4"),
    "NaN in the data": (
        lambda tmp: fit(lambda: build_mlp((4,), 2), np.full((8, 4), np.nan, np.float32),
                        np.zeros(8, int)), ValueError,
        r"NaN or infinite values in x \(first in example 0\)"),
    "truncated .keras file": (
        corrupt_keras_file, ValueError, r"truncated or corrupt.*Copy it again"),
    ".keras file whose config.json is not JSON": (
        invalid_json_keras_file, ValueError, r"bad.keras' is damaged: its config.json.*not "
                                             r"valid JSON"),
    "a model where evaluate expects train's result": (
        lambda tmp: evaluate_a_bare_model(), TypeError,
        r"`result` must be the TrainResult.*Received: Functional.*model.evaluate\(x, y\)"),
    "a model where fine_tune expects train's result": (
        lambda tmp: fine_tune_a_bare_model(), TypeError,
        r"`result` must be the TrainResult.*Received: Functional.*tfcourse.models.unfreeze"),
    ".keras file with a Lambda layer": (
        lambda_keras_file, ValueError, r"Refusing to load.*Lambda layer"),
    "missing weights path": (
        lambda tmp: build_transfer(weights="/nowhere/mobilenet.h5"), FileNotFoundError,
        r"Weights file not found: '/nowhere/mobilenet.h5'.*'imagenet', None"),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_gets_a_clear_message(case, tmp_path):
    action, error, pattern = CASES[case]
    with pytest.raises(error, match=pattern) as info:
        action(tmp_path)
    assert "Traceback" not in str(info.value) and "node" not in str(info.value).split()[:3]


def test_readme_lists_every_case():
    import os

    readme = open(os.path.join(os.path.dirname(__file__), "..", "README.md")).read()
    missing = [case for case in [*CASES, "NaN in x at evaluation"] if case not in readme]
    assert not missing, f"README.md's bad-input list lacks: {missing}"


# ---------------------------------------------------------------------------------------------
# NaN and infinity: checks.check_data looks for them at every entry point that takes data
# (train, fine_tune, evaluate, fit_custom), naming the argument and the first bad example.
# ---------------------------------------------------------------------------------------------


def _with_nan(x, example, value=np.nan):
    x = np.array(x, dtype=np.float32)
    x[example, ..., 0] = value
    return x


def _evaluate_on(x, y):
    result = fit(lambda: build_mlp((4,), 2), np.ones((8, 4), np.float32), np.zeros(8, int))
    return evaluate(result, x, y)


def _fit_custom_on(x, y):
    from tfcourse.custom_loop import fit_custom

    return fit_custom(lambda: build_mlp((4,), 2), x, y, epochs=1, verbose=False)


def _fine_tune_on(x, y):
    from tfcourse.models import build_from_pretrained
    from tfcourse.train import fine_tune

    source = build_cnn((12, 12, 1), 2, filters=(4,))
    result = fit(lambda: build_from_pretrained(source, 2), np.zeros((8, 12, 12, 1), np.float32),
                 np.zeros(8, int))
    return fine_tune(result, (x, y), from_layer=0, epochs=1, verbose=0)


NAN_CASES = {
    "NaN in train_data of fine_tune": (
        lambda: _fine_tune_on(_with_nan(np.zeros((8, 12, 12, 1)), 4), np.zeros(8, int)),
        r"Argument `train_data` holds NaN or infinite values in x \(first in example 4\)"),
    "NaN in x at evaluation": (
        lambda: _evaluate_on(_with_nan(np.ones((8, 4)), 3), np.zeros(8, int)),
        r"Argument `x` holds NaN or infinite values \(first in example 3\)"),
    "inf in y at evaluation": (
        lambda: _evaluate_on(np.ones((8, 4), np.float32), _with_nan(np.zeros((8, 1)), 6, np.inf)),
        r"Argument `y` holds NaN or infinite values \(first in example 6\)"),
    "NaN in x of fit_custom": (
        lambda: _fit_custom_on(_with_nan(np.ones((8, 4)), 2), np.zeros(8, int)),
        r"Argument `x` holds NaN or infinite values \(first in example 2\)"),
    "NaN in val_data": (
        lambda: train(lambda: build_mlp((4,), 2), (np.ones((8, 4), np.float32), np.zeros(8, int)),
                      (_with_nan(np.ones((8, 4)), 5), np.zeros(8, int)), epochs=1, verbose=0),
        r"Argument `val_data` holds NaN or infinite values in x \(first in example 5\)"),
}


@pytest.mark.parametrize("case", NAN_CASES)
def test_nan_is_refused_by_every_entry_point(case):
    action, pattern = NAN_CASES[case]
    with pytest.raises(ValueError, match=pattern):
        action()
