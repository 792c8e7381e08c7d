"""The multilayer perceptron: flatten, then a stack of fully connected layers.

With ``hidden_units=()`` it is softmax regression again (the low-level lesson, now in Keras);
every hidden layer adds a learned feature space between the pixels and the classes.

Example:
    >>> from tfcourse.models import build_mlp
    >>> model = build_mlp((28, 28, 1), 10, hidden_units=(128,))
    >>> model.count_params()  # 784·128 + 128 + 128·10 + 10
    101770
"""

from __future__ import annotations

import keras

from tfcourse import validation as check


def build_mlp(input_shape, num_classes, *, hidden_units=(128,), activation="relu",
              dropout=0.0, batch_norm=False, classifier_activation="softmax") -> keras.Model:
    """A multilayer perceptron classifier (uncompiled).

    Inputs of any rank are flattened first, so images go in as they are. Each hidden layer is
    Dense → BatchNormalization (if ``batch_norm``) → activation → Dropout (if ``dropout`` > 0).

    Args:
        input_shape: Shape of one example without the batch axis, e.g. ``(64,)`` or
            ``(28, 28, 1)``.
        num_classes: Number of classes, at least 2.
        hidden_units: Width of each hidden layer, first to last; ``()`` gives softmax
            regression. Defaults to ``(128,)``.
        activation: Name of the hidden layers' activation. Defaults to ``"relu"``.
        dropout: Fraction of hidden units dropped while training, in [0, 1); 0 adds no
            Dropout layers. Defaults to 0.0.
        batch_norm: Normalize each hidden layer before its activation, with statistics over
            the global batch when there are several replicas. The Dense layer then has no
            bias, because batch norm's own shift replaces it. Defaults to False.
        classifier_activation: Activation of the output layer: ``"softmax"`` for
            probabilities, or None (same as ``"linear"``) for logits, to be compiled with
            ``SparseCategoricalCrossentropy(from_logits=True)``. Defaults to ``"softmax"``.

    Returns:
        An uncompiled `keras.Model` named ``"mlp"`` mapping ``(B, *input_shape)`` to
        ``(B, num_classes)``.

    Raises:
        ValueError: If an argument is invalid.

    Example:
        >>> model = build_mlp((4,), 3, hidden_units=(8, 8), dropout=0.2)
        >>> [layer.name for layer in model.layers][:5]
        ['input', 'flatten', 'dense_1', 'act_1', 'dropout_1']
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
        x = keras.layers.Dense(units, use_bias=not batch_norm, name=f"dense_{i}")(x)  # (B, units)
        if batch_norm:
            # synchronized: statistics over the *global* batch, so every replica's moving mean
            # stays the same; unsynchronized, each replica drifts on its own shard and
            # predict() under a MirroredStrategy disagrees with the saved model
            x = keras.layers.BatchNormalization(synchronized=True, name=f"bn_{i}")(x)  # (B, units)
        x = keras.layers.Activation(activation, name=f"act_{i}")(x)  # (B, units)
        if dropout:
            x = keras.layers.Dropout(dropout, name=f"dropout_{i}")(x)  # (B, units)
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="predictions", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name="mlp")
