"""tfcourse.exercises: each reference answer passes, each anticipated mistake is named (es, en)."""

import importlib
import importlib.util
import pathlib
import pkgutil

import numpy as np
import pytest

from tfcourse import exercises
from tfcourse.exercises import ____, language
from tfcourse.exercises._core import COMMON, Question

MODULES = sorted(m.name for m in pkgutil.iter_modules(exercises.__path__)
                 if not m.name.startswith("_"))
CASES = pathlib.Path(__file__).parent / "exercise_cases"


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
# tests/exercise_cases/LESSON.py: MISTAKES = [(question, wrong answer, key, Spanish, English)]


def _cases():
    for path in sorted(CASES.glob("*.py")):
        spec = importlib.util.spec_from_file_location(f"exercise_cases_{path.stem}", path)
        cases = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(cases)
        for question, answer, key, es, en in cases.MISTAKES:
            yield path.stem, question, answer, key, es, en


MISTAKES = list(_cases())


@pytest.mark.parametrize("module, name, answer, key, es, en", MISTAKES,
                         ids=[f"{m}.{q}-{k}" for m, q, _, k, _, _ in MISTAKES])
def test_each_anticipated_mistake_gets_its_own_message(module, name, answer, key, es, en):
    question = getattr(importlib.import_module(f"tfcourse.exercises.{module}"), name)
    for lang, fragment in (("es", es), ("en", en)):
        feedback = question.check(answer, lang=lang)
        assert (feedback.status, feedback.mistake) == ("wrong", key), feedback
        assert fragment in feedback.message, feedback


def test_every_lesson_has_its_cases_file():
    assert sorted(p.stem for p in CASES.glob("*.py")) == MODULES


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


@pytest.mark.parametrize("answer", [
    lambda t0, t1, x, y: ____.sum(axis=0),            # a method of the blank
    lambda t0, t1, x, y: np.exp(x - ____).sum(),      # NumPy cannot compute with it
    lambda t0, t1, x, y: (t0 - ____, t1),             # a tuple with a blank inside
    lambda t0, t1, x, y: x * ____,                    # an array a blank went into
])
def test_an_answer_half_filled_in_is_still_not_answered(answer):
    from tfcourse.exercises import linear_regression as ej

    assert ej.q1.check(answer).status == "blank"
