"""Backpropagation by hand ("Retropropagación", talk 001): Mitchell's algorithm in NumPy.

The talk's 5-8-2 network of sigmoid units, trained on E = ½ Σ (t − o)² by Mitchell's δ rules
(Machine Learning, table 4.2), with momentum and mini-batches.

Example:
    >>> gradients(talk_network(), np.eye(5)[:1], np.array([[1.0, 0.0]])).U.shape  # ∂E/∂U
    (5, 8)
"""

from __future__ import annotations

import dataclasses

import numpy as np

from tfcourse import validation as check
from tfcourse.concepts.activations import sigmoid

__all__ = ["TALK_U", "TALK_W", "BackpropResult", "Network", "forward", "gradients",
           "init_network", "squared_error", "talk_network", "train_network"]

# the weights shown on the slide "Variables - U" (5x8 double) and "Variables - W" (8x2 double)
TALK_U = np.array([
    [-0.7203, 1.1714, -1.5029, 3.3133, 0.0338, -0.3660, -0.2886, -1.0836],
    [-0.5102, 0.2660, 0.3880, 0.8725, -0.5068, -1.6706, 1.5959, 1.0228],
    [-1.6597, -0.5933, -0.4178, 1.8309, 1.0331, 0.1132, -0.3820, 1.0903],
    [0.3005, 0.3909, -0.2304, -2.3196, 3.2656, -0.0441, 0.4254, 0.0461],
    [0.2737, -0.6014, 0.0314, 0.5855, 0.3692, 2.1029, 1.5813, -0.9019],
])
TALK_W = np.array([
    [0.5884, 0.1427], [0.9775, 0.6085], [0.2137, 0.6286], [0.6291, 0.0238],
    [0.7810, 0.7787], [0.3571, 0.4912], [0.9407, 0.4116], [0.9616, 0.7775],
])


@dataclasses.dataclass
class Network:
    """Weights U (n_in, n_hidden), W (n_hidden, n_out), biases c, b; from `gradients`, ∂E/∂ each."""

    U: np.ndarray
    c: np.ndarray
    W: np.ndarray
    b: np.ndarray

    def copy(self) -> Network:
        """A copy with its own arrays."""
        return Network(self.U.copy(), self.c.copy(), self.W.copy(), self.b.copy())

    def predict(self, X) -> np.ndarray:
        """The network's outputs o for examples X (m, n_in), shape (m, n_out)."""
        return forward(self, X)[1]


@dataclasses.dataclass
class BackpropResult:
    """The trained ``network`` and E over the training set before and after each epoch."""

    network: Network
    errors: np.ndarray


def init_network(n_in: int, n_hidden: int, n_out: int, *, seed: int = 0,
                 scale: float = 0.05) -> Network:
    """A network of ``n_in``, ``n_hidden`` and ``n_out`` units, weights uniform in ±``scale``.

    Small weights (Mitchell: ±0.05) keep the sigmoids in their steep middle, where they learn.
    """
    n_in, n_hidden, n_out = (check.positive_int(name, v) for name, v in
                             (("n_in", n_in), ("n_hidden", n_hidden), ("n_out", n_out)))
    rng = np.random.default_rng(check.seed(seed))
    scale = check.positive_number("scale", scale)
    return Network(*(rng.uniform(-scale, scale, shape) for shape in
                     [(n_in, n_hidden), n_hidden, (n_hidden, n_out), n_out]))  # U, c, W, b


def talk_network() -> Network:
    """The talk's worked example: the slide's U (5x8) and W (8x2), with zero biases."""
    return Network(U=TALK_U.copy(), c=np.zeros(8), W=TALK_W.copy(), b=np.zeros(2))


def _check_data(net: Network, X, T=None):
    """X as float64 (m, n_in) and T as float64 (m, n_out), checked against the network."""
    if not isinstance(net, Network):
        raise TypeError("Argument `net` must be a backprop.Network (see init_network). "
                        f"Received: net of type {type(net).__name__}")
    (n_in, _), (_, n_out) = net.U.shape, net.W.shape
    X = check.float_array("X", X, ndims=(2,)).astype(np.float64)  # (m, n_in)
    if X.shape[1] != n_in or len(X) == 0:
        raise check.invalid("X", f"shape (m, {n_in}): m >= 1 rows, one column per input",
                            received=f"X.shape={X.shape}")
    if T is None:
        return X
    T = check.float_array("T", T, ndims=(1, 2)).astype(np.float64)
    T = T[:, None] if T.ndim == 1 else T  # (m, n_out)
    if T.shape != (len(X), n_out):
        raise check.invalid("T", f"shape (m, n_out) = ({len(X)}, {n_out}): one target row "
                            "per example", received=f"T.shape={T.shape}")
    return X, T


def forward(net: Network, X) -> tuple[np.ndarray, np.ndarray]:
    """Step 1: hidden outputs φ(X) (m, n_hidden) and outputs f(X) (m, n_out) of X (m, n_in)."""
    return _forward(net, _check_data(net, X))


def _forward(net: Network, X: np.ndarray):
    """`forward` without the checks."""
    H = sigmoid(X @ net.U + net.c)  # (m, n_hidden)
    O = sigmoid(H @ net.W + net.b)  # (m, n_out)
    return H, O


def squared_error(net: Network, X, T) -> float:
    """E = ½ Σ over examples and outputs of (t − o)²."""
    return _squared_error(net, *_check_data(net, X, T))


def _squared_error(net: Network, X: np.ndarray, T: np.ndarray) -> float:
    """`squared_error` without the checks."""
    return 0.5 * float(np.sum((T - _forward(net, X)[1]) ** 2))


def gradients(net: Network, X, T) -> Network:
    """∂E/∂U, ∂E/∂c, ∂E/∂W, ∂E/∂b as a `Network`, for examples X (m, n_in) and targets T."""
    return _gradients(net, *_check_data(net, X, T))


def _gradients(net: Network, X: np.ndarray, T: np.ndarray) -> Network:
    """`gradients` without the checks: Mitchell's δ rules for all examples at once."""
    H, O = _forward(net, X)  # (m, n_hidden), (m, n_out)
    delta_out = O * (1 - O) * (T - O)  # (m, n_out)     δk  (T4.3)
    delta_hid = H * (1 - H) * (delta_out @ net.W.T)  # (m, n_hidden)  δh = oh(1−oh) Σk wkh δk
    # Δw = η δ x (T4.5) steps down the gradient, so ∂E/∂w = −δ x; the bias input is 1
    return Network(U=-X.T @ delta_hid,  # (n_in, n_hidden)
                   c=-delta_hid.sum(axis=0),  # (n_hidden,)
                   W=-H.T @ delta_out,  # (n_hidden, n_out)
                   b=-delta_out.sum(axis=0))  # (n_out,)


def train_network(net: Network, X, T, *, lr: float = 0.05, epochs: int = 100,
                  batch_size: int | None = 1, momentum: float = 0.0, shuffle: bool = True,
                  seed: int = 0) -> BackpropResult:
    """Train with backpropagation and gradient descent, one (mini-)batch at a time.

    ``batch_size=1, momentum=0, shuffle=False`` is Mitchell's BACKPROPAGATION; ``batch_size=None``
    his GRADIENT-DESCENT. A batch's gradient is the sum over its examples, as in E.

    Args:
        net: The starting network; it is copied, not changed.
        X, T: Examples (m, n_in) and targets in [0, 1] (m, n_out).
        lr: The learning rate η. Defaults to 0.05.
        epochs: Passes over the training set. Defaults to 100.
        batch_size: Examples per update, or None for all of them. Defaults to 1 (SGD).
        momentum: α in Δw(n) = −η ∂E/∂w + α Δw(n−1). Defaults to 0.
        shuffle: A new random order of the examples each epoch. Defaults to True.
        seed: Seed of that order. Defaults to 0.
    """
    X, T = _check_data(net, X, T)
    m = len(X)
    lr, epochs = check.positive_number("lr", lr), check.positive_int("epochs", epochs)
    batch_size = check.integer("batch_size", batch_size, 1, m, allow_none=True) or m
    momentum, shuffle = check.fraction("momentum", momentum), check.flag("shuffle", shuffle)
    rng = np.random.default_rng(check.seed(seed))

    net = net.copy()
    names = ("U", "c", "W", "b")
    velocity = {name: np.zeros_like(getattr(net, name)) for name in names}  # Δw(n − 1)
    errors = [_squared_error(net, X, T)]
    for _ in range(epochs):
        order = rng.permutation(m) if shuffle else np.arange(m)
        for start in range(0, m, batch_size):
            rows = order[start:start + batch_size]
            grads = _gradients(net, X[rows], T[rows])
            for name in names:
                velocity[name] = -lr * getattr(grads, name) + momentum * velocity[name]
                setattr(net, name, getattr(net, name) + velocity[name])  # w ← w + Δw
        errors.append(_squared_error(net, X, T))
    return BackpropResult(network=net, errors=np.array(errors))
