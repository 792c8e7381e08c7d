"""The perceptron: AND and OR converge, XOR does not; a hidden layer solves XOR."""

import doctest
import os

import numpy as np
import pytest

from tfcourse.concepts import perceptron as pc


@pytest.fixture
def seed():
    """A fresh seed each run, printed (shown on failure); replay with TFCOURSE_TEST_SEED."""
    value = int(os.environ.get("TFCOURSE_TEST_SEED", np.random.SeedSequence().entropy % 2**32))
    print(f"seed={value}")
    return value


def test_truth_tables():
    X, y = pc.logic_gate("xor")
    np.testing.assert_array_equal(X, [[0, 0], [0, 1], [1, 0], [1, 1]])
    np.testing.assert_array_equal(y, [0, 1, 1, 0])
    np.testing.assert_array_equal(pc.logic_gate("and")[1], [0, 0, 0, 1])
    np.testing.assert_array_equal(pc.logic_gate("or")[1], [0, 1, 1, 1])


@pytest.mark.parametrize("gate", ["and", "or"])
def test_and_or_converge(gate, seed):
    X, y = pc.logic_gate(gate)
    fit = pc.train_perceptron(X, y, seed=seed)
    assert fit.converged and fit.errors[-1] == 0, (seed, fit.message)
    assert fit.message.startswith("Converged after")
    np.testing.assert_array_equal(fit.predict(X), 2 * y - 1)  # 0/1 labels read as −1/+1
    assert np.all(fit.decision(X) * (2 * y - 1) > 0)  # strictly on the right side


def test_xor_does_not_converge(seed):
    X, y = pc.logic_gate("xor")
    fit = pc.train_perceptron(X, y, max_epochs=40, seed=seed)
    assert not fit.converged
    assert len(fit.errors) == 40 and np.all(fit.errors > 0)  # a mistake in every epoch
    assert "not linearly separable" in fit.message and "max_epochs=40" in fit.message
    assert np.sum(fit.predict(X) != 2 * y - 1) >= 1  # no line gets all four right


def test_random_separable_data_converges(seed):
    # points at least 0.2 away from a random line through the unit disc: separable
    rng = np.random.default_rng(seed)
    w_true, b_true = rng.normal(size=2), rng.uniform(-0.5, 0.5)
    X = rng.uniform(-1, 1, size=(400, 2))
    margin = (X @ w_true + b_true) / np.linalg.norm(w_true)
    X, y = X[np.abs(margin) > 0.2][:60], np.sign(margin[np.abs(margin) > 0.2][:60])
    fit = pc.train_perceptron(X, y, lr=0.5, max_epochs=1000, seed=seed)
    assert fit.converged, (seed, fit.message)
    np.testing.assert_array_equal(fit.predict(X), y)


def test_the_update_rule_by_hand():
    # one epoch on one example: a mistake moves w by η(y − o)x and b by η(y − o)
    X, y = np.array([[1.0, 2.0]]), np.array([1.0])
    w0 = np.random.default_rng(7).uniform(-0.5, 0.5, 2)
    o = np.sign(w0 @ X[0])
    fit = pc.train_perceptron(X, y, lr=0.1, max_epochs=1, seed=7)
    if o == 1:  # already right: nothing changes
        np.testing.assert_allclose(fit.weights, w0)
    else:
        np.testing.assert_allclose(fit.weights, w0 + 0.1 * (1 - o) * X[0])
        assert fit.bias == pytest.approx(0.1 * (1 - o))


def test_solve_xor(seed):
    fit = pc.solve_xor(seed=seed)
    np.testing.assert_array_equal(fit.predictions, [0, 1, 1, 0], err_msg=f"seed={seed}")
    assert np.all(np.abs(fit.outputs - [0, 1, 1, 0]) < 0.2), seed
    assert fit.errors[-1] < 0.1 * fit.errors[0]
    assert fit.network.U.shape == (2, 4) and fit.network.W.shape == (4, 1)


def test_bad_arguments():
    X, y = pc.logic_gate("and")
    with pytest.raises(ValueError, match=r"`name`.*Received: name='nand'"):
        pc.logic_gate("nand")
    with pytest.raises(ValueError, match=r"`y`: expected labels in \{-1, 1\}"):
        pc.train_perceptron(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match=r"`y`: expected one label per example of X. "
                                         r"Received: len\(X\)=4, len\(y\)=3"):
        pc.train_perceptron(X, y[:3])
    with pytest.raises(ValueError, match=r"`lr`.*Received: lr=0"):
        pc.train_perceptron(X, y, lr=0)
    with pytest.raises(ValueError, match=r"`max_epochs`.*Received: max_epochs=0"):
        pc.train_perceptron(X, y, max_epochs=0)
    with pytest.raises(ValueError, match=r"`seed`.*Received: seed=-1"):
        pc.train_perceptron(X, y, seed=-1)
    with pytest.raises(ValueError, match=r"`hidden`.*Received: hidden=0"):
        pc.solve_xor(hidden=0)


def test_docstring_examples():
    assert doctest.testmod(pc).failed == 0
