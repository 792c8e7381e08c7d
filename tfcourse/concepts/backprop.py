"""Backpropagation by hand ("Retropropagación"): Mitchell's algorithm in NumPy.

Talk 001 draws a network with 5 inputs, 8 hidden units and 2 outputs, "definida ... por
matrices de pesos: U (5x8) y W (8x2)", and writes it as nested functions of sigmoid units s:

    φ(x) = s(x·U + c)        hidden layer   U: (n_in, n_hidden),  c: (n_hidden,)
    f(x) = s(φ(x)·W + b)     output layer   W: (n_hidden, n_out), b: (n_out,)

It is trained to minimise the squared error E = ½ Σ (t − o)² by BACKPROPAGATION as the talk
gives it from T. Mitchell (Machine Learning, 1997, table 4.2). For each example ⟨x, t⟩:

    1. propagate x forward: the output o_u of every unit u
    2. each output unit k:   δk ← ok(1 − ok)(tk − ok)              (T4.3)
    3. each hidden unit h:   δh ← oh(1 − oh) Σk wkh δk             (T4.4)
    4. each weight:          wji ← wji + η δj xji                  (T4.5)

The δ are minus the derivatives of E with respect to each unit's weighted sum, so step 4 is
gradient descent; a bias is a weight whose input is always 1. On top of the per-example rule
(stochastic gradient descent) `train_network` offers the two refinements the talk lists, momentum
(Mitchell's T4.18: Δw(n) = η δ x + α Δw(n−1)) and mini-batches.

Run it:
    >>> import numpy as np
    >>> from tfcourse.concepts import backprop
    >>> net = backprop.talk_network()  # the slide's U (5x8) and W (8x2)
    >>> net.U.shape, net.W.shape
    ((5, 8), (8, 2))
    >>> x, t = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]]), np.array([[1.0, 0.0]])
    >>> grads = backprop.gradients(net, x, t)  # ∂E/∂U, ∂E/∂c, ∂E/∂W, ∂E/∂b
    >>> grads.U.shape, grads.W.shape
    ((5, 8), (8, 2))
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
    """The weights of a one-hidden-layer network of sigmoid units.

    `gradients` returns the same type, each field then holding ∂E/∂(that field).

    Attributes:
        U: Input → hidden weights, shape (n_in, n_hidden).
        c: Hidden biases, shape (n_hidden,).
        W: Hidden → output weights, shape (n_hidden, n_out).
        b: Output biases, shape (n_out,).
    """

    U: np.ndarray
    c: np.ndarray
    W: np.ndarray
    b: np.ndarray

    def copy(self) -> Network:
        return Network(self.U.copy(), self.c.copy(), self.W.copy(), self.b.copy())

    def predict(self, X) -> np.ndarray:
        """The network's outputs o for examples X (m, n_in), shape (m, n_out)."""
        return forward(self, X)[1]


@dataclasses.dataclass
class BackpropResult:
    """What `train_network` returns.

    Attributes:
        network: The trained weights (the network passed in is left unchanged).
        errors: E = ½ Σ (t − o)² over the whole training set, before training and after each
            epoch, shape (epochs + 1,).
    """

    network: Network
    errors: np.ndarray


def init_network(n_in: int, n_hidden: int, n_out: int, *, seed: int = 0,
                 scale: float = 0.05) -> Network:
    """A network with every weight and bias drawn uniformly from (−scale, scale).

    Mitchell: "Initialize all network weights to small random numbers (e.g., between −.05 and
    .05)". Small weights keep the sigmoids in their steep middle, where learning is fastest.

    Args:
        n_in: Number of inputs (5 in the talk).
        n_hidden: Number of hidden units (8 in the talk).
        n_out: Number of outputs (2 in the talk).
        seed: Seed of the random weights. Defaults to 0.
        scale: Half-width of the uniform range. Defaults to 0.05.

    Returns:
        A `Network` with U (n_in, n_hidden), c (n_hidden,), W (n_hidden, n_out), b (n_out,).

    Raises:
        ValueError: If a size is not a positive integer, ``seed`` is negative or ``scale`` is
            not positive.
    """
    sizes = [check.positive_int(name, v) for name, v in
             (("n_in", n_in), ("n_hidden", n_hidden), ("n_out", n_out))]
    rng = np.random.default_rng(check.seed(seed))
    scale = check.positive_number("scale", scale)
    n_in, n_hidden, n_out = sizes
    return Network(*(rng.uniform(-scale, scale, shape) for shape in
                     [(n_in, n_hidden), n_hidden, (n_hidden, n_out), n_out]))  # U, c, W, b


def talk_network() -> Network:
    """The talk's worked example: the slide's U (5x8) and W (8x2), with zero biases."""
    return Network(U=TALK_U.copy(), c=np.zeros(8), W=TALK_W.copy(), b=np.zeros(2))


def _check_data(net: Network, X, T=None):
    """Check the network; X as float64 (m, n_in) and T as float64 (m, n_out), matching it."""
    if not isinstance(net, Network):
        raise TypeError("Argument `net` must be a backprop.Network (see init_network). "
                        f"Received: net of type {type(net).__name__}")
    (n_in, _), (_, n_out) = net.U.shape, net.W.shape
    X = check.float_array("X", X, ndims=(2,)).astype(np.float64)  # (m, n_in)
    if X.shape[1] != n_in:
        raise check.invalid("X", f"shape (m, {n_in}): one column per network input",
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
    """Step 1: propagate the examples forward.

    Args:
        net: The network.
        X: Examples, shape (m, n_in).

    Returns:
        ``(H, O)``: hidden outputs φ(x), shape (m, n_hidden), and outputs f(x), (m, n_out).

    Raises:
        TypeError: If ``net`` is not a `Network` or ``X`` is not numeric.
        ValueError: If ``X`` does not have n_in columns.
    """
    return _forward(net, _check_data(net, X))


def _forward(net: Network, X: np.ndarray):
    H = sigmoid(X @ net.U + net.c)  # (m, n_hidden)
    O = sigmoid(H @ net.W + net.b)  # (m, n_out)
    return H, O


def squared_error(net: Network, X, T) -> float:
    """E = ½ Σ over examples and outputs of (t − o)²."""
    return _squared_error(net, *_check_data(net, X, T))


def _squared_error(net: Network, X: np.ndarray, T: np.ndarray) -> float:
    return 0.5 * float(np.sum((T - _forward(net, X)[1]) ** 2))


def gradients(net: Network, X, T) -> Network:
    """∂E/∂U, ∂E/∂c, ∂E/∂W, ∂E/∂b of E = ½ Σ (t − o)², by backpropagation.

    The δ terms are Mitchell's T4.3 and T4.4, computed for all examples at once; the
    gradient of a weight is −δ (of the unit it feeds) × x (its input), summed over examples.

    Args:
        net: The network.
        X: Examples, shape (m, n_in).
        T: Targets, shape (m, n_out) (or (m,) for one output).

    Returns:
        A `Network` whose fields hold the gradients, with the shapes of the weights.

    Raises:
        TypeError: If ``net`` is not a `Network` or the data are not numeric.
        ValueError: If the shapes do not match the network.
    """
    return _gradients(net, *_check_data(net, X, T))


def _gradients(net: Network, X: np.ndarray, T: np.ndarray) -> Network:
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

    ``batch_size=1`` with ``momentum=0`` and ``shuffle=False`` is Mitchell's BACKPROPAGATION
    exactly; ``batch_size=None`` (the whole set per step) is his GRADIENT-DESCENT. A batch's
    gradient is the sum over its examples, as in E, so larger batches take larger steps.

    Args:
        net: The starting network; it is copied, not changed.
        X: Examples, shape (m, n_in).
        T: Targets in [0, 1] (the sigmoid's range), shape (m, n_out).
        lr: The learning rate η. Defaults to 0.05 (Mitchell's example value).
        epochs: Passes over the training set. Defaults to 100.
        batch_size: Examples per update, or None for all of them. Defaults to 1 (SGD).
        momentum: α in Δw(n) = −η ∂E/∂w + α Δw(n−1); 0 turns it off. Defaults to 0.
        shuffle: Visit the examples in a new random order each epoch. Defaults to True.
        seed: Seed of that order. Defaults to 0.

    Returns:
        A `BackpropResult` with the trained ``network`` and ``errors`` (epochs + 1,).

    Raises:
        TypeError: If ``net`` is not a `Network` or the data are not numeric.
        ValueError: On shapes that do not match the network or out-of-range settings.
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
