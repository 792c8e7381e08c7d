"""Comparing an answer with the reference and with each anticipated wrong variant."""

from __future__ import annotations

import numpy as np

from tfcourse.exercises._core import Unanswered, _blank_in


def close(a, b, *, rtol: float = 1e-5, atol: float = 1e-6) -> bool:
    """Equal to float32 rounding, same shape; False for anything that does not compare."""
    try:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):
        return False
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def first_match(got, candidates) -> str | None:
    """The key of the first ``(key, value)`` in ``candidates`` that ``got`` equals, else None."""
    for key, value in candidates:
        if close(got, value):
            return key
    return None


def as_array(value) -> np.ndarray:
    """``value`` (a NumPy array, a tensor, a list) as a float64 array; unanswered if blank."""
    if _blank_in(value):
        raise Unanswered
    return np.asarray(value, dtype=float)


def pair(result):
    """``result`` if it is not a tuple holding a blank, e.g. ``(w + ____, b)``; else unanswered."""
    if isinstance(result, tuple) and any(_blank_in(v) for v in result):
        raise Unanswered
    return result
