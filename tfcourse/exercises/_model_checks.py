"""Helpers for checkers whose answer is a Keras model, or a function that builds one.

Keras loads inside each helper, so importing an exercise module stays free of TensorFlow.
(A candidate for `_core` once several lessons use it.)
"""

from __future__ import annotations

from tfcourse.exercises._core import Mistake, _describe, call

MODEL = {"es": "una función que devuelva un modelo de Keras (keras.Model)",
         "en": "a function that returns a Keras model (keras.Model)"}


def count_text(x: int) -> dict:
    """A count as each language writes it: 61 706 / 61,706."""
    return {"es": f"{x:,}".replace(",", " "), "en": f"{x:,}"}


def expect_model(build, *args):
    """``build(*args)``, which must be a `keras.Model`, else a "type" mistake."""
    import keras

    model = call(build, *args)
    if not isinstance(model, keras.Model):
        raise Mistake("type", expected=MODEL, received=_describe(model))
    return model


def output_shape(model) -> tuple:
    """The shape of the model's (first) output, batch axis included: ``(None, 10)``."""
    return tuple(model.outputs[0].shape)


def rows(model) -> list[tuple]:
    """One row per layer that changes the shape or has weights: (kind, output shape, params).

    Activation and Dropout layers are left out (they change neither), so
    ``Dense(120, activation="relu")`` and ``Dense(120)`` + ``ReLU()`` give the same rows.
    """
    kinds = {"Conv2D": "conv", "MaxPooling2D": "maxpool", "AveragePooling2D": "avgpool",
             "Flatten": "flatten", "Dense": "dense", "GlobalAveragePooling2D": "gap"}
    skip = {"InputLayer", "Activation", "ReLU", "Softmax", "Dropout", "LeakyReLU"}
    return [(kinds.get(type(layer).__name__, type(layer).__name__),
             tuple(layer.output.shape[1:]), layer.count_params())
            for layer in model.layers if type(layer).__name__ not in skip]


def activations(model) -> list[str]:
    """The activation applied after each conv/dense layer, in order ("linear" when none).

    An activation may be the layer's own (``Dense(84, activation="relu")``) or the next layer
    (``Dense(84)`` then ``Activation("relu")`` or ``ReLU()``).
    """
    names, layers = [], list(model.layers)
    for i, layer in enumerate(layers):
        if type(layer).__name__ not in ("Conv2D", "Dense"):
            continue
        name = getattr(layer.activation, "__name__", "linear")
        after = layers[i + 1] if i + 1 < len(layers) else None
        if name == "linear" and after is not None:
            kind = type(after).__name__
            if kind == "Activation":
                name = getattr(after.activation, "__name__", "linear")
            elif kind in ("ReLU", "Softmax", "LeakyReLU"):
                name = kind.lower()
        names.append(name)
    return names


def trainable_params(model) -> int:
    """How many numbers training changes (the lesson's `num_trainable_params`)."""
    from tfcourse.models.transfer import num_trainable_params

    return num_trainable_params(model)
