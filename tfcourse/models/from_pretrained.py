"""Transfer learning from a model you trained yourself (no download needed).

`build_transfer` reuses a `keras.applications` network pretrained on ImageNet. The same idea works
with any trained Keras model: keep its layers up to the features (the "base"), freeze them, and
put a new classifier on top. The result has the same layout as `build_transfer`'s — a nested
model named ``"base"`` — so `unfreeze` and `tfcourse.train.fine_tune` work on it unchanged.

Example:
    >>> from tfcourse.models import build_cnn
    >>> from tfcourse.models.from_pretrained import build_from_pretrained
    >>> source = build_cnn((28, 28, 1), 5)           # imagine it trained on digits 0-4
    >>> model = build_from_pretrained(source, 5)     # new head for digits 5-9
    >>> model.get_layer("base").trainable, model.output_shape
    (False, (None, 5))
"""

from __future__ import annotations

import keras

from tfcourse import validation as check


def build_from_pretrained(pretrained: keras.Model, num_classes: int, *,
                          feature_layer: str = "avg_pool", dropout: float = 0.2,
                          classifier_activation: str | None = "softmax") -> keras.Model:
    """A new classifier on the frozen features of a trained model.

    Args:
        pretrained: A trained functional `keras.Model` (e.g. from `build_cnn`).
        num_classes: Classes of the new task, at least 2.
        feature_layer: Name of the layer whose output are the features to reuse; a feature
            map is flattened. Early layers (edges, strokes) transfer to a new task better than
            late ones, which specialise in the old task. Defaults to ``"avg_pool"``
            (`build_cnn`'s global pooling).
        dropout: Dropout rate before the new head, in [0, 1). Defaults to 0.2.
        classifier_activation: Activation of the new head; None for logits.
            Defaults to ``"softmax"``.

    Returns:
        An uncompiled `keras.Model`: input → base (frozen, inference mode) → dropout → head.
        Its weights share storage with ``pretrained``'s base layers.

    Raises:
        TypeError: If ``pretrained`` is not a Keras model.
        ValueError: If ``feature_layer`` is not one of its layers, or other arguments are invalid.
    """
    if not isinstance(pretrained, keras.Model):
        raise TypeError(f"Argument `pretrained` must be a keras.Model. "
                        f"Received: {type(pretrained).__name__}")
    num_classes = check.integer("num_classes", num_classes, 2)
    dropout = check.fraction("dropout", dropout)
    classifier_activation = check.activation("classifier_activation", classifier_activation,
                                                 allow_none=True)
    names = [layer.name for layer in pretrained.layers]
    if feature_layer not in names:
        raise ValueError(f"Invalid value for argument `feature_layer`: expected one of "
                         f"{pretrained.name!r}'s layers {names}. "
                         f"Received: feature_layer={feature_layer!r}")

    base = keras.Model(pretrained.inputs, pretrained.get_layer(feature_layer).output, name="base")
    base.trainable = False
    inputs = keras.Input(shape=pretrained.inputs[0].shape[1:], name="image")  # (B, ...)
    # training=False: the base's batch norm keeps its learned statistics even when fine-tuned
    x = base(inputs, training=False)  # (B, features) or a feature map (B, h, w, c)
    if len(base.output.shape) > 2:  # early layers give feature maps: keep where things are
        x = keras.layers.Flatten(name="flatten")(x)  # (B, h·w·c)
    if dropout:
        x = keras.layers.Dropout(dropout, name="head_dropout")(x)
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="predictions", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name=f"{pretrained.name}_transfer")
