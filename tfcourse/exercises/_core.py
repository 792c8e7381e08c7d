"""What every exercise shares: the blank ``____``, `Question` (check, hint, solution), messages.

A lesson's exercise module defines questions ``q1, q2, ...``; a participant fills the blank and
calls ``q1.check(answer)``. A checker is a function of the answer that returns nothing when the
answer is right and raises `Mistake` naming what is wrong; `Question.check` turns that into a
message in Spanish (the workshop's language) or English, and never raises at the participant.
"""

from __future__ import annotations

import dataclasses
import os
import textwrap
import tomllib
from importlib import resources

import numpy as np

from tfcourse import validation as check

LANGUAGES = ("es", "en")
LANGUAGE_ENV = "TFCOURSE_LANG"


def language(lang: str | None = None) -> str:
    """``lang``, else ``$TFCOURSE_LANG``, else Spanish: "es" or "en"."""
    return check.one_of("lang", lang or os.environ.get(LANGUAGE_ENV) or "es", LANGUAGES)


class _Blank:
    """The placeholder a participant replaces; arithmetic on it stays blank."""

    def __repr__(self) -> str:
        return "____"

    def _same(self, *_args, **_kwargs):
        return self

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _same
    __truediv__ = __rtruediv__ = __pow__ = __rpow__ = __matmul__ = __rmatmul__ = _same
    __neg__ = __getitem__ = __call__ = _same

    def __getattr__(self, name):  # ____.sum(axis=1) stays blank; NumPy's dunder probes do not
        if name.startswith("__"):
            raise AttributeError(name)
        return self


____ = _Blank()


def _blank_in(value) -> bool:
    """True for the blank, or a tuple, list or array a blank went into (``x + ____``)."""
    if isinstance(value, _Blank):
        return True
    if isinstance(value, (tuple, list)):
        return any(_blank_in(v) for v in value)
    return (isinstance(value, np.ndarray) and value.dtype == object
            and any(isinstance(v, _Blank) for v in value.flat))


class Unanswered(Exception):
    """The answer, or what it returned, is still the blank ``____``."""


class Mistake(Exception):
    """A wrong answer: ``key`` names the mistake, ``details`` fill its message."""

    def __init__(self, key: str, **details):
        super().__init__(key)
        self.key, self.details = key, details


# messages every question can give; a question adds its own anticipated mistakes
COMMON = {
    "blank": {"es": "Sin responder todavía: sustituye ____ por tu respuesta.",
              "en": "Not answered yet: replace ____ with your answer."},
    "type": {"es": "Se esperaba {expected}; has dado {received}.",
             "en": "Expected {expected}; got {received}."},
    "raised": {"es": "Tu respuesta lanzó un error al llamarla: {error}",
               "en": "Your answer raised an error when called: {error}"},
    "shape": {"es": "La forma no es la esperada: se esperaba {expected}, has dado {received}.",
              "en": "Wrong shape: expected {expected}, got {received}."},
    "unchecked": {"es": "No he podido comprobar esta respuesta ({error}): ¿devuelve lo que pide el "
                        "enunciado?",
                  "en": "Could not check this answer ({error}): does it return what the task "
                        "asks for?"},
    "value": {"es": "Todavía no: se esperaba {expected}, has dado {received}.",
              "en": "Not yet: expected {expected}, got {received}."},
}
_MARKS = {"correct": "✓", "wrong": "✗", "blank": "…"}


@dataclasses.dataclass(frozen=True)
class Feedback:
    """What `Question.check` says: ``status`` is "correct", "wrong" or "blank"."""

    status: str
    message: str
    mistake: str | None = None  # the key of the recognised mistake, when wrong

    def __bool__(self) -> bool:
        return self.status == "correct"

    def __repr__(self) -> str:
        return f"{_MARKS[self.status]} {self.message}"


class Question:
    """One exercise: its task, hints revealed one at a time, a solution and a checker.

    Args:
        task: ``{"es": ..., "en": ...}``: what to do.
        checker: ``checker(answer)`` returns None when right, raises `Mistake` otherwise.
        hints: Hints, each ``{"es": ..., "en": ...}``, from gentle to explicit.
        solution: The reference answer as code, run by the tests exactly as shown.
        correct: ``{"es": ..., "en": ...}``: why the right answer matters.
        mistakes: ``{key: {"es": ..., "en": ...}}``: the anticipated mistakes' messages.
        answer: The name the solution code defines, e.g. ``"cost"``.
    """

    def __init__(self, *, task, checker, hints, solution, correct, mistakes, answer):
        self.task, self.hints, self.correct = task, tuple(hints), correct
        self.solution_code = textwrap.dedent(solution).strip() + "\n"
        self.answer_name, self._checker = answer, checker
        self.messages = {**COMMON, **mistakes}
        self._hints_shown = 0

    def check(self, answer=____, *, lang: str | None = None) -> Feedback:
        """Check ``answer``; returns a `Feedback` (it prints as ✓/✗/… and the message)."""
        lang = language(lang)
        try:
            if isinstance(answer, _Blank):
                raise Unanswered
            self._checker(answer)
        except Unanswered:
            return Feedback("blank", self.messages["blank"][lang])
        except Exception as e:  # an answer of a shape no checker foresaw: say so, never raise
            if not isinstance(e, Mistake):
                e = Mistake("unchecked", error=f"{type(e).__name__}: {e}")
            details = {k: v[lang] if isinstance(v, dict) else v for k, v in e.details.items()}
            return Feedback("wrong", self.messages[e.key][lang].format(**details), e.key)
        return Feedback("correct", self.correct[lang])

    def hint(self, *, lang: str | None = None) -> None:
        """Print the next hint (the last one again once all are shown)."""
        lang = language(lang)
        i = min(self._hints_shown, len(self.hints) - 1)
        self._hints_shown += 1
        label = {"es": "Pista", "en": "Hint"}[lang]
        print(f"{label} {i + 1}/{len(self.hints)}: {self.hints[i][lang]}")

    def solution(self, *, lang: str | None = None) -> None:
        """Print the reference answer."""
        print({"es": "Solución:", "en": "Solution:"}[language(lang)])
        print(self.solution_code)

    def reference(self):
        """The reference answer: the solution code run, and the object it names."""
        namespace: dict = {}
        exec(compile(self.solution_code, "<solution>", "exec"), namespace)
        return namespace[self.answer_name]

    def __repr__(self) -> str:
        return self.task[language()]


def load_questions(module: str, *checkers) -> list[Question]:
    """The questions ``q1, q2, ...`` of ``texts/NAME.toml`` for module ``...NAME``, in order,
    each with its checker (the texts live apart from the code, for whoever translates them)."""
    name = module.rsplit(".", 1)[-1]
    source = resources.files("tfcourse.exercises").joinpath("texts", f"{name}.toml")
    texts = tomllib.loads(source.read_text(encoding="utf-8"))
    if list(texts) != [f"q{i + 1}" for i in range(len(checkers))]:
        raise ValueError(f"texts/{name}.toml holds {list(texts)}, but {len(checkers)} checkers "
                         f"were given")
    return [Question(checker=checker, **texts[f"q{i + 1}"]) for i, checker in enumerate(checkers)]


# ------------------------------------------------------------------ helpers for checkers


def _describe(value) -> str:
    return f"{type(value).__name__} {value!r}" if isinstance(value, (int, float, str)) \
        else type(value).__name__


def expect_function(answer):
    """``answer`` if callable, else a "type" mistake."""
    if not callable(answer):
        raise Mistake("type", expected={"es": "una función (def ...)", "en": "a function (def ...)"},
                      received=_describe(answer))
    return answer


def call(fn, *args):
    """``fn(*args)``: a result with a blank in it is unanswered; an error becomes a "raised"
    mistake."""
    try:
        result = fn(*args)
    except Exception as e:  # the participant's code: report it, never re-raise
        if "_Blank" in str(e):  # e.g. np.exp(z - ____): NumPy cannot compute with the blank
            raise Unanswered from None
        raise Mistake("raised", error=f"{type(e).__name__}: {e}") from None
    if _blank_in(result):
        raise Unanswered
    return result


def expect_number(answer, *, integer: bool = False):
    """``answer`` as a float (or int), else a "type" mistake."""
    if not (check.is_int(answer) if integer else check.is_number(answer)):
        expected = ({"es": "un número entero", "en": "a whole number"} if integer
                    else {"es": "un número", "en": "a number"})
        raise Mistake("type", expected=expected, received=_describe(answer))
    return int(answer) if integer else float(answer)
