"""Ejercicios — redes convolucionales: LeNet-5, a convolution's parameters, a stack's shape.

Example:
    >>> from tfcourse.exercises import ____, cnn as ej
    >>> ej.q2.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises import _model_checks as models
from tfcourse.exercises._core import Mistake, _describe, expect_function, expect_number, load_questions


__all__ = ["q1", "q2", "q3"]


def _row(row) -> dict:
    kind, shape, params = row
    return {"es": f"{kind} → {shape}, {models.count_text(params)['es']} parámetros",
            "en": f"{kind} → {shape}, {params:,} parameters"}


def check_lenet(build):
    """q1: a LeNet-5 builder, layer by layer against `build_lenet`."""
    expect_function(build)
    model = models.expect_model(build, (28, 28, 1), 10)
    from tfcourse.models import build_lenet

    want, got = models.rows(build_lenet((28, 28, 1), 10)), models.rows(model)
    count = model.count_params()
    if models.output_shape(model) != (None, 10):
        raise Mistake("outputs", received=models.output_shape(model)[1:])
    if got != want:
        kinds = [kind for kind, _, _ in got]
        as_max = [("maxpool" if k == "avgpool" else k, s, p) for k, s, p in got]
        if "avgpool" in kinds and as_max == want:
            raise Mistake("avg_pool")
        convs = [shape for kind, shape, _ in got if kind == "conv"]
        flat = next((shape[0] for kind, shape, _ in got if kind == "flatten"), None)
        if convs[:1] == [(24, 24, 6)]:
            raise Mistake("valid_first", count=models.count_text(count), flat=flat)
        if convs[1:2] == [(14, 14, 16)]:
            raise Mistake("same_second", count=models.count_text(count), flat=flat)
        dense = [shape[0] for kind, shape, _ in got if kind == "dense"]
        if len(dense) < 3:
            raise Mistake("missing_dense", units=" → ".join(map(str, dense)),
                          count=models.count_text(count))
        i = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b), min(len(got),
                                                                            len(want)))
        raise Mistake("layers", i=i + 1, count=models.count_text(count),
                      want=_row(want[i]) if i < len(want) else "—",
                      got=_row(got[i]) if i < len(got) else "—")
    acts = models.activations(model)
    if "linear" in acts[:-1]:
        raise Mistake("linear")
    if acts[-1] != "softmax":
        raise Mistake("no_softmax", activation=acts[-1])
    other = models.expect_model(build, (32, 32, 3), 5)
    if (tuple(other.inputs[0].shape[1:]), models.output_shape(other)) != ((32, 32, 3), (None, 5)):
        raise Mistake("ignores_args")


def check_conv_params(n):
    """q2: block2_conv1's parameters, counted by Keras."""
    n = expect_number(n, integer=True)
    from tfcourse.models import build_cnn

    want = build_cnn((28, 28, 1), 10, filters=(32, 64)).get_layer("block2_conv1").count_params()
    K, c_in, c_out = 3, 32, 64
    assert want == K * K * c_in * c_out  # batch norm: the convolution has no bias
    wrong = {(K * K * c_in + 1) * c_out: "with_bias", want + 2 * c_out: "with_bn",
             want + 4 * c_out: "with_bn", K * K * c_out: "no_cin", (K * K + 1) * c_out: "no_cin",
             K * K * c_in: "no_cout", K * K * c_in + 1: "no_cout", K * c_in * c_out: "k_once",
             K * K * c_out * c_out: "block2_conv2", (K * K * c_out + 1) * c_out: "block2_conv2"}
    if n != want:
        raise Mistake(wrong.get(n, "count"), got=models.count_text(n))


def _stack(W, pads=(2, 0), pools=(True, True)):
    """Side after conv 5×5 (padding P), pool 2×2, conv 5×5, pool 2×2: (W − K + 2P)/S + 1."""
    from tfcourse.concepts.convolution import output_size

    for P, pool in zip(pads, pools):
        W = output_size(W, 5, P)
        W = output_size(W, 2, 0, 2) if pool else W
    return W


def check_shape(shape):
    """q3: LeNet's shape after pool2 on 32×32×3, from `build_lenet` itself."""
    try:
        shape = tuple(int(v) if v is not None else None for v in shape)
    except (TypeError, ValueError):
        raise Mistake("type", expected={"es": "una tupla (alto, ancho, canales)",
                                        "en": "a tuple (height, width, channels)"},
                      received=_describe(shape)) from None
    from tfcourse.models import build_lenet

    want = tuple(build_lenet((32, 32, 3), 10).get_layer("pool2").output.shape[1:])  # (6, 6, 16)
    assert want == (_stack(32), _stack(32), 16)
    if shape == want:
        return
    if shape == (None, *want):
        raise Mistake("batch")
    if len(shape) != 3:
        raise Mistake("shape", expected={"es": "(alto, ancho, canales)",
                                         "en": "(height, width, channels)"}, received=shape)
    side = {_stack(32, (0, 0)): "valid_first", _stack(32, (2, 2)): "same_second",
            _stack(32, (0, 2)): "swapped", _stack(32, pools=(False, False)): "no_pool",
            _stack(32, pools=(False, True)): "no_pool", _stack(32, pools=(True, False)): "no_pool"}
    h, w, c = shape
    if h == w == want[0]:
        raise Mistake("channels", c=c)
    raise Mistake(side.get(h, "wrong_size") if h == w else "wrong_size", received=shape)


q1, q2, q3 = load_questions(
    __name__,
    check_lenet,
    check_conv_params,
    check_shape,
)
