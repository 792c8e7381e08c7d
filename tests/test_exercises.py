"""tfcourse.exercises: each reference answer passes, each anticipated mistake is named (es, en)."""

import importlib

import numpy as np
import pytest

from tfcourse.exercises import ____, language
from tfcourse.exercises._core import COMMON, Question

MODULES = ["linear_regression"]


def _questions():
    for name in MODULES:
        module = importlib.import_module(f"tfcourse.exercises.{name}")
        for attr in module.__all__:
            yield pytest.param(getattr(module, attr), id=f"{name}.{attr}")


QUESTIONS = list(_questions())


def test_every_lesson_has_at_least_three_questions():
    for name in MODULES:
        module = importlib.import_module(f"tfcourse.exercises.{name}")
        assert sum(isinstance(getattr(module, a), Question) for a in module.__all__) >= 3, name


@pytest.mark.parametrize("question", QUESTIONS)
@pytest.mark.parametrize("lang", ["es", "en"])
def test_the_reference_solution_passes(question, lang):
    feedback = question.check(question.reference(), lang=lang)
    assert feedback.status == "correct", feedback
    assert str(feedback.message) == question.correct[lang]


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_blank_answer_is_not_answered_yet(question, monkeypatch):
    monkeypatch.delenv("TFCOURSE_LANG", raising=False)
    assert repr(question.check(____)).startswith("… Sin responder todavía")
    assert repr(question.check(lang="en")).startswith("… Not answered yet")


@pytest.mark.parametrize("question", QUESTIONS)
def test_a_wrong_type_says_what_was_expected(question):
    feedback = question.check(object(), lang="en")
    assert feedback.status == "wrong" and feedback.mistake == "type", feedback
    assert "Expected a" in feedback.message and "got object" in feedback.message


@pytest.mark.parametrize("question", QUESTIONS)
def test_hints_come_one_at_a_time_and_the_solution_prints(question, capsys):
    for i in range(len(question.hints) + 1):
        question.hint(lang="es")
    lines = capsys.readouterr().out.splitlines()
    n = len(question.hints)
    assert lines[0].startswith(f"Pista 1/{n}:") and lines[-1].startswith(f"Pista {n}/{n}:")
    question.solution(lang="en")
    assert question.solution_code in capsys.readouterr().out


def test_language_comes_from_the_environment_and_is_checked(monkeypatch):
    monkeypatch.setenv("TFCOURSE_LANG", "en")
    assert language() == "en"
    with pytest.raises(ValueError, match="Received: lang='fr'"):
        language("fr")


# ------------------------------------------------------------------ anticipated mistakes


def _sq(t0, t1, x, y):
    return t0 + t1 * x - y


def _unsimultaneous(t0, t1, x, y, a):
    t0 = t0 - a * np.mean(_sq(t0, t1, x, y))
    return t0, t1 - a * np.mean(_sq(t0, t1, x, y) * x)


def _raises(*_):
    raise KeyError("theta")


MISTAKES = [
    # (module, question, wrong answer, key, Spanish fragment, English fragment)
    ("linear_regression", "q1", lambda t0, t1, x, y: np.sum(_sq(t0, t1, x, y) ** 2) / len(x),
     "no_half", "Falta el 1/2 de 1/(2m)", "The 1/2 of 1/(2m) is missing"),
    ("linear_regression", "q1", lambda t0, t1, x, y: np.sum(_sq(t0, t1, x, y) ** 2) / 2,
     "no_mean", "falta dividir entre m", "divide by m too"),
    ("linear_regression", "q1", lambda t0, t1, x, y: np.sum(_sq(t0, t1, x, y) ** 2),
     "no_scale", "sin el 1/(2m)", "without the 1/(2m)"),
    ("linear_regression", "q1", lambda t0, t1, x, y: np.sum(_sq(t0, t1, x, y)) / (2 * len(x)),
     "not_squared", "sin elevarlos al cuadrado", "without squaring them"),
    ("linear_regression", "q1", lambda t0, t1, x, y: np.abs(_sq(t0, t1, x, y)).sum() / (2 * len(x)),
     "abs", "valor absoluto", "absolute value"),
    ("linear_regression", "q1", lambda t0, t1, x, y: _sq(t0, t1, x, y) ** 2 / (2 * len(x)),
     "not_summed", "J es un solo número", "J is one number"),
    ("linear_regression", "q1", lambda t0, t1, x, y: 1.0, "value", "se esperaba", "expected"),
    ("linear_regression", "q1", _raises, "raised", "KeyError: 'theta'", "KeyError: 'theta'"),
    ("linear_regression", "q2", _unsimultaneous, "not_simultaneous", "No es simultáneo",
     "Not simultaneous"),
    ("linear_regression", "q2", lambda t0, t1, x, y, a: (
        t0 + a * np.mean(_sq(t0, t1, x, y)), t1 + a * np.mean(_sq(t0, t1, x, y) * x)),
     "sign", "Sumas el gradiente", "You add the gradient"),
    ("linear_regression", "q2", lambda t0, t1, x, y, a: (
        t0 - a * np.sum(_sq(t0, t1, x, y)), t1 - a * np.sum(_sq(t0, t1, x, y) * x)),
     "no_mean", "falta el 1/m", "the 1/m is missing"),
    ("linear_regression", "q2", lambda t0, t1, x, y, a: (
        t0 - a * np.mean(_sq(t0, t1, x, y)), t1 - a * np.mean(_sq(t0, t1, x, y))),
     "no_x", "lleva el factor x", "carries the factor x"),
    ("linear_regression", "q2", lambda t0, t1, x, y, a: t0, "type", "un par (theta0, theta1)",
     "a pair (theta0, theta1)"),
    ("linear_regression", "q3", 0.01, "too_slow", "72.9% por encima del mínimo 0.4934",
     "72.9% above the minimum 0.4934"),
    ("linear_regression", "q3", 0.95, "diverges", "el coste explota", "the cost blows up"),
    ("linear_regression", "q3", 0, "not_positive", "número positivo", "positive number"),
]


@pytest.mark.parametrize("module, name, answer, key, es, en", MISTAKES,
                         ids=[f"{m}.{q}-{k}" for m, q, _, k, _, _ in MISTAKES])
def test_each_anticipated_mistake_gets_its_own_message(module, name, answer, key, es, en):
    question = getattr(importlib.import_module(f"tfcourse.exercises.{module}"), name)
    for lang, fragment in (("es", es), ("en", en)):
        feedback = question.check(answer, lang=lang)
        assert (feedback.status, feedback.mistake) == ("wrong", key), feedback
        assert fragment in feedback.message, feedback


def test_every_anticipated_mistake_has_a_test():
    tested = {(m, q, k) for m, q, _, k, _, _ in MISTAKES}
    for name in MODULES:
        module = importlib.import_module(f"tfcourse.exercises.{name}")
        for attr in module.__all__:
            question = getattr(module, attr)
            own = set(question.messages) - set(COMMON)
            assert {(name, attr, k) for k in own} <= tested, (name, attr, own)


def test_a_function_that_still_returns_the_blank_is_not_answered_yet():
    from tfcourse.exercises import linear_regression as ej

    assert ej.q1.check(lambda t0, t1, x, y: ____ * 2).status == "blank"


def test_an_answer_no_checker_foresaw_is_reported_not_raised():
    from tfcourse.exercises import linear_regression as ej

    feedback = ej.q1.check(lambda t0, t1, x, y: "many", lang="en")
    assert feedback.mistake == "unchecked" and "ValueError" in feedback.message, feedback
