"""Argument checks for every public function: one line per guard, one message form.

Each check returns the value in a clean form (``int``, ``float``, ``tuple``, array) or raises
a `ValueError` in Keras's form, naming the argument, what is allowed and what came in::

    Invalid value for argument `units`: expected a positive integer. Received: units=0

NumPy only (Keras is imported lazily by `activation`), so the NumPy lessons can use it too.

Example:
    >>> from tfcourse import validation as check
    >>> check.positive_int("units", 64)
    64
    >>> check.fraction("dropout", 1.5)
    Traceback (most recent call last):
    ...
    ValueError: Invalid value for argument `dropout`: expected a number in [0, 1). Received: dropout=1.5
"""

from __future__ import annotations

import numbers

import numpy as np

_NO_VALUE = object()


def invalid(name: str, expected: str, value=_NO_VALUE, *, received: str | None = None):
    """The Keras-style `ValueError`; ``received`` replaces the default ``name=value!r``."""
    if received is None:
        received = f"{name}={value!r}"
    return ValueError(f"Invalid value for argument `{name}`: expected {expected}. "
                      f"Received: {received}")


def is_int(value) -> bool:
    """True for Python and NumPy integers, False for bools (``True`` is not a count)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_number(value) -> bool:
    """True for finite real numbers (Python or NumPy), False for bools, NaN and infinity."""
    return (isinstance(value, numbers.Real) and not isinstance(value, bool)
            and bool(np.isfinite(value)))


def integer(name: str, value, low: int | None = None, high: int | None = None, *,
            allow_none: bool = False, expected: str | None = None) -> int | None:
    """``value`` as an ``int`` in ``[low, high]`` (either bound may be None)."""
    if value is None and allow_none:
        return None
    if not is_int(value) or (low is not None and value < low) \
            or (high is not None and value > high):
        if expected is None:
            expected = ("an integer" if (low, high) == (None, None)
                        else "a positive integer" if (low, high) == (1, None)
                        else "a non-negative integer" if (low, high) == (0, None)
                        else f"an integer >= {low}" if high is None
                        else f"an integer <= {high}" if low is None
                        else f"an integer in [{low}, {high}]")
        raise invalid(name, ("None or " if allow_none else "") + expected, value)
    return int(value)


def positive_int(name: str, value, *, allow_none: bool = False) -> int | None:
    """``value`` as an ``int`` >= 1 (None passes through with ``allow_none``)."""
    return integer(name, value, 1, allow_none=allow_none)


def non_negative_int(name: str, value, *, allow_none: bool = False) -> int | None:
    """``value`` as an ``int`` >= 0 (None passes through with ``allow_none``)."""
    return integer(name, value, 0, allow_none=allow_none)


def seed(value, *, allow_none: bool = False, name: str = "seed") -> int | None:
    """A random seed NumPy and TensorFlow both accept: an integer in [0, 2**32 - 1]."""
    return integer(name, value, 0, 2**32 - 1, allow_none=allow_none)


def positive_number(name: str, value, *, allow_none: bool = False) -> float | None:
    """``value`` as a finite ``float`` > 0 (a learning rate, a timeout in seconds)."""
    if value is None and allow_none:
        return None
    if not is_number(value) or value <= 0:
        raise invalid(name, ("None or " if allow_none else "") + "a finite number > 0", value)
    return float(value)


def non_negative_number(name: str, value) -> float:
    """``value`` as a finite ``float`` >= 0 (a noise level)."""
    if not is_number(value) or value < 0:
        raise invalid(name, "a finite number >= 0", value)
    return float(value)


def fraction(name: str, value) -> float:
    """``value`` as a ``float`` in [0, 1): a dropout rate, a momentum, an augmentation strength."""
    if not is_number(value) or not 0 <= value < 1:
        raise invalid(name, "a number in [0, 1)", value)
    return float(value)


def positive_ints(name: str, value, *, allow_empty: bool = False) -> tuple[int, ...]:
    """``value`` as a tuple of positive ints, e.g. ``hidden_units=(128, 64)``."""
    if not isinstance(value, (tuple, list)) or (not value and not allow_empty) \
            or not all(is_int(v) and v >= 1 for v in value):
        raise invalid(name, "a tuple of positive integers such as (128, 64)"
                      + (", or () for none" if allow_empty else ""), value)
    return tuple(int(v) for v in value)


def one_of(name: str, value, choices):
    """``value`` if it is one of ``choices``; the error lists them all."""
    choices = tuple(choices)
    try:  # True == 1, so a bool matches only a bool among the choices
        ok = value in choices and (not isinstance(value, bool) or any(c is value for c in choices))
    except (TypeError, ValueError):  # an array compared with the choices
        ok = False
    if not ok:
        raise invalid(name, f"one of {choices}", value)
    return value


def flag(name: str, value) -> bool:
    """``value`` if it is True or False (not 0/1 or a string, which hide mistakes)."""
    if not isinstance(value, (bool, np.bool_)):
        raise invalid(name, "True or False", value)
    return bool(value)


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
        raise invalid(name, f"an array with {' or '.join(map(str, ndims))} dimensions",
                      received=f"{name}.shape={arr.shape}")
    if finite and not np.all(np.isfinite(arr)):
        raise ValueError(f"Argument `{name}` contains NaN or infinite values.")
    return arr if np.issubdtype(arr.dtype, np.floating) else arr.astype(np.float64)


def input_shape(value, *, layout: str, ranks=None) -> tuple[int, ...]:
    """``value`` as a tuple of positive ints whose length is in ``ranks`` (any if None).

    The batch axis is not part of it: an MNIST image has ``input_shape=(28, 28, 1)``.
    ``layout`` says what the axes mean in the error, e.g. ``"(height, width, channels)"``.
    """
    if not isinstance(value, (tuple, list)) or not value \
            or (ranks is not None and len(value) not in ranks) \
            or not all(is_int(d) and d >= 1 for d in value):
        raise invalid("input_shape", f"a tuple {layout} of positive integers, without the "
                      "batch axis", value)
    return tuple(int(d) for d in value)


def activation(name: str, value, *, allow_none: bool = False):
    """``value`` if it names a Keras activation (``"relu"``, ``"tanh"``, ``"gelu"``, ...).

    Only names are accepted, not Python functions, so the model saves to ``.keras`` and
    loads back with ``safe_mode=True``. With ``allow_none``, None means "linear" (logits).
    """
    if value is None and allow_none:
        return None
    expected = ("the name of a Keras activation such as 'relu', 'tanh' or 'gelu'"
                + (", or None for logits" if allow_none else ""))
    if not isinstance(value, str):
        raise invalid(name, expected, value)
    import keras  # only here: the rest of this module is NumPy only

    try:
        keras.activations.get(value)
    except ValueError:
        raise invalid(name, expected, value) from None
    return value
