"""Transfer learning from your own trained model, in `build_transfer`'s layout.

A frozen nested model ``"base"``, so `unfreeze` and `tfcourse.train.fine_tune` work on it.
"""

from __future__ import annotations

import keras

from tfcourse import validation as check


def build_from_pretrained(pretrained: keras.Model, num_classes: int, *,
                          feature_layer: str = "avg_pool", dropout: float = 0.2,
                          classifier_activation: str | None = "softmax") -> keras.Model:
    """A new classifier on the frozen features of a trained model (uncompiled).

    Args:
        pretrained: A trained functional `keras.Model` (e.g. from `build_cnn`).
        num_classes: Classes of the new task, at least 2.
        feature_layer: The layer whose output is reused (flattened). Defaults to ``"avg_pool"``.
        dropout: Dropout rate before the new head, in [0, 1). Defaults to 0.2.
        classifier_activation: ``"softmax"``, or None for logits. Defaults to ``"softmax"``.

    Returns:
        A `keras.Model`: input → base (frozen, sharing ``pretrained``'s weights) → head.

    Raises:
        TypeError: If ``pretrained`` is not a Keras model.
    """
    if not isinstance(pretrained, keras.Model):
        raise TypeError(f"Argument `pretrained` must be a keras.Model. "
                        f"Received: {type(pretrained).__name__}")
    num_classes = check.integer("num_classes", num_classes, 2)
    dropout = check.fraction("dropout", dropout)
    check.activation("classifier_activation", classifier_activation, allow_none=True)
    names = [layer.name for layer in pretrained.layers]
    if feature_layer not in names:
        raise check.invalid("feature_layer", f"one of {pretrained.name!r}'s layers {names}",
                            feature_layer)

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
