"""Softmax regression three ways, against each other and against scikit-learn."""

import numpy as np
import pytest

from tfcourse.lowlevel import softmax_regression as sr
from tfcourse.lowlevel._common import DivergenceError


def _blobs(m=99, n=5, k=3, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, m)
    X = rng.normal(size=(m, n)) + 2.0 * np.eye(k, n)[y]  # (m, n): class means apart
    return X, y


def test_first_loss_is_log_k_and_gradient_matches_finite_differences():
    X, y = _blobs()
    fit = sr.fit_numpy(X, y, lr=0.1, steps=1)  # one update: W1 = −0.1 ∇J(0)
    assert fit.losses[0] == pytest.approx(np.log(3))  # uniform predictions at W = 0
    # oracle for the closed-form gradient: a central finite difference of the loss
    def loss(W, b):
        z = X @ W + b
        z = z - z.max(1, keepdims=True)
        return np.mean(np.log(np.exp(z).sum(1)) - z[np.arange(len(y)), y])
    W, b, eps = np.zeros((5, 3)), np.zeros(3), 1e-6
    num = np.zeros_like(W)
    for i in range(5):
        for j in range(3):
            d = np.zeros_like(W); d[i, j] = eps
            num[i, j] = (loss(W + d, b) - loss(W - d, b)) / (2 * eps)
    np.testing.assert_allclose(fit.weights, -0.1 * num, atol=1e-8)


@pytest.mark.parametrize("batch_size, init", [(None, "zeros"), (None, "truncated_normal"),
                                              (32, "truncated_normal")])
def test_four_ways_agree_step_by_step(two_replicas, batch_size, init):
    # 99 examples; batches of 32 split 16 + 16, the full batch 50 + 49 over two replicas
    X, y = _blobs()
    kw = dict(lr=0.5, steps=60, batch_size=batch_size, init=init, seed=3)
    runs = [sr.fit_numpy(X, y, **kw), sr.fit_graph(X, y, **kw), sr.fit_tape(X, y, **kw),
            sr.fit_tape(X, y, strategy=two_replicas, **kw)]
    for run in runs[1:]:
        np.testing.assert_allclose(run.losses, runs[0].losses, rtol=1e-4)
        np.testing.assert_allclose(run.weights, runs[0].weights, rtol=1e-3, atol=1e-4)
        assert run.weights.shape == (5, 3) and run.bias.shape == (3,)


def test_odd_batch_over_two_replicas(two_replicas):
    X, y = _blobs(m=40)
    kw = dict(lr=0.5, steps=20, batch_size=7, init="truncated_normal", seed=1)  # 4 + 3
    np.testing.assert_allclose(sr.fit_tape(X, y, strategy=two_replicas, **kw).losses,
                               sr.fit_numpy(X, y, **kw).losses, rtol=1e-4)


def _sklearn_accuracy(d):
    from sklearn.linear_model import LogisticRegression

    x_train, x_test = d.x_train.reshape(len(d.x_train), -1), d.x_test.reshape(len(d.x_test), -1)
    return LogisticRegression(C=np.inf, max_iter=5000).fit(x_train, d.y_train).score(
        x_test, d.y_test)


@pytest.mark.parametrize("method", ["numpy", "graph", "tape"])
def test_iris_matches_sklearn(method):
    from tfcourse.data import load_iris

    d = load_iris(seed=0)
    fit = getattr(sr, f"fit_{method}")(d.x_train, d.y_train, lr=0.5, steps=1000)
    acc = (fit.predict(d.x_test) == d.y_test).mean()
    assert acc >= 0.93
    assert acc >= _sklearn_accuracy(d) - 0.01 - 1 / len(d.y_test)  # within a point (one example)


@pytest.mark.parametrize("method", ["numpy", "tape"])
def test_digits_matches_sklearn(method):
    from tfcourse.data import load_digits

    d = load_digits(seed=0)
    fit = getattr(sr, f"fit_{method}")(d.x_train, d.y_train, lr=0.5, steps=1000)
    acc = (fit.predict(d.x_test) == d.y_test).mean()
    assert acc >= 0.95
    assert acc >= _sklearn_accuracy(d) - 0.01
    proba = fit.predict_proba(d.x_test)
    assert proba.shape == (len(d.x_test), 10)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-9)


@pytest.mark.parametrize("method", ["numpy", "graph", "tape"])
def test_diverging_learning_rate_stops_with_advice(method):
    X, y = _blobs()
    X = X * 1e3  # unscaled features: the first step throws the logits to ~1e9
    with pytest.raises(DivergenceError, match=r"diverged at step 1.*lr=1000.*smaller one"):
        getattr(sr, f"fit_{method}")(X, y, lr=1e3, steps=50)


@pytest.mark.parametrize("X, y, kw, exc, match", [
    (np.ones((4, 2)), np.eye(3)[[0, 1, 2, 0]], {}, ValueError,
     r"one-hot labels of shape \(4, 3\).*y.argmax\(axis=1\)"),
    (np.ones((4, 2)), [0, 1, 5, 0], {"num_classes": 3}, ValueError,
     r"labels up to 5, but the model has 3.*num_classes=6"),
    (np.ones((4, 2)), [0, 1, -1, 0], {}, ValueError, r"negative labels \(down to -1\)"),
    (np.ones((4, 2)), [0, 1, 0.5, 0], {}, ValueError, r"non-integer labels \(e.g. 0.5\)"),
    (np.ones((4, 2)), [0, 1, 1], {}, ValueError, r"len\(X\)=4, len\(y\)=3"),
    (np.ones((4, 2)), [0, 1, 1, 0], {"lr": float("nan")}, ValueError,
     "`lr`: expected a finite number > 0"),
    (np.ones((4, 2)), [0, 1, 1, 0], {"batch_size": 5}, ValueError,
     r"`batch_size`: expected None or an integer in \[1, 4\]. Received: batch_size=5"),
    (np.ones((4, 2)), [0, 1, 1, 0], {"batch_size": 0}, ValueError, "Received: batch_size=0"),
    (np.ones((4, 2)), [0, 1, 1, 0], {"init": "ones"}, ValueError,
     r"`init`: expected one of \('zeros', 'truncated_normal'\). Received: init='ones'"),
    (np.ones((4, 2)), [0, 1, 1, 0], {"num_classes": 1}, ValueError,
     r"`num_classes`: expected None or an integer >= 2. Received: num_classes=1"),
    (np.ones((4, 2)), [0, 0, 0, 0], {}, ValueError, "at least two classes"),
    (np.full((4, 2), np.inf), [0, 1, 1, 0], {}, ValueError, "NaN or infinite"),
])
@pytest.mark.parametrize("method", ["numpy", "graph", "tape"])
def test_bad_input_is_named(method, X, y, kw, exc, match):
    with pytest.raises(exc, match=match):
        getattr(sr, f"fit_{method}")(X, y, **kw)


def test_images_are_flattened():
    X, y = _blobs(m=30, n=4)
    a = sr.fit_numpy(X.reshape(30, 2, 2, 1), y, lr=0.5, steps=5)
    b = sr.fit_numpy(X, y, lr=0.5, steps=5)
    np.testing.assert_allclose(a.losses, b.losses)
    assert a.predict(X.reshape(30, 2, 2)).shape == (30,)
