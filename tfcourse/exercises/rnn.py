"""Ejercicios — redes recurrentes: forecasting windows, one SimpleRNN step, an LSTM's size.

Example:
    >>> from tfcourse.exercises import ____, rnn as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

import numpy as np

from tfcourse.exercises._compare import close
from tfcourse.exercises._core import Mistake, call, expect_function, expect_number, load_questions

__all__ = ["q1", "q2", "q3"]


def check_windows(windows):
    """q1: windows(series, size) on fresh series, against `make_windows`."""
    expect_function(windows)
    from tfcourse.data import make_windows

    rng = np.random.default_rng(0)
    for n, size in ((20, 5), (13, 4)):
        series = rng.standard_normal(n).astype(np.float32)  # fresh values: no hard-coding
        got = call(windows, series.copy(), size)
        try:
            X, y = (np.asarray(v, dtype=float) for v in got)
        except (TypeError, ValueError):
            raise Mistake("type", expected={"es": "un par (X, y) de arrays",
                                            "en": "a pair (X, y) of arrays"},
                          received=type(got).__name__) from None
        want_X, want_y = make_windows(series, size)  # (n − size, size, 1), (n − size, 1)
        k = len(want_X)
        every = np.lib.stride_tricks.sliding_window_view(series, size)  # (n − size + 1, size)
        if X.ndim == 2 and X.shape[1] == size:
            raise Mistake("no_feature_axis", shape=X.shape, size=size)
        if X.ndim != 3 or X.shape[1:] != (size, 1):
            raise Mistake("shape", expected=f"(n − size, size, 1) = {want_X.shape}",
                          received=X.shape)
        for key, windows_ in (("one_too_many", every), ("one_too_few", every[:k - 1]),
                              ("stride", every[:k:size])):
            if len(X) != k and close(X[..., 0], windows_):
                raise Mistake(key, n=n, size=size, k=k, got=len(X))
        if not close(X, want_X):
            raise Mistake("x_values", n=n, size=size)
        if y.size != k:
            raise Mistake("shape", expected=f"(n − size,) = ({k},)", received=y.shape)
        y = y.reshape(k)
        if close(y, X[:, -1, 0]):
            raise Mistake("last_in_window")
        if not close(y, want_y[:, 0]):
            raise Mistake("y_values", size=size)


def _keras_step(seed: int, d: int = 3, n: int = 4):
    """A SimpleRNN's weights, one input and state, and Keras's next state: the oracle."""
    import keras

    rng = np.random.default_rng(seed)
    layer = keras.layers.SimpleRNN(
        n, kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
        recurrent_initializer=keras.initializers.Orthogonal(seed=seed))
    layer.build((1, 1, d))
    W, U, _ = layer.get_weights()  # (d, n), (n, n): Keras computes x @ W + h @ U
    b = rng.standard_normal(n).astype(np.float32)  # not zero, so a missing b shows
    layer.set_weights([W, U, b])
    x = rng.standard_normal(d).astype(np.float32)  # (d,)
    h = rng.uniform(-1, 1, n).astype(np.float32)  # (n,): a previous state, in tanh's range
    h_next = np.asarray(layer(x[None, None, :], initial_state=[h[None, :]]))[0]  # (n,)
    return (x, h, W, U, b), h_next


def check_step(step):
    """q2: one step on fresh weights, against `keras.layers.SimpleRNN`."""
    expect_function(step)
    for seed in range(2):
        (x, h, W, U, b), want = _keras_step(seed)
        got = np.asarray(call(step, x, h, W, U, b), dtype=float)
        if got.size != want.size:
            raise Mistake("shape", expected=want.shape, received=got.shape)
        got = got.reshape(want.shape)
        wrong = {"no_recurrence": np.tanh(x @ W + b), "no_tanh": x @ W + h @ U + b,
                 "no_bias": np.tanh(x @ W + h @ U), "slide_order": np.tanh(x @ W + U @ h + b),
                 "sigmoid": 1 / (1 + np.exp(-(x @ W + h @ U + b)))}
        if close(got, want):
            continue
        key = next((k for k, v in wrong.items() if close(got, v)), "value")
        raise Mistake(key, expected=np.round(want, 4), received=np.round(got, 4))


def check_lstm_params(lstm_params):
    """q3: lstm_params(n, d) against Keras's own count."""
    expect_function(lstm_params)
    import keras

    for n, d in ((16, 3), (32, 1), (5, 28)):
        layer = keras.layers.LSTM(n)
        layer.build((None, None, d))
        want = layer.count_params()  # the oracle: Keras's own count
        got = expect_number(call(lstm_params, n, d))
        wrong = {"one_gate": n * (n + d + 1), "no_bias": 4 * n * (n + d),
                 "no_recurrent": 4 * n * (d + 1), "gru": 3 * n * (n + d + 2),
                 "three_gates": 3 * n * (n + d + 1)}
        if got == want:
            continue
        key = next((k for k, v in wrong.items() if got == v), "count")
        raise Mistake(key, n=n, d=d, got=got, want=want)


q1, q2, q3 = load_questions(
    __name__,
    check_windows,
    check_step,
    check_lstm_params,
)
