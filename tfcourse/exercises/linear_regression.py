"""Ejercicios — regresión lineal: the cost, one simultaneous step, a learning rate that works.

Example:
    >>> from tfcourse.exercises import ____, linear_regression as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

import numpy as np

from tfcourse.exercises._compare import close
from tfcourse.exercises._core import Mistake, load_questions, call, expect_function, expect_number

__all__ = ["q1", "q2", "q3"]


def _line(seed: int = 0, m: int = 7):
    """Fresh random parameters and points, so a hard-coded answer cannot pass."""
    rng = np.random.default_rng(seed)
    theta0, theta1 = rng.normal(size=2)
    x = rng.uniform(-2, 2, m)  # (m,)
    return float(theta0), float(theta1), x, 1.0 + 2.0 * x + rng.normal(size=m)


# ------------------------------------------------------------------ q1: J(θ0, θ1)


def _check_cost(cost):
    expect_function(cost)
    for seed in range(3):
        theta0, theta1, x, y = _line(seed)
        got = np.asarray(call(cost, theta0, theta1, x, y), dtype=float)
        err = theta0 + theta1 * x - y  # (m,)
        if got.shape == err.shape:
            raise Mistake("not_summed", shape=got.shape)
        if got.shape != ():
            raise Mistake("shape", expected="()", received=got.shape)
        m = len(x)
        for key, value in (("ok", err @ err / (2 * m)), ("no_half", err @ err / m),
                           ("no_mean", err @ err / 2), ("no_scale", err @ err),
                           ("not_squared", err.sum() / (2 * m)),
                           ("abs", np.abs(err).sum() / (2 * m))):
            if close(got, value):
                if key != "ok":
                    raise Mistake(key, got=float(got), want=err @ err / (2 * m))
                break
        else:
            raise Mistake("value", expected=f"{err @ err / (2 * m):.6g}", received=f"{got:.6g}")


# ------------------------------------------------------------------ q2: one simultaneous step


def _reference_step(theta0, theta1, x, y, alpha):
    err = theta0 + theta1 * x - y  # (m,)
    return theta0 - alpha * err.mean(), theta1 - alpha * (err * x).mean()


def _check_step(step):
    expect_function(step)
    for seed in range(3):
        theta0, theta1, x, y = _line(seed)
        alpha = 0.1
        got = call(step, theta0, theta1, x, y, alpha)
        try:
            got = tuple(float(v) for v in got)
        except (TypeError, ValueError):
            got = None
        if got is None or len(got) != 2:
            raise Mistake("type", expected={"es": "un par (theta0, theta1) de números",
                                            "en": "a pair (theta0, theta1) of numbers"},
                          received=type(got).__name__)
        err = theta0 + theta1 * x - y  # (m,)
        new0 = theta0 - alpha * err.mean()
        err_after = new0 + theta1 * x - y  # (m,) with the already-updated θ0
        candidates = {
            "ok": _reference_step(theta0, theta1, x, y, alpha),
            "not_simultaneous": (new0, theta1 - alpha * (err_after * x).mean()),
            "sign": (theta0 + alpha * err.mean(), theta1 + alpha * (err * x).mean()),
            "no_mean": (theta0 - alpha * err.sum(), theta1 - alpha * (err * x).sum()),
            "no_x": (new0, theta1 - alpha * err.mean()),
        }
        for key, value in candidates.items():
            if close(got, value):
                if key != "ok":
                    raise Mistake(key)
                break
        else:
            want = candidates["ok"]
            raise Mistake("value", expected=f"({want[0]:.6g}, {want[1]:.6g})",
                          received=f"({got[0]:.6g}, {got[1]:.6g})")


# ------------------------------------------------------------------ q3: a learning rate


STEPS, TOLERANCE = 100, 0.01  # within 1% of the least-squares cost after 100 steps


def _check_alpha(alpha):
    alpha = expect_number(alpha)
    if alpha <= 0:
        raise Mistake("not_positive", alpha=alpha)
    from tfcourse.data import make_line
    from tfcourse.lowlevel import linear_regression

    data = make_line()
    x, y = data.x_train.astype(float), data.y_train.astype(float)
    design = np.c_[np.ones_like(x), x]  # (m, 2)
    best = np.linalg.lstsq(design, y, rcond=None)[0]
    j_min = float(np.sum((design @ best - y) ** 2) / (2 * len(x)))
    try:
        fit = linear_regression.fit_numpy(x, y, lr=alpha, steps=STEPS)
    except FloatingPointError:  # fit_numpy's DivergenceError
        raise Mistake("diverges", alpha=alpha) from None
    j = linear_regression.cost(x, y, fit.weights, fit.bias)
    if j > j_min * (1 + TOLERANCE):
        raise Mistake("too_slow", alpha=alpha, j=j, j_min=j_min, gap=100 * (j / j_min - 1))

q1, q2, q3 = load_questions(
    __name__,
    _check_cost,
    _check_step,
    _check_alpha,
)
