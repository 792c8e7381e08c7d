"""Argument checks shared by the concept modules, in the same form as `tfcourse.models`.

`tfcourse.models._validate` cannot be imported here (it imports Keras, and these modules are
NumPy only), so the few checks they need are repeated with the same message::

    Invalid value for argument `stride`: expected a positive integer. Received: stride=0
"""

from __future__ import annotations

import numbers

import numpy as np


def invalid(name: str, expected: str, value) -> ValueError:
    """The Keras-style error: name the argument, say what is allowed, echo what came in."""
    return ValueError(
        f"Invalid value for argument `{name}`: expected {expected}. Received: {name}={value!r}"
    )


def is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(name: str, value) -> int:
    """``value`` as an ``int`` >= 1."""
    if not is_int(value) or value < 1:
        raise invalid(name, "a positive integer", value)
    return int(value)


def non_negative_int(name: str, value) -> int:
    """``value`` as an ``int`` >= 0."""
    if not is_int(value) or value < 0:
        raise invalid(name, "a non-negative integer", value)
    return int(value)


def positive_number(name: str, value) -> float:
    """``value`` as a finite ``float`` > 0 (a learning rate)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) \
            or not np.isfinite(value) or value <= 0:
        raise invalid(name, "a finite number > 0", value)
    return float(value)


def fraction(name: str, value) -> float:
    """``value`` as a ``float`` in [0, 1) (a momentum coefficient)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < 1:
        raise invalid(name, "a number in [0, 1)", value)
    return float(value)


def one_of(name: str, value, choices):
    """``value`` if it is one of ``choices``; the error lists them all."""
    if not isinstance(value, str) or value not in tuple(choices):
        raise invalid(name, f"one of {tuple(choices)}", value)
    return value


def float_array(name: str, value, *, ndims=None, finite: bool = True) -> np.ndarray:
    """``value`` as a float NumPy array (float32 stays float32, integers become float64).

    Raises:
        TypeError: If ``value`` does not hold real numbers.
        ValueError: If its rank is not in ``ndims``, or (with ``finite``) it holds NaN or
            infinity.
    """
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as e:  # ragged lists
        raise TypeError(f"Argument `{name}` must be a numeric array. "
                        f"Received: {name} of type {type(value).__name__}") from e
    if arr.dtype == bool or not (np.issubdtype(arr.dtype, np.integer)
                                 or np.issubdtype(arr.dtype, np.floating)):
        raise TypeError(f"Argument `{name}` must hold real numbers. "
                        f"Received: {name}.dtype={arr.dtype}")
    if ndims is not None and arr.ndim not in ndims:
        raise ValueError(f"Invalid value for argument `{name}`: expected an array with "
                         f"{' or '.join(map(str, ndims))} dimensions. "
                         f"Received: {name}.shape={arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"Argument `{name}` contains NaN or infinite values.")
    return arr if np.issubdtype(arr.dtype, np.floating) else arr.astype(np.float64)
