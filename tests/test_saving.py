"""Safe saving and loading: models come back equal, files that would run code are refused."""

import os
import subprocess
import sys
import zipfile

import keras
import numpy as np
import pytest

from tfcourse.models import build_cnn, build_mlp
from tfcourse.saving import UnsafeModelError, load_arrays, load_model, save_model
from tfcourse.train import train

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def small_model():
    return build_mlp((4,), 3, hidden_units=(8,))


def lambda_model(fn):
    inputs = keras.Input((4,))
    x = keras.layers.Dense(3, name="dense")(inputs)
    return keras.Model(inputs, keras.layers.Lambda(fn, name="double")(x))


def double(t):
    return 2.0 * t


def test_round_trip_gives_identical_predictions(tmp_path):
    model = small_model()
    x = np.random.default_rng(0).random((5, 4), dtype=np.float32)
    path = save_model(model, tmp_path / "sub" / "m.keras")
    np.testing.assert_array_equal(load_model(path).predict(x, verbose=0),
                                  model.predict(x, verbose=0))


def test_trained_on_two_replicas_loads_on_one_device_in_a_fresh_process(two_replicas, tmp_path):
    rng = np.random.default_rng(1)
    x = rng.random((64, 28, 28, 1), dtype=np.float32)
    y = rng.integers(0, 10, 64)
    result = train(lambda: build_cnn((28, 28, 1), 10, filters=(4, 8)), (x, y),
                   strategy=two_replicas, per_replica_batch_size=16, epochs=1, verbose=0)
    assert result.strategy.num_replicas_in_sync == 2
    path = save_model(result.model, tmp_path / "cnn.keras")
    np.savez(tmp_path / "x.npz", x=x[:8])
    expected = result.model.predict(x[:8], verbose=0)
    code = ("import sys, numpy as np; from tfcourse.saving import load_model, load_arrays; "
            "m = load_model(sys.argv[1]); x = load_arrays(sys.argv[2])['x']; "
            "np.save(sys.argv[3], m.predict(x, verbose=0))")
    env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3"}
    subprocess.run([sys.executable, "-c", code, str(path), str(tmp_path / "x.npz"),
                    str(tmp_path / "p.npy")], check=True, env=env, timeout=180)
    got = load_arrays(tmp_path / "p.npy")["arr_0"]
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("fn", [lambda t: 2.0 * t, double], ids=["lambda", "named_function"])
def test_a_lambda_layer_is_refused_before_keras_reads_it(tmp_path, fn):
    path = tmp_path / "lambda.keras"
    lambda_model(fn).save(path)
    with pytest.raises(UnsafeModelError, match=r"Lambda layer\(s\) \['double'\].*run on this"):
        load_model(path)


def test_a_lambda_inside_a_nested_model_is_found(tmp_path):
    inner = lambda_model(double)
    inputs = keras.Input((4,))
    outer = keras.Model(inputs, keras.layers.Dense(2)(inner(inputs)))
    outer.save(tmp_path / "nested.keras")
    with pytest.raises(UnsafeModelError, match="double"):
        load_model(tmp_path / "nested.keras")


def test_missing_file(tmp_path):
    with pytest.raises(FileNotFoundError, match="No model file at"):
        load_model(tmp_path / "nope.keras")


def test_truncated_file_says_truncated_not_missing(tmp_path):
    path = save_model(small_model(), tmp_path / "m.keras")
    data = open(path, "rb").read()
    with open(path, "wb") as f:
        f.write(data[: len(data) // 2])
    with pytest.raises(ValueError, match="truncated or corrupt"):
        load_model(path)


def test_corrupted_bytes_fail_the_checksum(tmp_path):
    path = tmp_path / "m.keras"
    save_model(small_model(), path)
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("model.weights.h5")
    data = bytearray(open(path, "rb").read())
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF  # flip one byte inside the weights
    open(path, "wb").write(bytes(data))
    with pytest.raises(ValueError, match="fails its checksum"):
        load_model(path)


def test_incomplete_archive_and_wrong_extension(tmp_path):
    path = tmp_path / "m.keras"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("config.json", "{}")
    with pytest.raises(ValueError, match=r"lacks \['model.weights.h5'\]"):
        load_model(path)
    other = tmp_path / "m.h5"
    other.write_bytes(b"x")
    with pytest.raises(ValueError, match="expected a '.keras' file"):
        load_model(other)


def test_save_model_checks_its_arguments(tmp_path):
    with pytest.raises(ValueError, match=r"must end in '.keras'.*Received: path="):
        save_model(small_model(), tmp_path / "m.h5")
    with pytest.raises(TypeError, match="must be a keras.Model"):
        save_model("not a model", tmp_path / "m.keras")


def test_arrays_load_without_pickle(tmp_path):
    np.savez(tmp_path / "ok.npz", a=np.arange(3), b=np.eye(2))
    arrays = load_arrays(tmp_path / "ok.npz")
    np.testing.assert_array_equal(arrays["a"], np.arange(3))
    np.save(tmp_path / "objects.npy", np.array([{"x": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match="pickled Python objects"):
        load_arrays(tmp_path / "objects.npy")
    (tmp_path / "junk.npz").write_bytes(b"not numpy")
    with pytest.raises(ValueError, match="not a readable NumPy"):
        load_arrays(tmp_path / "junk.npz")
