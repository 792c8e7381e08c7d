"""Anticipated mistakes of the concepts exercises: wrong answers written by hand."""

import numpy as np


def _update(sign=1, always=False, bias=True, eta_used=True):
    def update(w, b, x, t, eta):
        o = 1 if w @ x + b > 0 else -1
        step = (eta if eta_used else 1) * sign * t
        if o != t or always:
            w, b = w + step * x, b + step * bias
        return w, b
    return update


def _double_sigmoid(o, t):
    s = 1 / (1 + np.exp(-o))
    return s * (1 - s) * (t - o)


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", lambda W, K, P, S: (W - K) // S + 1, "no_padding", "Falta el relleno",
     "The padding is missing"),
    ("q1", lambda W, K, P, S: (W - K + P) // S + 1, "padding_once", "das 111, no 112",
     "you give 111, not 112"),
    ("q1", lambda W, K, P, S: (W - K + 2 * P) // S, "no_plus_one", "Falta el +1",
     "The +1 is missing"),
    ("q1", lambda W, K, P, S: (W - K + 2 * P) / S + 1, "not_floored", "das 112.5",
     "you give 112.5"),
    ("q1", lambda W, K, P, S: -(-(W - K + 2 * P) // S) + 1, "ceil", "Redondeas hacia arriba",
     "You round up"),
    ("q1", lambda W, K, P, S: W, "value", "output_size(224, 7, 3, 2) = 112",
     "output_size(224, 7, 3, 2) = 112"),
    ("q1", lambda W, K, P, S: "112", "type", "un número", "a number"),
    ("q2", _update(sign=-1), "sign", "El signo está al revés", "The sign is backwards"),
    ("q2", _update(always=True), "always", "ya está bien clasificado",
     "already classified right"),
    ("q2", _update(bias=False), "no_bias", "b ← b + η t", "b ← b + η t"),
    ("q2", _update(eta_used=False), "no_rate", "η = 0.3", "η = 0.3"),
    ("q2", lambda w, b, x, t, eta: w, "type", "un par (w, b)", "a pair (w, b)"),
    ("q2", lambda w, b, x, t, eta: (w * 0, b), "value", "w + η t x", "w + η t x"),
    ("q3", lambda o, t: t - o, "no_derivative", "Falta el factor ok(1 − ok)",
     "The factor ok(1 − ok)"),
    ("q3", lambda o, t: o * (1 - o) * (o - t), "sign", "(tk − ok)", "(tk − ok)"),
    ("q3", _double_sigmoid, "double_sigmoid", "Aplicas la sigmoide otra vez",
     "You apply the sigmoid again"),
    ("q3", lambda o, t: o[0], "shape", "(4, 2)", "(4, 2)"),
    ("q3", lambda o, t: (1 - o) * (t - o), "value", "se esperaba", "expected"),
    ("q4", 3 * 3 * 32 * 64, "no_bias", "falta un sesgo por filtro", "one bias per filter"),
    ("q4", (3 * 3 + 1) * 64, "no_channels", "olvida los canales de entrada",
     "forgets the input channels"),
    ("q4", (3 * 3 + 1) * 32 * 64, "bias_per_channel", "un sesgo por canal de entrada",
     "one bias per input channel"),
    ("q4", 3 * 3 * 32 + 1, "no_filters", "un solo filtro", "a single filter"),
    ("q4", 1000, "value", "(K·K·C_in + 1)·C_out", "(K·K·C_in + 1)·C_out"),
    ("q4", 18496.5, "type", "un número entero", "a whole number"),
]
