"""Ejercicios — conceptos: output size, perceptron rule, backprop δ, a conv layer's parameters.

Example:
    >>> from tfcourse.exercises import ____, concepts as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

import numpy as np

from tfcourse.exercises._compare import as_array, first_match, pair
from tfcourse.exercises._core import Mistake, call, expect_function, expect_number, load_questions

__all__ = ["q1", "q2", "q3", "q4"]


# (W, K, P, S): the lesson's table (stride 2 that does not divide, padding) and two more
SIZES = [(224, 7, 3, 2), (28, 5, 2, 1), (7, 3, 0, 2), (32, 3, 1, 2), (13, 4, 1, 3)]


def check_output_size(output_size):
    """q1: output_size(W, K, P, S) on several layers, against concepts.convolution."""
    expect_function(output_size)
    from tfcourse.concepts.convolution import output_size as reference

    got = [float(expect_number(call(output_size, *case))) for case in SIZES]
    variants = {
        "ok": [reference(*case) for case in SIZES],
        "no_padding": [(W - K) // S + 1 for W, K, P, S in SIZES],
        "padding_once": [(W - K + P) // S + 1 for W, K, P, S in SIZES],
        "no_plus_one": [(W - K + 2 * P) // S for W, K, P, S in SIZES],
        "not_floored": [(W - K + 2 * P) / S + 1 for W, K, P, S in SIZES],
        "ceil": [-(-(W - K + 2 * P) // S) + 1 for W, K, P, S in SIZES],
    }
    key = first_match(got, variants.items())
    if key == "ok":
        return
    i = 0 if key else next(i for i, (a, b) in enumerate(zip(got, variants["ok"])) if a != b)
    W, K, P, S = SIZES[i]  # ResNet-50's first layer, where every variant differs
    if key is None:
        raise Mistake("value", expected=f"output_size{SIZES[i]} = {variants['ok'][i]}",
                      received=f"{got[i]:g}")
    raise Mistake(key, W=W, K=K, P=P, S=S, got=f"{got[0]:g}", want=variants["ok"][0])


def _perceptron_cases(seed: int = 0, n: int = 6, d: int = 3):
    """Random (w, b, x, t): even cases already classified right, odd ones wrong."""
    rng = np.random.default_rng(seed)
    for i in range(n):
        w, x, b = rng.normal(size=d), rng.normal(size=d), float(rng.normal())
        o = 1.0 if w @ x + b > 0 else -1.0
        yield w, b, x, (o if i % 2 == 0 else -o), o


def check_update(update):
    """q2: one perceptron update on examples classified right and wrong."""
    expect_function(update)
    eta = 0.3  # not 0.5: the slide's η(t − o) = 2η t must differ from t x without η
    got, variants = [], {}
    for w, b, x, t, o in _perceptron_cases():
        result = pair(call(update, w.copy(), b, x.copy(), t, eta))
        try:
            new_w, new_b = result
            got.append(np.r_[as_array(new_w), float(new_b)])
        except (TypeError, ValueError):
            raise Mistake("type", expected={"es": "un par (w, b)", "en": "a pair (w, b)"},
                          received=type(result).__name__) from None
        wrong = float(o != t)  # 1 on a mistake, 0 when already right
        for key, (dw, db) in {
                "ok": (eta * t * x * wrong, eta * t * wrong),
                "ok_slide": (eta * (t - o) * x, eta * (t - o)),  # the slide's η(t − o): same rule
                "sign": (-eta * t * x * wrong, -eta * t * wrong),
                "always": (eta * t * x, eta * t),
                "no_bias": (eta * t * x * wrong, 0.0),
                "no_rate": (t * x * wrong, t * wrong)}.items():
            variants.setdefault(key, []).append(np.r_[w + dw, b + db])
    key = first_match(np.concatenate(got), [(k, np.concatenate(v)) for k, v in variants.items()])
    if key is None:
        raise Mistake("value", expected="w + η t x, b + η t", received=np.round(got[1], 3).tolist())
    if key not in ("ok", "ok_slide"):
        raise Mistake(key, eta=eta)


def check_delta(delta_output):
    """q3: δk for the talk's 5-8-2 network, against −∂E/∂b from concepts.backprop."""
    expect_function(delta_output)
    from tfcourse.concepts import backprop as bp

    rng = np.random.default_rng(0)
    net = bp.talk_network()
    X = rng.integers(0, 2, (4, 5)).astype(float)  # (4, 5): four five-bit inputs
    T = rng.uniform(0.1, 0.9, (4, 2))  # (4, 2) targets a sigmoid can reach
    O = net.predict(X)  # (4, 2) outputs o_k
    want = np.stack([-bp.gradients(net, X[i:i + 1], T[i:i + 1]).b for i in range(4)])
    got = as_array(call(delta_output, O.copy(), T.copy()))
    if got.shape != want.shape:
        raise Mistake("shape", expected=want.shape, received=got.shape)
    s = 1 / (1 + np.exp(-O))  # the sigmoid applied once more, to outputs that already are one
    key = first_match(got, [("ok", want), ("sign", -want), ("no_derivative", T - O),
                            ("double_sigmoid", s * (1 - s) * (T - O))])
    if key is None:
        raise Mistake("value", expected=np.round(want[0], 6).tolist(),
                      received=np.round(got[0], 6).tolist())
    if key != "ok":
        raise Mistake(key, o=np.round(O[0], 4).tolist(), t=np.round(T[0], 4).tolist(),
                      want=np.round(want[0], 5).tolist(), got=np.round(got[0], 5).tolist())


# the stated layer: 64 filters of 3×3 on the 32 feature maps of the layer before
K, C_IN, C_OUT = 3, 32, 64


def check_conv_params(count):
    """q4: the parameter count of the stated Conv2D, (K·K·C_in + 1)·C_out."""
    count = expect_number(count, integer=True)
    want = (K * K * C_IN + 1) * C_OUT
    key = first_match(count, [("ok", want), ("no_bias", K * K * C_IN * C_OUT),
                              ("no_channels", (K * K + 1) * C_OUT),
                              ("bias_per_channel", (K * K + 1) * C_IN * C_OUT),
                              ("no_filters", K * K * C_IN + 1)])
    if key is None:
        raise Mistake("value", expected="(K·K·C_in + 1)·C_out", received=count)
    if key != "ok":
        raise Mistake(key, got=count, want=want)


q1, q2, q3, q4 = load_questions(
    __name__,
    check_output_size,
    check_update,
    check_delta,
    check_conv_params,
)
