"""Linear regression three ways, checked against each other and against least squares."""

import numpy as np
import pytest

from tfcourse.lowlevel import linear_regression as lr
from tfcourse.lowlevel._common import DivergenceError


def _line(m=101, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0, 2, m)  # (m,)
    return x, 4.0 + 3.0 * x + rng.normal(0, 1, m)


def _lstsq(X, y):
    A = np.c_[np.ones(len(X)), np.reshape(X, (len(X), -1))]
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    return theta[0], theta[1:]


def test_first_steps_match_hand_computation():
    # x = [1, 2], y = [2, 4], θ = 0: J0 = (4 + 16) / 4 = 5; grads: θ0 = -3, θ1 = -5
    # after one step with α = 0.1: θ0 = 0.3, θ1 = 0.5 → errors [-1.2, -2.7], J1 = (1.44 + 7.29)/4
    fit = lr.fit_numpy([1.0, 2.0], [2.0, 4.0], lr=0.1, steps=2)
    np.testing.assert_allclose(fit.losses, [5.0, 2.1825])


@pytest.mark.parametrize("method", ["numpy", "graph", "tape"])
def test_converges_to_least_squares_on_line(method):
    from tfcourse.data import make_line

    data = make_line(seed=0)
    fit = getattr(lr, f"fit_{method}")(data.x_train, data.y_train, lr=0.5, steps=1000)
    b, w = _lstsq(data.x_train, data.y_train)
    assert abs(fit.bias - b) < 1e-3
    np.testing.assert_allclose(fit.weights, w, atol=1e-3)
    assert fit.weights.shape == (1,)
    assert fit.losses.shape == (1000,)
    np.testing.assert_allclose(fit.predict(data.x_test), b + w[0] * data.x_test, atol=5e-3)


def test_four_ways_agree_step_by_step(two_replicas):
    # 101 examples over 2 replicas: an uneven 51 + 50 split
    x, y = _line(101)
    runs = [lr.fit_numpy(x, y, lr=0.5, steps=200), lr.fit_graph(x, y, lr=0.5, steps=200),
            lr.fit_tape(x, y, lr=0.5, steps=200),
            lr.fit_tape(x, y, lr=0.5, steps=200, strategy=two_replicas)]
    for run in runs[1:]:
        np.testing.assert_allclose(run.losses, runs[0].losses, rtol=1e-4)
        np.testing.assert_allclose(run.weights, runs[0].weights, rtol=1e-4)


def test_many_features_match_lstsq_and_each_other(two_replicas):
    from tfcourse.data import load_diabetes

    d = load_diabetes(seed=0)
    runs = [f(d.x_train, d.y_train, lr=0.1, steps=400) for f in (lr.fit_numpy, lr.fit_graph)]
    runs.append(lr.fit_tape(d.x_train, d.y_train, lr=0.1, steps=400, strategy=two_replicas))
    for run in runs[1:]:
        np.testing.assert_allclose(run.losses, runs[0].losses, rtol=1e-4)
    # cost at the gradient-descent solution is close to the least-squares minimum
    b, w = _lstsq(d.x_train, d.y_train)
    best = lr.cost(d.x_train, d.y_train, w, b)
    assert runs[0].losses[-1] == pytest.approx(best, rel=0.02)
    assert runs[0].losses[-1] >= best - 1e-9


@pytest.mark.parametrize("method", ["numpy", "graph", "tape"])
def test_diverging_learning_rate_stops_with_advice(method):
    x, y = _line()
    with pytest.raises(DivergenceError, match=r"diverged.*lr=5.*smaller one"):
        getattr(lr, f"fit_{method}")(x, y, lr=5.0, steps=200)


@pytest.mark.parametrize("X, y, kw, match", [
    (np.ones((3, 2, 2)), np.ones(3), {}, r"shape \(m,\) or \(m, n\)"),
    (np.ones(3), np.ones(4), {}, r"same number of examples.*len\(X\)=3, len\(y\)=4"),
    ([1.0, np.nan], [1.0, 2.0], {}, r"`X` holds NaN or infinite values \(first in example 1\)"),
    ([1.0, 2.0], [1.0, np.inf], {}, r"`y` holds NaN or infinite values \(first in example 1\)"),
    ([1.0, 2.0], [1.0, 2.0], {"lr": 0}, r"`lr`: expected a finite number > 0. Received: lr=0"),
    ([1.0, 2.0], [1.0, 2.0], {"lr": -0.1}, "Received: lr=-0.1"),
    ([1.0, 2.0], [1.0, 2.0], {"steps": 0},
     r"`steps`: expected a positive integer. Received: steps=0"),
    ([1.0, 2.0], [1.0, 2.0], {"steps": 2.5}, "Received: steps=2.5"),
    (np.ones((0, 2)), np.ones(0), {}, "at least one example"),
])
@pytest.mark.parametrize("method", ["numpy", "graph", "tape"])
def test_bad_input_is_named(method, X, y, kw, match):
    with pytest.raises(ValueError, match=match):
        getattr(lr, f"fit_{method}")(X, y, **kw)


def test_non_numeric_input_is_a_type_error():
    with pytest.raises(TypeError, match="`X` must hold real numbers"):
        lr.fit_numpy(["a", "b"], [1.0, 2.0])
