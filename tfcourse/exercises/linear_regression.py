"""Ejercicios — regresión lineal: the cost, one simultaneous step, a learning rate that works.

Example:
    >>> from tfcourse.exercises import ____, linear_regression as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

import numpy as np

from tfcourse.exercises._compare import close
from tfcourse.exercises._core import Mistake, Question, call, expect_function, expect_number

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


q1 = Question(
    answer="cost",
    task={"es": "Escribe el coste J(θ0, θ1) = 1/(2m) Σ (θ0 + θ1·x⁽ⁱ⁾ − y⁽ⁱ⁾)² como una función "
                "cost(theta0, theta1, x, y) que devuelve un número (x e y son arrays de NumPy).",
          "en": "Write the cost J(θ0, θ1) = 1/(2m) Σ (θ0 + θ1·x⁽ⁱ⁾ − y⁽ⁱ⁾)² as a function "
                "cost(theta0, theta1, x, y) returning a number (x and y are NumPy arrays)."},
    checker=_check_cost,
    hints=[{"es": "Primero el error de cada ejemplo: err = theta0 + theta1 * x - y.",
            "en": "First each example's error: err = theta0 + theta1 * x - y."},
           {"es": "Eleva al cuadrado, suma y divide entre 2m, con m = len(x).",
            "en": "Square it, sum, and divide by 2m, with m = len(x)."}],
    solution="""
        import numpy as np

        def cost(theta0, theta1, x, y):
            err = theta0 + theta1 * x - y  # (m,)
            return np.sum(err ** 2) / (2 * len(x))
    """,
    correct={"es": "¡Correcto! El 1/(2m) hace que J no crezca con el número de ejemplos, y el 2 "
                   "se cancela al derivar: ∂J/∂θ0 = 1/m Σ (h − y).",
             "en": "Correct! The 1/(2m) keeps J from growing with the number of examples, and "
                   "the 2 cancels when you differentiate: ∂J/∂θ0 = 1/m Σ (h − y)."},
    mistakes={
        "not_summed": {"es": "Devuelves un array de forma {shape}: un error por ejemplo. J es un "
                             "solo número: suma los cuadrados (np.sum) y divide entre 2m.",
                       "en": "You return an array of shape {shape}: one error per example. J is "
                             "one number: sum the squares (np.sum) and divide by 2m."},
        "no_half": {"es": "Casi: tu J ({got:.6g}) es el doble del esperado ({want:.6g}). Falta el "
                          "1/2 de 1/(2m): divide entre 2 * len(x), no entre len(x).",
                    "en": "Almost: your J ({got:.6g}) is twice the expected one ({want:.6g}). The "
                          "1/2 of 1/(2m) is missing: divide by 2 * len(x), not len(x)."},
        "no_mean": {"es": "Tu J ({got:.6g}) es m veces el esperado ({want:.6g}): falta dividir "
                          "entre m. Sin el 1/m, J crece con el número de ejemplos.",
                    "en": "Your J ({got:.6g}) is m times the expected one ({want:.6g}): divide "
                          "by m too. Without 1/m, J grows with the number of examples."},
        "no_scale": {"es": "Tu J ({got:.6g}) es la suma de cuadrados sin el 1/(2m) (esperado "
                           "{want:.6g}): divide entre 2 * len(x).",
                     "en": "Your J ({got:.6g}) is the sum of squares without the 1/(2m) "
                           "(expected {want:.6g}): divide by 2 * len(x)."},
        "not_squared": {"es": "Sumas los errores sin elevarlos al cuadrado: los positivos y "
                              "negativos se cancelan. Usa err ** 2.",
                        "en": "You sum the errors without squaring them: positive and negative "
                              "ones cancel out. Use err ** 2."},
        "abs": {"es": "Usas el valor absoluto |h − y|; el coste de la regresión lineal es el "
                      "error *cuadrático*: err ** 2 (derivable en 0 y con el gradiente de la "
                      "diapositiva).",
                "en": "You use the absolute value |h − y|; linear regression's cost is the "
                      "*squared* error: err ** 2 (differentiable at 0, with the slide's "
                      "gradient)."},
    },
)


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


q2 = Question(
    answer="step",
    task={"es": "Escribe un paso de descenso de gradiente, step(theta0, theta1, x, y, alpha), que "
                "devuelve (theta0, theta1) actualizados *a la vez*: θj := θj − α ∂J/∂θj.",
          "en": "Write one gradient-descent step, step(theta0, theta1, x, y, alpha), returning "
                "(theta0, theta1) updated *simultaneously*: θj := θj − α ∂J/∂θj."},
    checker=_check_step,
    hints=[{"es": "∂J/∂θ0 = 1/m Σ (h − y) y ∂J/∂θ1 = 1/m Σ (h − y)·x.",
            "en": "∂J/∂θ0 = 1/m Σ (h − y) and ∂J/∂θ1 = 1/m Σ (h − y)·x."},
           {"es": "Calcula err = theta0 + theta1 * x - y UNA vez, con los valores viejos, y "
                  "úsalo para los dos gradientes antes de cambiar nada.",
            "en": "Compute err = theta0 + theta1 * x - y ONCE, from the old values, and use it "
                  "for both gradients before changing anything."}],
    solution="""
        def step(theta0, theta1, x, y, alpha):
            err = theta0 + theta1 * x - y  # (m,), with the old θ0 and θ1
            return theta0 - alpha * err.mean(), theta1 - alpha * (err * x).mean()
    """,
    correct={"es": "¡Correcto! Las dos derivadas usan los mismos θ viejos: es la actualización "
                   "simultánea de la diapositiva (temp0, temp1, y luego asignar).",
             "en": "Correct! Both derivatives use the same old θ: the slide's simultaneous "
                   "update (temp0, temp1, then assign)."},
    mistakes={
        "not_simultaneous": {
            "es": "No es simultáneo: calculas θ1 con el θ0 ya actualizado. Calcula los dos "
                  "gradientes con los valores viejos y actualiza después (temp0, temp1).",
            "en": "Not simultaneous: you compute θ1 with the already-updated θ0. Compute both "
                  "gradients from the old values, then update (temp0, temp1)."},
        "sign": {"es": "Sumas el gradiente: eso sube por la superficie de coste. El descenso "
                       "resta: θ := θ − α ∂J/∂θ.",
                 "en": "You add the gradient: that climbs the cost surface. Descent subtracts: "
                       "θ := θ − α ∂J/∂θ."},
        "no_mean": {"es": "Usas la suma de los errores, no su media: falta el 1/m, así que el "
                          "paso crece con el número de ejemplos (y diverge con muchos datos).",
                    "en": "You use the sum of the errors, not their mean: the 1/m is missing, so "
                          "the step grows with the number of examples (and diverges on big "
                          "data)."},
        "no_x": {"es": "El gradiente de θ1 lleva el factor x: ∂J/∂θ1 = 1/m Σ (h − y)·x. Tu θ1 "
                       "usa el de θ0.",
                 "en": "θ1's gradient carries the factor x: ∂J/∂θ1 = 1/m Σ (h − y)·x. Your θ1 "
                       "uses θ0's."},
    },
)


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


q3 = Question(
    answer="alpha",
    task={"es": "Elige una tasa de aprendizaje α con la que fit_numpy llegue, en 100 pasos sobre "
                "make_line(), a menos de un 1% del coste mínimo (el de mínimos cuadrados).",
          "en": "Pick a learning rate α with which fit_numpy gets, in 100 steps on make_line(), "
                "within 1% of the minimum cost (the least-squares one)."},
    checker=_check_alpha,
    hints=[{"es": "Prueba varios valores: 0.001, 0.01, 0.1, 1. ¿Cuál baja J y cuál explota?",
            "en": "Try several values: 0.001, 0.01, 0.1, 1. Which lowers J, which blows up?"},
           {"es": "Demasiado pequeño avanza poco en 100 pasos; demasiado grande diverge. Aquí "
                  "funciona algo entre 0.2 y 0.8.",
            "en": "Too small moves little in 100 steps; too large diverges. Here something "
                  "between 0.2 and 0.8 works."}],
    solution="alpha = 0.5",
    correct={"es": "¡Correcto! Con esa α el descenso llega al mínimo en 100 pasos sin pasarse.",
             "en": "Correct! With that α descent reaches the minimum in 100 steps without "
                   "overshooting."},
    mistakes={
        "not_positive": {"es": "α = {alpha:g} no baja por la pendiente: la tasa de aprendizaje "
                               "es un número positivo.",
                         "en": "α = {alpha:g} does not go downhill: the learning rate is a "
                               "positive number."},
        "diverges": {"es": "Con α = {alpha:g} el coste explota (diverge): cada paso se pasa del "
                           "mínimo y rebota más lejos. Prueba una α más pequeña.",
                     "en": "With α = {alpha:g} the cost blows up (diverges): each step overshoots "
                           "the minimum and lands further away. Try a smaller α."},
        "too_slow": {"es": "Con α = {alpha:g}, tras 100 pasos J = {j:.4g}, un {gap:.1f}% por "
                           "encima del mínimo {j_min:.4g}: avanza demasiado despacio. Prueba una "
                           "α mayor.",
                     "en": "With α = {alpha:g}, after 100 steps J = {j:.4g}, {gap:.1f}% above "
                           "the minimum {j_min:.4g}: too slow. Try a larger α."},
    },
)
