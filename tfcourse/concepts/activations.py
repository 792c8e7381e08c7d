"""Activation functions and their derivatives in NumPy ("Funciones de activación", talk 001).

`ACTIVATIONS` maps each element-wise activation to ``(f, df)``; softmax has a Jacobian instead.

Example:
    >>> f, df = ACTIVATIONS["sigmoid"]
    >>> float(f(0.0)), float(df(0.0))
    (0.5, 0.25)
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
    """The logistic function 1 / (1 + exp(−x)), element-wise, in [0, 1]."""
    x = _as_float(x)
    e = np.exp(-np.abs(x))  # in (0, 1]: never overflows, even for x = −1000
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e)).astype(x.dtype)


def sigmoid_grad(x) -> np.ndarray:
    """sigmoid'(x) = sigmoid(x)·(1 − sigmoid(x)): Mitchell's o(1 − o); at most 0.25."""
    s = sigmoid(x)
    return s * (1.0 - s)


def tanh(x) -> np.ndarray:
    """The hyperbolic tangent ("tangente hiperbólica"), element-wise, in [−1, 1]."""
    return np.tanh(_as_float(x))


def tanh_grad(x) -> np.ndarray:
    """tanh'(x) = 1 − tanh(x)²; 1 at x = 0."""
    t = tanh(x)
    return 1.0 - t * t


def relu(x) -> np.ndarray:
    """The rectified linear unit max(0, x), element-wise."""
    return np.maximum(_as_float(x), 0.0)


def relu_grad(x) -> np.ndarray:
    """relu'(x): 1 where x > 0, else 0 (0 at x = 0, as TensorFlow)."""
    x = _as_float(x)
    return (x > 0).astype(x.dtype)


def softmax(x, axis: int = -1) -> np.ndarray:
    """exp(xⱼ) / Σₖ exp(xₖ) along ``axis`` (the classes, by default the last): probabilities.

    Example:
        >>> softmax(np.array([1000.0, 1000.0]))  # no overflow
        array([0.5, 0.5])
    """
    x = _as_float(x)
    if x.ndim == 0:
        raise check.invalid("x", "an array with at least one dimension (the classes)",
                            received=f"x.shape={x.shape}")
    axis = check.integer("axis", axis, -x.ndim, x.ndim - 1)
    # exp(−max) cancels out, and keeps every exponential <= 1: logits of 1000 do not overflow
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def softmax_jacobian(x) -> np.ndarray:
    """J[..., i, j] = ∂sᵢ/∂xⱼ = sᵢ(δᵢⱼ − sⱼ) of softmax over the last axis, (k, k) or (m, k, k)."""
    s = softmax(x)  # (..., k)
    eye = np.eye(s.shape[-1], dtype=s.dtype)  # (k, k)
    return s[..., :, None] * (eye - s[..., None, :])  # (..., k, k)


class Activation(NamedTuple):
    """An element-wise activation and its derivative: ``f, df = ACTIVATIONS["relu"]``."""

    f: Callable[..., np.ndarray]
    df: Callable[..., np.ndarray]


# talk 001's element-wise activations, in the slides' order; softmax is not one of them
ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(sigmoid, sigmoid_grad),
    "tanh": Activation(tanh, tanh_grad),
    "relu": Activation(relu, relu_grad),
}
