"""Ejercicios: checked exercises for every lesson, offline, in Spanish (or English).

Each lesson has a module of questions ``q1, q2, ...``. Replace the blank ``____`` with your
answer and check it; hints come one at a time, and the solution is one call away::

    from tfcourse.exercises import ____, linear_regression as ej
    def cost(theta0, theta1, x, y):
        return ____
    ej.q1.check(cost)     # … Sin responder todavía ...
    ej.q1.hint()          # Pista 1/2: ...
    ej.q1.solution()

Messages are in Spanish; ``check(answer, lang="en")`` or ``TFCOURSE_LANG=en`` gives English.
A lesson's module holds its checkers; its texts (task, hints, solution, messages) are in
``texts/NAME.toml``, apart from the code, for whoever reads or translates them.
"""

from tfcourse.exercises._core import ____, Feedback, Question, language

__all__ = ["____", "Feedback", "Question", "language"]
