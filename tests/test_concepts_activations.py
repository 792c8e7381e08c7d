"""Activations by hand against tf.nn / keras.activations, derivatives against GradientTape."""

import doctest
import os
import subprocess
import sys

import keras
import numpy as np
import pytest
import tensorflow as tf

from tfcourse.concepts import activations as act


@pytest.fixture
def rng():
    """Fresh random inputs each run; the seed is printed (shown on failure) and can be replayed
    with TFCOURSE_TEST_SEED=<seed>."""
    seed = int(os.environ.get("TFCOURSE_TEST_SEED", np.random.SeedSequence().entropy % 2**32))
    print(f"seed={seed}")
    return np.random.default_rng(seed)


def _logits(rng, shape=(6, 5), dtype=np.float32):
    x = rng.normal(scale=10.0, size=shape)  # mostly moderate values ...
    x.flat[:3] = [0.0, 900.0, -900.0]  # ... plus 0 and values whose exp would overflow
    return x.astype(dtype)


@pytest.mark.parametrize("name, tf_fn, keras_fn", [
    ("sigmoid", tf.nn.sigmoid, keras.activations.sigmoid),
    ("tanh", tf.nn.tanh, keras.activations.tanh),
    ("relu", tf.nn.relu, keras.activations.relu),
])
def test_elementwise_equal_tf_and_keras(rng, name, tf_fn, keras_fn):
    x = _logits(rng)
    # no overflow (underflow to 0 is fine), even at ±900
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        ours = act.ACTIVATIONS[name].f(x)
    assert ours.dtype == np.float32 and ours.shape == x.shape
    np.testing.assert_allclose(ours, tf_fn(x).numpy(), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(keras_fn(x)), rtol=1e-6,
                               atol=1e-7)


@pytest.mark.parametrize("axis", [-1, 0, 1])
def test_softmax_equals_tf_and_keras(rng, axis):
    x = _logits(rng, (4, 3, 5))
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        ours = act.softmax(x, axis=axis)
    np.testing.assert_allclose(ours, tf.nn.softmax(x, axis=axis).numpy(), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ours, keras.ops.convert_to_numpy(
        keras.activations.softmax(x, axis=axis)), rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(ours.sum(axis=axis), 1.0, rtol=1e-6)


def test_softmax_of_huge_logits_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        p = act.softmax(np.array([[1000.0, 0.0, -1000.0], [1e308, 1e308, 0.0]]))
    np.testing.assert_array_equal(p, [[1.0, 0.0, 0.0], [0.5, 0.5, 0.0]])
    np.testing.assert_array_equal(act.sigmoid([-1000.0, 1000.0]), [0.0, 1.0])


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu"])
def test_derivatives_equal_gradient_tape(rng, name):
    x = rng.normal(scale=3.0, size=50)
    x[:2] = 0.0  # relu has a kink at 0: TF's gradient there is 0, and so is ours
    f, df = act.ACTIVATIONS[name]
    xt = tf.constant(x)  # float64
    with tf.GradientTape() as tape:
        tape.watch(xt)
        y = {"sigmoid": tf.nn.sigmoid, "tanh": tf.nn.tanh, "relu": tf.nn.relu}[name](xt)
    # element-wise: the gradient of sum(f(x)) is f'(x) at every point; 1 - tanh(x)^2 and
    # sigmoid(x)(1 - sigmoid(x)) subtract from 1, so near saturation the two implementations
    # may differ by a few units in the last place of 1.0 (2.2e-16 each): atol = 8 of them
    np.testing.assert_allclose(df(x), tape.gradient(y, xt).numpy(), rtol=1e-12, atol=8 * 2.2e-16)
    np.testing.assert_allclose(f(x), y.numpy(), rtol=1e-12, atol=1e-15)


def test_softmax_jacobian_equals_tape_jacobian(rng):
    x = rng.normal(scale=2.0, size=(3, 4))
    xt = tf.constant(x)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        s = tf.nn.softmax(xt)
    expected = tape.batch_jacobian(s, xt).numpy()  # (3, 4, 4)
    np.testing.assert_allclose(act.softmax_jacobian(x), expected, rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(act.softmax_jacobian(x[0]), expected[0], rtol=1e-10, atol=1e-14)
    np.testing.assert_allclose(act.softmax_jacobian(x).sum(axis=1), 0.0, atol=1e-12)  # Σp = 1


def test_table_derivatives_match_finite_differences():
    x, h = np.linspace(-4, 4, 41) + 0.05, 1e-6  # 0.05: keep relu's kink off the grid
    for name, (f, df) in act.ACTIVATIONS.items():
        np.testing.assert_allclose(df(x), (f(x + h) - f(x - h)) / (2 * h), atol=1e-7,
                                   err_msg=name)
    assert list(act.ACTIVATIONS) == ["sigmoid", "tanh", "relu"]


def test_known_values():
    assert act.sigmoid(0.0) == 0.5 and act.sigmoid_grad(0.0) == 0.25
    assert act.tanh_grad(0.0) == 1.0 and act.relu(-2.0) == 0.0 and act.relu(3) == 3.0
    np.testing.assert_allclose(act.softmax([0.0, np.log(3.0)]), [0.25, 0.75])


def test_bad_arguments():
    with pytest.raises(ValueError, match=r"argument `axis`.*Received: axis=2"):
        act.softmax(np.zeros((2, 3)), axis=2)
    with pytest.raises(ValueError, match=r"at least one dimension.*Received: x.shape=\(\)"):
        act.softmax(1.0)
    with pytest.raises(TypeError, match=r"`x` must hold real numbers"):
        act.relu(["a", "b"])
    with pytest.raises(TypeError, match=r"`x` must hold real numbers"):
        act.sigmoid(np.array([True, False]))


def test_docstring_examples():
    assert doctest.testmod(act).failed == 0


def test_the_concepts_package_is_numpy_only():
    code = ("import sys, tfcourse.concepts, tfcourse.concepts.activations, "
            "tfcourse.concepts.backprop, tfcourse.concepts.convolution, "
            "tfcourse.concepts.kernels, tfcourse.concepts.perceptron; "
            "print([m for m in ('tensorflow', 'keras', 'sklearn', 'matplotlib') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    import tfcourse.concepts

    assert doctest.testmod(tfcourse.concepts).failed == 0
