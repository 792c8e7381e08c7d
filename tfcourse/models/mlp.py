"""The multilayer perceptron: flatten, then fully connected layers."""

from __future__ import annotations

import keras

from tfcourse import validation as check


def build_mlp(input_shape, num_classes, *, hidden_units=(128,), activation="relu",
              dropout=0.0, batch_norm=False, classifier_activation="softmax") -> keras.Model:
    """A multilayer perceptron classifier: per hidden layer Dense → [BN] → act → [Dropout].

    Args:
        input_shape: Shape of one example without the batch axis, e.g. ``(28, 28, 1)``.
        num_classes: Number of classes, at least 2.
        hidden_units: Hidden widths; ``()`` is softmax regression. Defaults to ``(128,)``.
        activation: Name of the hidden activation. Defaults to ``"relu"``.
        dropout: Dropout rate after each hidden layer, in [0, 1). Defaults to 0.0.
        batch_norm: Synchronized batch norm before each activation. Defaults to False.
        classifier_activation: ``"softmax"``, or None for logits. Defaults to ``"softmax"``.

    Returns:
        A `keras.Model` named ``"mlp"``: ``(B, *input_shape)`` → ``(B, num_classes)``.

    Example:
        >>> build_mlp((28, 28, 1), 10).count_params()  # 784·128 + 128 + 128·10 + 10
        101770
    """
    input_shape = check.input_shape(input_shape, layout="(d1, ..., dn)")
    num_classes = check.integer("num_classes", num_classes, 2)
    hidden_units = check.positive_ints("hidden_units", hidden_units, allow_empty=True)
    check.activation("activation", activation)
    dropout = check.fraction("dropout", dropout)
    check.flag("batch_norm", batch_norm)
    check.activation("classifier_activation", classifier_activation, allow_none=True)

    inputs = keras.Input(shape=input_shape, name="input")  # (B, *input_shape)
    x = keras.layers.Flatten(name="flatten")(inputs)  # (B, D), D = product of input_shape
    for i, units in enumerate(hidden_units, start=1):
        # no bias under batch norm: its shift replaces it
        x = keras.layers.Dense(units, use_bias=not batch_norm, name=f"dense_{i}")(x)  # (B, units)
        if batch_norm:
            # synchronized: statistics over the global batch, so every replica's moving mean
            # stays the same and predict() under a MirroredStrategy agrees with the saved model
            x = keras.layers.BatchNormalization(synchronized=True, name=f"bn_{i}")(x)  # (B, units)
        x = keras.layers.Activation(activation, name=f"act_{i}")(x)  # (B, units)
        if dropout:
            x = keras.layers.Dropout(dropout, name=f"dropout_{i}")(x)  # (B, units)
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="predictions", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name="mlp")
