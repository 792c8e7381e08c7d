"""The perceptron ("Perceptrón"), and why XOR needs a hidden layer.

Talk 001: the perceptron is "un clasificador lineal simple que puede resolver problemas de
clasificación que son linealmente separables", learning a decision function

    f(x) = sign(w·x + b),    w ∈ ℝᵈ,  labels y ∈ {−1, 1}

with the perceptron learning rule, repeated over the data until nothing changes:

    o ← sign(w·x + b);    w ← w + η (y − o) x;    b ← b + η (y − o)

A correct prediction (o = y) changes nothing; a wrong one moves the boundary towards the
example. "Convergencia está garantizada (para problemas linealmente separables)": AND and
OR converge in a few epochs. XOR cannot be split by any line, so the rule keeps cycling until
``max_epochs`` runs out; a network with one hidden layer of sigmoid units, trained by
backpropagation (`solve_xor`), learns it.

Example:
    >>> from tfcourse.concepts.perceptron import logic_gate, solve_xor, train_perceptron
    >>> X, y = logic_gate("and")
    >>> train_perceptron(X, y).converged
    True
    >>> train_perceptron(*logic_gate("xor"), max_epochs=50).converged
    False
    >>> solve_xor().predictions.tolist()
    [0, 1, 1, 0]
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
    """The four rows of a logic gate's truth table.

    Args:
        name: ``"and"``, ``"or"`` or ``"xor"``.

    Returns:
        ``(X, y)``: inputs (4, 2) with 0/1 entries and outputs (4,) in {0, 1}, as float64.

    Raises:
        ValueError: If ``name`` is not a known gate.
    """
    check.one_of("name", name, GATES)
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)  # (4, 2)
    return X, np.array(GATES[name], dtype=np.float64)  # (4,)


@dataclasses.dataclass
class PerceptronResult:
    """What `train_perceptron` returns.

    Attributes:
        weights: w, shape (d,).
        bias: b.
        errors: Misclassified examples in each epoch, shape (epochs run,).
        converged: True if the last epoch made no mistake (every example strictly on its side).
        message: A sentence saying what happened, for printing.
    """

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
    """Rosenblatt's perceptron learning rule, one example at a time, epoch after epoch.

    Args:
        X: Examples, shape (m, d).
        y: Labels in {−1, 1}, shape (m,); {0, 1} labels are read as 0 → −1.
        lr: The learning rate η. Defaults to 1.0.
        max_epochs: Give up after this many passes. Defaults to 100.
        seed: Seed of the random starting weights (small, in [−0.5, 0.5)). Defaults to 0.

    Returns:
        A `PerceptronResult`; ``converged`` is False if ``max_epochs`` ran out.

    Raises:
        TypeError: If ``X`` or ``y`` are not numeric.
        ValueError: On mismatched shapes, other labels or out-of-range settings.
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
                w = w + lr * (y_i - o_i) * x_i
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
    """What `solve_xor` returns.

    Attributes:
        network: The trained `backprop.Network` (2 inputs, ``hidden`` units, 1 output).
        outputs: The network's outputs for the four inputs, shape (4,), in (0, 1).
        predictions: The outputs rounded to 0/1, shape (4,).
        errors: Squared error E before training and after each epoch.
    """

    network: backprop.Network
    outputs: np.ndarray
    predictions: np.ndarray
    errors: np.ndarray


def solve_xor(*, hidden: int = 4, seed: int = 0, epochs: int = 500) -> XorResult:
    """Learn XOR with one hidden layer of sigmoid units and backpropagation.

    Two hidden units are enough in principle (one learns OR, one NAND, the output ANDs
    them), but from some starting weights gradient descent gets stuck; four rarely do.
    Training uses the whole truth table per step with momentum 0.9 and η = 1.

    Args:
        hidden: Number of hidden units. Defaults to 4.
        seed: Seed of the starting weights, uniform in (−1, 1). Defaults to 0.
        epochs: Gradient-descent steps. Defaults to 500.

    Returns:
        An `XorResult`; ``predictions`` should be ``[0, 1, 1, 0]``.

    Raises:
        ValueError: If an argument is out of range.
    """
    hidden = check.positive_int("hidden", hidden)
    X, y = logic_gate("xor")
    net = backprop.init_network(2, hidden, 1, seed=seed, scale=1.0)
    fit = backprop.train_network(net, X, y, lr=1.0, epochs=epochs, batch_size=None,
                                 momentum=0.9)
    outputs = fit.network.predict(X)[:, 0]  # (4,)
    return XorResult(network=fit.network, outputs=outputs,
                     predictions=(outputs > 0.5).astype(int), errors=fit.errors)
