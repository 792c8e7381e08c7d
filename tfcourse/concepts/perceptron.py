"""The perceptron ("Perceptrón", talk 001): f(x) = sign(w·x + b) and its learning rule.

AND and OR converge; XOR, not linearly separable, never does, and one hidden layer learns it.

Example:
    >>> train_perceptron(*logic_gate("and")).converged, solve_xor().predictions.tolist()
    (True, [0, 1, 1, 0])
"""

from __future__ import annotations

import dataclasses

import numpy as np

from tfcourse import validation as check
from tfcourse.concepts import backprop

__all__ = ["GATES", "PerceptronResult", "XorResult", "logic_gate", "solve_xor",
           "train_perceptron"]

# truth tables: the output for the inputs (0, 0), (0, 1), (1, 0), (1, 1)
GATES = {"and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "xor": (0, 1, 1, 0)}


def logic_gate(name: str) -> tuple[np.ndarray, np.ndarray]:
    """The truth table of ``"and"``, ``"or"`` or ``"xor"``: inputs (4, 2) and outputs (4,)."""
    check.one_of("name", name, GATES)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)  # (4, 2)
    return X, np.array(GATES[name], dtype=np.float64)  # (4,)


@dataclasses.dataclass
class PerceptronResult:
    """What `train_perceptron` returns: w (d,), b, mistakes per epoch, and a sentence."""

    weights: np.ndarray
    bias: float
    errors: np.ndarray
    converged: bool
    message: str

    def decision(self, X) -> np.ndarray:
        """w·x + b for each example, shape (m,)."""
        return check.float_array("X", X, ndims=(2,)) @ self.weights + self.bias

    def predict(self, X) -> np.ndarray:
        """sign(w·x + b) in {−1, 1}; a point exactly on the boundary gets −1."""
        return np.where(self.decision(X) > 0, 1, -1)


def _signed_labels(y, m: int) -> np.ndarray:
    """Labels as −1/+1; 0/1 labels (a truth table) are read as 0 → −1."""
    y = check.float_array("y", y, ndims=(1,))
    if len(y) != m:
        raise check.invalid("y", "one label per example of X", received=f"len(X)={m}, "
                            f"len(y)={len(y)}")
    values = set(np.unique(y).tolist())
    if not (values <= {-1.0, 1.0} or values <= {0.0, 1.0}):
        raise check.invalid("y", "labels in {-1, 1} (or {0, 1})",
                            received=f"y with values {sorted(values)[:5]}")
    return np.where(y > 0, 1.0, -1.0)


def train_perceptron(X, y, *, lr: float = 1.0, max_epochs: int = 100,
                     seed: int = 0) -> PerceptronResult:
    """Rosenblatt's rule, example after example, until an epoch makes no mistake.

    Args:
        X: Examples, shape (m, d).
        y: Labels in {−1, 1} (or {0, 1}), shape (m,).
        lr: The learning rate η. Defaults to 1.0.
        max_epochs: Give up after this many passes. Defaults to 100.
        seed: Seed of the starting weights, uniform in [−0.5, 0.5). Defaults to 0.
    """
    X = check.float_array("X", X, ndims=(2,)).astype(np.float64)  # (m, d)
    y = _signed_labels(y, len(X))  # (m,)
    lr = check.positive_number("lr", lr)
    max_epochs = check.positive_int("max_epochs", max_epochs)
    rng = np.random.default_rng(check.seed(seed))
    w = rng.uniform(-0.5, 0.5, X.shape[1])  # (d,) "inicializar con valores aleatorios"
    b = 0.0

    errors = []
    for _ in range(max_epochs):
        mistakes = 0
        for x_i, y_i in zip(X, y):
            o_i = np.sign(w @ x_i + b)  # 0 exactly on the boundary: counts as a mistake
            if o_i != y_i:
                w = w + lr * (y_i - o_i) * x_i  # w ← w + η (y − o) x
                b = b + lr * (y_i - o_i)
                mistakes += 1
        errors.append(mistakes)
        if mistakes == 0:
            break

    converged = errors[-1] == 0
    if converged:
        message = f"Converged after {len(errors)} epoch(s): every example is classified."
    else:
        message = (f"Did not converge in max_epochs={max_epochs} epochs ({errors[-1]} mistake(s) "
                   "in the last): the data are probably not linearly separable (XOR is not), "
                   "and no line will do. Add a hidden layer (see solve_xor).")
    return PerceptronResult(weights=w, bias=float(b), errors=np.array(errors),
                            converged=converged, message=message)


@dataclasses.dataclass
class XorResult:
    """What `solve_xor` returns: the network, its outputs (4,), those rounded, and E per epoch."""

    network: backprop.Network
    outputs: np.ndarray
    predictions: np.ndarray
    errors: np.ndarray


def solve_xor(*, hidden: int = 4, seed: int = 0, epochs: int = 500) -> XorResult:
    """Learn XOR with one hidden layer of sigmoid units: the whole table per step, η = 1, α = 0.9.

    Two hidden units suffice in principle (OR and NAND, then AND), but gradient descent gets
    stuck from some starting weights; four rarely do.
    """
    hidden = check.positive_int("hidden", hidden)
    X, y = logic_gate("xor")
    net = backprop.init_network(2, hidden, 1, seed=seed, scale=1.0)
    fit = backprop.train_network(net, X, y, lr=1.0, epochs=epochs, batch_size=None,
                                 momentum=0.9)
    outputs = fit.network.predict(X)[:, 0]  # (4,)
    return XorResult(network=fit.network, outputs=outputs,
                     predictions=(outputs > 0.5).astype(int), errors=fit.errors)
