"""Anticipated mistakes of the RNN exercises: wrong answers written by hand."""

import numpy as np


def _windows(count=0, step=1, target=0, feature_axis=True):
    """A participant's windows(): ``count`` windows more than n − size, ``target`` steps off."""
    def windows(series, size):
        starts = range(0, len(series) - size + count, step)
        X = np.array([series[i:i + size] for i in starts])
        y = np.array([series[i + size + target] for i in starts])
        return (X[..., None] if feature_axis else X), y
    return windows


def _step(fn):
    return lambda x, h, W, U, b: fn(x, h, W, U, b)


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", _windows(feature_axis=False), "no_feature_axis", "falta el eje de características",
     "the feature axis is missing"),
    ("q1", _windows(count=1, target=-1), "one_too_many", "Tienes 16 ventanas y son 15",
     "You have 16 windows and there are 15"),
    ("q1", _windows(count=-1), "one_too_few", "falta la última", "the last one"),
    ("q1", _windows(step=5), "stride", "no se solapan", "do not overlap"),
    ("q1", _windows(target=-1), "last_in_window", "el valor *siguiente*", "the *next* value"),
    ("q1", _windows(target=-2), "y_values", "y no es el valor que sigue",
     "y is not the value after"),
    ("q1", lambda s, size: (np.zeros((len(s) - size, size, 1)), s[size:]), "x_values",
     "no contiene las ventanas", "does not hold the windows"),
    ("q1", lambda s, size: (np.zeros((len(s) - size, 1, size)), s[size:]), "shape",
     "(n − size, size, 1) = (15, 5, 1)", "(n − size, size, 1) = (15, 5, 1)"),
    ("q1", lambda s, size: len(s) - size, "type", "un par (X, y)", "a pair (X, y)"),
    ("q2", _step(lambda x, h, W, U, b: np.tanh(x @ W + b)), "no_recurrence", "Suma h_prev @ U",
     "Add h_prev @ U"),
    ("q2", _step(lambda x, h, W, U, b: x @ W + h @ U + b), "no_tanh", "np.tanh", "np.tanh"),
    ("q2", _step(lambda x, h, W, U, b: np.tanh(x @ W + h @ U)), "no_bias", "Falta el sesgo b",
     "The bias b is missing"),
    ("q2", _step(lambda x, h, W, U, b: np.tanh(x @ W + U @ h + b)), "slide_order",
     "es h_prev @ U", "it is h_prev @ U"),
    ("q2", _step(lambda x, h, W, U, b: 1 / (1 + np.exp(-(x @ W + h @ U + b)))), "sigmoid",
     "Usas la sigmoide", "You use the sigmoid"),
    ("q2", _step(lambda x, h, W, U, b: np.tanh(W @ x + U @ h + b)), "raised", "ValueError",
     "ValueError"),
    ("q2", _step(lambda x, h, W, U, b: np.tanh(x @ W + h @ U + 2 * b)), "value",
     "se esperaba", "expected"),
    ("q2", _step(lambda x, h, W, U, b: np.tanh(x @ W)[:2]), "shape", "(4,)", "(4,)"),
    ("q3", lambda n, d: n * (n + d + 1), "one_gate", "una SimpleRNN", "a SimpleRNN"),
    ("q3", lambda n, d: 4 * n * (n + d), "no_bias", "Falta el sesgo", "The bias is missing"),
    ("q3", lambda n, d: 4 * n * (d + 1), "no_recurrent", "Falta U", "U is missing"),
    ("q3", lambda n, d: 3 * n * (n + d + 2), "gru", "la GRU de Keras", "Keras's GRU"),
    ("q3", lambda n, d: 3 * n * (n + d + 1), "three_gates", "son cuatro", "there are four"),
    ("q3", lambda n, d: 4 * (n + d + 1), "count", "Keras cuenta 1280", "Keras counts 1280"),
    ("q3", lambda n, d: "4n(n + d + 1)", "type", "un número", "a number"),
]
