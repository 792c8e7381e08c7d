"""Ejercicios — aumento de datos: the lesson's block, a transform digits forbid, inference.

Example:
    >>> from tfcourse.exercises import ____, augmentation as ej
    >>> ej.q2.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises import _model_checks as models
from tfcourse.exercises._core import Mistake, load_questions, _describe, expect_function

__all__ = ["q1", "q2", "q3"]

AUGMENT = {"rotation": 0.05, "zoom": 0.1, "translation": 0.1}  # the lesson's, without flip
NAMES = {"RandomRotation": "rotation", "RandomZoom": "zoom", "RandomTranslation": "translation"}


def _layers(layer):
    """Every layer inside ``layer`` (nested Sequential blocks too), depth first."""
    for sub in getattr(layer, "layers", ()):
        yield sub
        yield from _layers(sub)


def _span(factor) -> tuple:
    """A factor as Keras reads it: 0.1 means (−0.1, 0.1)."""
    if isinstance(factor, (int, float)):
        return (-abs(float(factor)), abs(float(factor)))
    return tuple(float(f) for f in factor)


# ------------------------------------------------------------------ q1: the lesson's block


def _factors(layer) -> tuple:
    kind = type(layer).__name__
    if kind == "RandomRotation":
        return (_span(layer.factor),)
    if kind == "RandomZoom":
        height = _span(layer.height_factor)
        return (height, height if layer.width_factor is None else _span(layer.width_factor))
    return (_span(layer.height_factor), _span(layer.width_factor))  # RandomTranslation


def _check_block(build):
    expect_function(build)
    block = models.expect_model(build, (28, 28, 1))
    from tfcourse.models import augmentation_block

    found = {type(layer).__name__: layer for layer in _layers(block)}
    want = {type(layer).__name__: layer
            for layer in _layers(augmentation_block((28, 28, 1), flip=None, **AUGMENT))}
    if "RandomFlip" in found:
        raise Mistake("flip", mode=found["RandomFlip"].mode)
    missing = [NAMES[k] for k in want if k not in found]
    if missing:
        raise Mistake("missing", names=", ".join(missing))
    extra = sorted(k for k in found if k not in want and k != "InputLayer")
    if extra:
        raise Mistake("extra", names=", ".join(extra))
    for kind, layer in want.items():
        got, expected = _factors(found[kind]), _factors(layer)
        if got != expected:
            if kind == "RandomTranslation" and 0.0 in (max(got[0]), max(got[1])):
                raise Mistake("one_axis")
            raise Mistake(NAMES[kind], got=got[0], want=expected[0],
                          degrees=round(360 * max(got[0])))


# ------------------------------------------------------------------ q2, q3: choices


def _choice(answer, right: str, wrong: dict):
    """A letter answer: right, one of the anticipated wrong ones, or not an option."""
    if not isinstance(answer, str):
        raise Mistake("type", expected={"es": "una letra: 'a', 'b', 'c' o 'd'",
                                        "en": "a letter: 'a', 'b', 'c' or 'd'"},
                      received=_describe(answer))
    letter = answer.strip().strip("().").lower()
    if letter != right:
        raise Mistake(wrong.get(letter, "not_an_option"), answer=answer)


q1, q2, q3 = load_questions(
    __name__,
    _check_block,
    lambda answer: _choice(answer, "c", {"a": "rotation", "b": "zoom", "d": "translation"}),
    lambda answer: _choice(answer, "a", {"b": "changes_inference", "c": "seeded", "d": "error"}),
)
