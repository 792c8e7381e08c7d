"""Argument checks every builder shares, so bad input fails at once with one kind of message.

Each check returns the value in a clean form (``int``, ``float``, ``tuple``) or raises a
`ValueError` in the Keras form: name the argument, say what is allowed, echo what came in::

    Invalid value for argument `units`: expected a positive integer. Received: units=0

Failing here, before a single layer exists, beats a shape error from deep inside Keras.
"""

from __future__ import annotations

import numbers

import keras


def _invalid(name: str, expected: str, value) -> ValueError:
    return ValueError(
        f"Invalid value for argument `{name}`: expected {expected}. Received: {name}={value!r}"
    )


def _is_int(value) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def positive_int(name: str, value) -> int:
    """``value`` as an ``int`` >= 1."""
    if not _is_int(value) or value < 1:
        raise _invalid(name, "a positive integer", value)
    return int(value)


def positive_ints(name: str, value, *, allow_empty: bool = False) -> tuple[int, ...]:
    """``value`` as a tuple of positive ints, e.g. ``hidden_units=(128, 64)``."""
    expected = "a tuple of positive integers such as (128, 64)" + (
        ", or () for none" if allow_empty else "")
    if not isinstance(value, (tuple, list)) or (not value and not allow_empty) \
            or not all(_is_int(v) and v >= 1 for v in value):
        raise _invalid(name, expected, value)
    return tuple(int(v) for v in value)


def rate(name: str, value) -> float:
    """``value`` as a float in [0, 1): a dropout rate or an augmentation strength."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not 0 <= value < 1:
        raise _invalid(name, "a number in [0, 1)", value)
    return float(value)


def num_classes(value) -> int:
    """The number of classes, an ``int`` >= 2 (one class leaves nothing to classify)."""
    if not _is_int(value) or value < 2:
        raise _invalid("num_classes", "an integer >= 2", value)
    return int(value)


def input_shape(value, *, layout: str, ranks=None) -> tuple[int, ...]:
    """``value`` as a tuple of positive ints; its length must be in ``ranks`` (any if None).

    The batch axis is not part of it: an MNIST image has ``input_shape=(28, 28, 1)``.
    ``layout`` says what the axes mean in the error, e.g. ``"(height, width, channels)"``.
    """
    if not isinstance(value, (tuple, list)) or not value \
            or (ranks is not None and len(value) not in ranks) \
            or not all(_is_int(d) and d >= 1 for d in value):
        raise _invalid("input_shape", f"a tuple {layout} of positive integers, without the "
                       "batch axis", value)
    return tuple(int(d) for d in value)


def activation(name: str, value, *, allow_none: bool = False):
    """``value`` if it names a Keras activation (``"relu"``, ``"tanh"``, ``"gelu"``, ...).

    Only names are accepted, not Python functions, so the model saves to ``.keras`` and
    loads back with ``safe_mode=True``. With ``allow_none``, None means "linear" (logits).
    """
    if value is None and allow_none:
        return None
    expected = "the name of a Keras activation such as 'relu', 'tanh' or 'gelu'" + (
        ", or None for logits" if allow_none else "")
    if not isinstance(value, str):
        raise _invalid(name, expected, value)
    try:
        keras.activations.get(value)
    except ValueError:
        raise _invalid(name, expected, value) from None
    return value


def one_of(name: str, value, choices):
    """``value`` if it is one of ``choices``; the error lists them all."""
    if value not in tuple(choices):
        raise _invalid(name, f"one of {tuple(choices)}", value)
    return value


def flag(name: str, value) -> bool:
    """``value`` if it is True or False (not 0/1 or a string, which hide mistakes)."""
    if not isinstance(value, bool):
        raise _invalid(name, "True or False", value)
    return value


def optional_seed(value) -> int | None:
    """A random seed: None (fresh randomness) or a non-negative integer."""
    if value is not None and (not _is_int(value) or value < 0):
        raise _invalid("seed", "None or a non-negative integer", value)
    return None if value is None else int(value)
