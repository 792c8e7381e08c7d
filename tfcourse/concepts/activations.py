"""Activation functions and their derivatives, in NumPy ("Funciones de activación").

A neuron computes a weighted sum and passes it through a non-linear function; without that
function, stacking layers would still give a linear model (talk 001, "Unidades no lineales").
The talks use four:

    sigmoid(x) = 1 / (1 + exp(−x))            in (0, 1): binary classification, Mitchell's units
    tanh(x)    = (eˣ − e⁻ˣ) / (eˣ + e⁻ˣ)      in (−1, 1)
    relu(x)    = max(0, x)                    hidden layers ("ReLu: capas ocultas")
    softmax(x)ⱼ = exp(xⱼ) / Σₖ exp(xₖ)        a probability per class (multiclass output)

Backpropagation needs their derivatives, which have short closed forms:

    sigmoid' = sigmoid·(1 − sigmoid)     tanh' = 1 − tanh²     relu' = 1 if x > 0 else 0
    ∂softmaxᵢ/∂xⱼ = softmaxᵢ·(δᵢⱼ − softmaxⱼ)

``tests/test_concepts_activations.py`` checks every one against `tf.nn` and `tf.GradientTape`.

Example:
    >>> import numpy as np
    >>> from tfcourse.concepts.activations import ACTIVATIONS, softmax
    >>> f, df = ACTIVATIONS["sigmoid"]
    >>> float(f(0.0)), float(df(0.0))
    (0.5, 0.25)
    >>> softmax(np.array([1000.0, 1000.0]))  # no overflow: exp(1000) is never computed
    array([0.5, 0.5])
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from tfcourse import validation as check

__all__ = ["ACTIVATIONS", "Activation", "relu", "relu_grad", "sigmoid", "sigmoid_grad",
           "softmax", "softmax_jacobian", "tanh", "tanh_grad"]


def _as_float(x) -> np.ndarray:
    return check.float_array("x", x, finite=False)  # ±inf is fine: sigmoid(inf) = 1


def sigmoid(x) -> np.ndarray:
    """The logistic function 1 / (1 + exp(−x)), element-wise.

    Computed from exp(−|x|) ≤ 1 so that no exponential overflows, even for x = −1000.

    Args:
        x: Array-like of real numbers, any shape.

    Returns:
        An array of the same shape with values in [0, 1].

    Raises:
        TypeError: If ``x`` does not hold real numbers.
    """
    x = _as_float(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype)


def sigmoid_grad(x) -> np.ndarray:
    """d sigmoid / dx = sigmoid(x)·(1 − sigmoid(x)); at most 0.25, at x = 0.

    Mitchell's δ terms use the same product written with a unit's output o: o(1 − o).
    """
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x) -> np.ndarray:
    """The hyperbolic tangent ("tangente hiperbólica"), element-wise, in [−1, 1]."""
    return np.tanh(_as_float(x))


def tanh_grad(x) -> np.ndarray:
    """d tanh / dx = 1 − tanh(x)²; 1 at x = 0."""
    t = tanh(x)
    return 1.0 - t * t


def relu(x) -> np.ndarray:
    """The rectified linear unit max(0, x), element-wise."""
    return np.maximum(_as_float(x), 0.0)


def relu_grad(x) -> np.ndarray:
    """d relu / dx: 1 where x > 0, else 0.

    relu has no derivative at exactly 0; like TensorFlow, we use 0 there.
    """
    x = _as_float(x)
    return (x > 0).astype(x.dtype)


def softmax(x, axis: int = -1) -> np.ndarray:
    """exp(xⱼ) / Σₖ exp(xₖ) along ``axis``: turns scores (logits) into probabilities.

    Subtracting the maximum first changes nothing mathematically (the factor exp(−max)
    cancels) but keeps every exponential ≤ 1, so logits like 1000 do not overflow.

    Args:
        x: Array-like of logits with at least one dimension, e.g. (m, k).
        axis: The axis that holds the classes. Defaults to -1 (the last).

    Returns:
        An array of the same shape; it is positive and sums to 1 along ``axis``.

    Raises:
        TypeError: If ``x`` does not hold real numbers.
        ValueError: If ``x`` is a scalar or ``axis`` is out of range.
    """
    x = _as_float(x)
    if x.ndim == 0:
        raise check.invalid("x", "an array with at least one dimension (the classes)",
                            received=f"x.shape={x.shape}")
    axis = check.integer("axis", axis, -x.ndim, x.ndim - 1)
    z = x - np.max(x, axis=axis, keepdims=True)  # largest logit becomes 0
    e = np.exp(z)
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(x) -> np.ndarray:
    """The Jacobian of softmax over the last axis: J[..., i, j] = ∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ).

    Softmax mixes its inputs, so its derivative is a (k, k) matrix, not an element-wise
    function like the others: raising one logit raises its own probability and lowers the rest.

    Args:
        x: Logits of shape (k,) or a batch (m, k).

    Returns:
        An array of shape (k, k), or (m, k, k) for a batch.

    Raises:
        TypeError: If ``x`` does not hold real numbers.
        ValueError: If ``x`` is a scalar.
    """
    s = softmax(x)  # (..., k)
    eye = np.eye(s.shape[-1], dtype=s.dtype)  # (k, k)
    return s[..., :, None] * (eye - s[..., None, :])  # (..., k, k)


class Activation(NamedTuple):
    """An element-wise activation and its derivative: ``f, df = ACTIVATIONS["relu"]``."""

    f: Callable[..., np.ndarray]
    df: Callable[..., np.ndarray]


# the element-wise activations of talk 001, in the order its slides show them;
# softmax is not here: its derivative is a matrix (see softmax_jacobian)
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(sigmoid, sigmoid_grad),
    "tanh": Activation(tanh, tanh_grad),
    "relu": Activation(relu, relu_grad),
}
