"""Ejercicios — perceptrón multicapa: count its parameters, build it in Keras, dropout's scaling.

Example:
    >>> from tfcourse.exercises import ____, mlp as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

import numpy as np

from tfcourse.exercises._compare import first_match
from tfcourse.exercises._core import Mistake, call, expect_function, expect_number, load_questions

__all__ = ["q1", "q2", "q3"]


# (input_shape, hidden_units, num_classes): the lesson's MLP on the digits, on MNIST, and a toy
MLPS = [((8, 8, 1), (256, 128), 10), ((28, 28, 1), (128,), 10), ((6, 5), (7, 3, 4), 4)]


def _count(widths, *, bias=1, per_layer_bias=False, layers=None):
    """Σ over dense layers of n_in·n_units + its biases, for widths = [n_in, *units, k]."""
    pairs = list(zip(widths[:-1], widths[1:]))[:layers]
    return sum(a * b + (bias if per_layer_bias else bias * b) for a, b in pairs)


def check_mlp_params(mlp_params):
    """q1: mlp_params(input_shape, hidden_units, num_classes) against build_mlp's count."""
    expect_function(mlp_params)
    from tfcourse.models import build_mlp

    got, variants = [], {}
    for shape, hidden, k in MLPS:
        got.append(expect_number(call(mlp_params, shape, hidden, k)))
        widths = [int(np.prod(shape)), *hidden, k]
        for key, value in (
                ("ok", build_mlp(shape, k, hidden_units=hidden).count_params()),
                ("no_bias", _count(widths, bias=0)),
                ("no_output", _count(widths, layers=-1)),
                ("bias_per_layer", _count(widths, per_layer_bias=True)),
                ("not_flattened", _count([shape[0], *widths[1:]]))):
            variants.setdefault(key, []).append(value)
    key = first_match(got, variants.items())
    if key == "ok":
        return
    i = 0 if key else next(i for i, (a, b) in enumerate(zip(got, variants["ok"])) if a != b)
    shape, hidden, k = MLPS[i]  # the lesson's MLP, where every variant differs
    if key is None:
        raise Mistake("value", expected=f"mlp_params{MLPS[i]} = {variants['ok'][i]:,}",
                      received=f"{got[i]:,.0f}")
    raise Mistake(key, shape=shape, hidden=hidden, k=k, got=f"{got[0]:,.0f}",
                  want=f"{variants['ok'][0]:,}", n_in=int(np.prod(shape)))


def _structure(model):
    """[units], [activation names] of the Dense layers, an Activation layer after one counting."""
    units, activations = [], []
    for layer in model.layers:
        kind = type(layer).__name__
        name = {"ReLU": "relu", "Softmax": "softmax"}.get(
            kind, getattr(getattr(layer, "activation", None), "__name__", "linear"))
        if kind == "Dense":
            units.append(layer.units)
            activations.append(name)
        elif kind in ("Activation", "ReLU", "Softmax") and activations[-1:] == ["linear"]:
            activations[-1] = name
    return units, activations


def check_model(build_model):
    """q2: the lesson's MLP as a Keras model, on the digits and on MNIST-sized images."""
    expect_function(build_model)
    import keras

    for shape, k in (((8, 8, 1), 10), ((28, 28, 1), 10)):
        model = call(build_model, shape, k)
        if not isinstance(model, keras.Model):
            raise Mistake("type", expected={"es": "un keras.Model", "en": "a keras.Model"},
                          received=type(model).__name__)
        if not model.built:
            raise Mistake("not_built")
        units, activations = _structure(model)
        if len(model.output_shape) != 2:
            raise Mistake("no_flatten", shape=model.output_shape)
        if not units or units[-1] != k:
            raise Mistake("output_units", k=k, got=units[-1] if units else 0)
        if units[:-1] != [256, 128]:
            raise Mistake("hidden_units", got=units[:-1])
        if any(a != "relu" for a in activations[:-1]):
            raise Mistake("hidden_activation", got=activations[:-1])
        if activations[-1] == "linear":
            raise Mistake("logits")
        if activations[-1] != "softmax":
            raise Mistake("output_activation", got=activations[-1])
        n_in = int(np.prod(shape))
        want = (n_in + 1) * 256 + 257 * 128 + 129 * k
        if model.count_params() != want:
            raise Mistake("params", got=f"{model.count_params():,}", want=f"{want:,}")


P = 0.3  # the lesson's dropout rate


def check_dropout(value):
    """q3: what a surviving unit of value 1 becomes through Dropout(P) while training."""
    value = expect_number(value)
    candidates = [("ok", 1 / (1 - P)), ("times_keep", 1 - P), ("not_scaled", 1.0),
                  ("zero", 0.0), ("over_p", 1 / P), ("times_p", P)]
    key = next((k for k, v in candidates if abs(value - v) < 0.01), None)  # 2 decimals will do
    if key is None:
        raise Mistake("value", expected="1/(1 − p)", received=f"{value:g}")
    if key != "ok":
        raise Mistake(key, got=f"{value:g}", want=f"{1 / (1 - P):.4f}", p=P)


q1, q2, q3 = load_questions(
    __name__,
    check_mlp_params,
    check_model,
    check_dropout,
)
