"""Anticipated mistakes of the linear-regression exercises: wrong answers written by hand."""

import numpy as np


def _sq(t0, t1, x, y):
    return t0 + t1 * x - y


def _unsimultaneous(t0, t1, x, y, a):
    t0 = t0 - a * np.mean(_sq(t0, t1, x, y))
    return t0, t1 - a * np.mean(_sq(t0, t1, x, y) * x)


def _raises(*_):
    raise KeyError("theta")


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", lambda t0, t1, x, y: np.sum(_sq(t0, t1, x, y) ** 2) / len(x),
     "no_half", "Falta el 1/2 de 1/(2m)", "The 1/2 of 1/(2m) is missing"),
    ("q1", lambda t0, t1, x, y: np.sum(_sq(t0, t1, x, y) ** 2) / 2,
     "no_mean", "falta dividir entre m", "divide by m too"),
    ("q1", lambda t0, t1, x, y: np.sum(_sq(t0, t1, x, y) ** 2),
     "no_scale", "sin el 1/(2m)", "without the 1/(2m)"),
    ("q1", lambda t0, t1, x, y: np.sum(_sq(t0, t1, x, y)) / (2 * len(x)),
     "not_squared", "sin elevarlos al cuadrado", "without squaring them"),
    ("q1", lambda t0, t1, x, y: np.abs(_sq(t0, t1, x, y)).sum() / (2 * len(x)),
     "abs", "valor absoluto", "absolute value"),
    ("q1", lambda t0, t1, x, y: _sq(t0, t1, x, y) ** 2 / (2 * len(x)),
     "not_summed", "J es un solo número", "J is one number"),
    ("q1", lambda t0, t1, x, y: 1.0, "value", "se esperaba", "expected"),
    ("q1", _raises, "raised", "KeyError: 'theta'", "KeyError: 'theta'"),
    ("q2", _unsimultaneous, "not_simultaneous", "No es simultáneo",
     "Not simultaneous"),
    ("q2", lambda t0, t1, x, y, a: (
        t0 + a * np.mean(_sq(t0, t1, x, y)), t1 + a * np.mean(_sq(t0, t1, x, y) * x)),
     "sign", "Sumas el gradiente", "You add the gradient"),
    ("q2", lambda t0, t1, x, y, a: (
        t0 - a * np.sum(_sq(t0, t1, x, y)), t1 - a * np.sum(_sq(t0, t1, x, y) * x)),
     "no_mean", "falta el 1/m", "the 1/m is missing"),
    ("q2", lambda t0, t1, x, y, a: (
        t0 - a * np.mean(_sq(t0, t1, x, y)), t1 - a * np.mean(_sq(t0, t1, x, y))),
     "no_x", "lleva el factor x", "carries the factor x"),
    ("q2", lambda t0, t1, x, y, a: t0, "type", "un par (theta0, theta1)",
     "a pair (theta0, theta1)"),
    ("q3", 0.01, "too_slow", "72.9% por encima del mínimo 0.4934",
     "72.9% above the minimum 0.4934"),
    ("q3", 0.95, "diverges", "el coste explota", "the cost blows up"),
    ("q3", 0, "not_positive", "número positivo", "positive number"),
]
