"""Mitchell's backpropagation by hand: gradients against GradientTape, training that learns."""

import doctest
import itertools
import os

import numpy as np
import pytest
import tensorflow as tf

from tfcourse.concepts import backprop as bp


@pytest.fixture
def rng():
    """Fresh random inputs each run; the seed is printed (shown on failure) and can be replayed
    with TFCOURSE_TEST_SEED=<seed>."""
    seed = int(os.environ.get("TFCOURSE_TEST_SEED", np.random.SeedSequence().entropy % 2**32))
    print(f"seed={seed}")
    return np.random.default_rng(seed)


def _five_bits():
    """All 32 patterns of 5 bits; targets: majority vote and x1 OR x5, coded 0.1 / 0.9."""
    X = np.array(list(itertools.product([0.0, 1.0], repeat=5)))  # (32, 5)
    t = np.stack([X.sum(axis=1) >= 3, np.logical_or(X[:, 0], X[:, 4])], axis=1)  # (32, 2)
    return X, 0.1 + 0.8 * t  # sigmoids never reach 0 or 1: Mitchell's 0.1 / 0.9 targets


def _tape_gradients(net, X, T):
    """E = ½ Σ (t − o)² and its gradients, computed by TensorFlow in float64."""
    params = [tf.Variable(getattr(net, name), dtype=tf.float64) for name in "UcWb"]
    with tf.GradientTape() as tape:
        U, c, W, b = params
        H = tf.sigmoid(tf.constant(X) @ U + c)  # (m, n_hidden)
        O = tf.sigmoid(H @ W + b)  # (m, n_out)
        E = 0.5 * tf.reduce_sum((tf.constant(T) - O) ** 2)
    return float(E), [g.numpy() for g in tape.gradient(E, params)]


@pytest.mark.parametrize("which", ["talk", "random"])
def test_gradients_equal_gradient_tape(rng, which):
    # the talk's 5-8-2 network (U 5x8, W 8x2) with random biases, or random small weights
    if which == "talk":
        net = bp.talk_network()
        net.c, net.b = rng.normal(size=8), rng.normal(size=2)
    else:
        net = bp.init_network(5, 8, 2, seed=int(rng.integers(2**31)), scale=1.0)
    X, T = rng.normal(size=(7, 5)), rng.uniform(0, 1, size=(7, 2))
    E, expected = _tape_gradients(net, X, T)
    ours = bp.gradients(net, X, T)
    assert bp.squared_error(net, X, T) == pytest.approx(E, rel=1e-12)
    for name, g in zip("UcWb", expected):
        assert getattr(ours, name).shape == g.shape
        np.testing.assert_allclose(getattr(ours, name), g, rtol=1e-5, atol=1e-12, err_msg=name)


def test_the_talks_network():
    net = bp.talk_network()
    assert net.U.shape == (5, 8) and net.W.shape == (8, 2)
    assert net.U[0, 0] == -0.7203 and net.U[4, 7] == -0.9019  # the slide's corners
    assert net.W[0, 0] == 0.5884 and net.W[7, 1] == 0.7775
    H, O = bp.forward(net, np.ones((3, 5)))
    assert H.shape == (3, 8) and O.shape == (3, 2) and np.all((O > 0) & (O < 1))
    fresh = bp.init_network(5, 8, 2, seed=1)
    assert fresh.U.shape == (5, 8) and fresh.c.shape == (8,) and fresh.b.shape == (2,)
    assert np.all(np.abs(fresh.U) < 0.05)  # Mitchell: "between −.05 and .05"


def test_sgd_is_mitchells_rule_step_by_step():
    # batch 1, in order, no momentum: w ← w + η δ x after every single example
    X, T = _five_bits()
    X, T = X[:3], T[:3]
    net = bp.init_network(5, 8, 2, seed=3)
    fit = bp.train_network(net, X, T, lr=0.3, epochs=1, shuffle=False)
    w = net.copy()
    for x, t in zip(X, T):
        H, O = bp.forward(w, x[None])
        d_out = O * (1 - O) * (t - O)  # δk  (T4.3)
        d_hid = H * (1 - H) * (d_out @ w.W.T)  # δh  (T4.4)
        w.W, w.b = w.W + 0.3 * H.T @ d_out, w.b + 0.3 * d_out[0]  # Δw = η δ x  (T4.5)
        w.U, w.c = w.U + 0.3 * x[:, None] @ d_hid, w.c + 0.3 * d_hid[0]
    for name in "UcWb":
        np.testing.assert_allclose(getattr(fit.network, name), getattr(w, name), rtol=1e-12)


def test_momentum_is_mitchells_t4_18():
    # Δw(n) = −η ∂E/∂w + α Δw(n − 1), over two examples
    X, T = _five_bits()
    net = bp.init_network(5, 8, 2, seed=4)
    fit = bp.train_network(net, X[:2], T[:2], lr=0.2, epochs=1, momentum=0.9, shuffle=False)
    g1 = bp.gradients(net, X[:1], T[:1])
    w1 = bp.Network(*(getattr(net, n) - 0.2 * getattr(g1, n) for n in "UcWb"))
    g2 = bp.gradients(w1, X[1:2], T[1:2])
    for n in "UcWb":
        step2 = -0.2 * getattr(g2, n) + 0.9 * (-0.2 * getattr(g1, n))
        np.testing.assert_allclose(getattr(fit.network, n), getattr(w1, n) + step2, rtol=1e-12)


@pytest.mark.parametrize("batch_size", [1, 8, None])
def test_training_reduces_the_error_and_momentum_speeds_it_up(batch_size):
    X, T = _five_bits()
    net = bp.talk_network()
    plain = bp.train_network(net, X, T, lr=0.05, epochs=40, batch_size=batch_size, seed=1)
    heavy = bp.train_network(net, X, T, lr=0.05, epochs=40, batch_size=batch_size, momentum=0.9,
                             seed=1)
    assert plain.errors.shape == (41,) and plain.errors[-1] < plain.errors[0]
    assert heavy.errors[-1] < 0.5 * heavy.errors[0]
    assert heavy.errors[-1] < plain.errors[-1]
    np.testing.assert_array_equal(net.U, bp.TALK_U)  # the network passed in is not changed


def test_sgd_learns_the_five_bit_task():
    X, T = _five_bits()
    fit = bp.train_network(bp.init_network(5, 8, 2, seed=0), X, T, lr=0.5, epochs=300,
                           momentum=0.5)
    assert fit.errors[-1] < 0.05 * fit.errors[0]
    np.testing.assert_array_equal(fit.network.predict(X) > 0.5, T > 0.5)


def test_bad_arguments():
    X, T = _five_bits()
    net = bp.init_network(5, 8, 2)
    with pytest.raises(ValueError, match=r"`batch_size`.*\[1, 32\].*Received: batch_size=0"):
        bp.train_network(net, X, T, batch_size=0)
    with pytest.raises(ValueError, match=r"`momentum`.*\[0, 1\).*Received: momentum=1.0"):
        bp.train_network(net, X, T, momentum=1.0)
    with pytest.raises(ValueError, match=r"`lr`.*Received: lr=-0.1"):
        bp.train_network(net, X, T, lr=-0.1)
    with pytest.raises(ValueError, match=r"`epochs`.*Received: epochs=0"):
        bp.train_network(net, X, T, epochs=0)
    with pytest.raises(ValueError, match=r"`T`: expected shape \(m, n_out\) = \(32, 2\)"
                                         r".*T.shape=\(32, 1\)"):
        bp.gradients(net, X, T[:, :1])
    with pytest.raises(ValueError, match=r"`X`: expected shape \(m, 5\).*X.shape="):
        bp.forward(net, X[:, :4])
    with pytest.raises(TypeError, match=r"`net` must be a backprop.Network"):
        bp.gradients({"U": net.U}, X, T)
    with pytest.raises(ValueError, match=r"`n_hidden`.*Received: n_hidden=0"):
        bp.init_network(5, 0, 2)
    with pytest.raises(ValueError, match=r"`scale`.*Received: scale=0"):
        bp.init_network(5, 8, 2, scale=0)


def test_docstring_examples():
    assert doctest.testmod(bp).failed == 0
