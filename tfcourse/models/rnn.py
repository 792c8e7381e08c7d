"""Recurrent networks: a sequence classifier and a time-series forecaster.

Example:
    >>> from tfcourse.models import build_rnn
    >>> [layer.name for layer in build_rnn((28, 28, 1), 10, num_layers=2).layers]  # row by row
    ['sequence', 'squeeze', 'lstm_1', 'lstm_2', 'predictions']
"""

from __future__ import annotations

import keras

from tfcourse import validation as check

CELLS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "simple": keras.layers.SimpleRNN}
SEQUENCE = "(timesteps, features) or (timesteps, features, 1)"


def build_rnn(input_shape, num_classes, *, cell="lstm", units=64, num_layers=1,
              bidirectional=False, dropout=0.0, classifier_activation="softmax") -> keras.Model:
    """A recurrent sequence classifier: stacked layers, the classifier reads the last state.

    Args:
        input_shape: ``(timesteps, features)``, or ``(timesteps, features, 1)`` for images.
        num_classes: Number of classes, at least 2.
        cell: ``"lstm"``, ``"gru"`` or ``"simple"`` (SimpleRNN). Defaults to ``"lstm"``.
        units: Size of each layer's state. Defaults to 64.
        num_layers: Number of stacked recurrent layers. Defaults to 1.
        bidirectional: Also read backwards and concatenate both states. Defaults to False.
        dropout: Dropout rate of each recurrent layer's inputs, in [0, 1). Defaults to 0.0.
        classifier_activation: ``"softmax"``, or None for logits. Defaults to ``"softmax"``.

    Returns:
        A `keras.Model` named ``"rnn"``: ``(B, T, F[, 1])`` → ``(B, num_classes)``.
    """
    input_shape = check.input_shape(input_shape, layout=SEQUENCE, ranks=(2, 3))
    if len(input_shape) == 3 and input_shape[2] != 1:
        raise check.invalid("input_shape", f"{SEQUENCE}; a third axis must be a single channel",
                            input_shape)
    num_classes = check.integer("num_classes", num_classes, 2)
    check.one_of("cell", cell, CELLS)
    units = check.positive_int("units", units)
    num_layers = check.positive_int("num_layers", num_layers)
    check.flag("bidirectional", bidirectional)
    dropout = check.fraction("dropout", dropout)
    check.activation("classifier_activation", classifier_activation, allow_none=True)

    timesteps, features = input_shape[:2]
    inputs = keras.Input(shape=input_shape, name="sequence")  # (B, T, F) or (B, T, F, 1)
    x = inputs
    if len(input_shape) == 3:
        x = keras.layers.Reshape((timesteps, features), name="squeeze")(x)  # (B, T, F)
    for i in range(1, num_layers + 1):
        layer = CELLS[cell](units, dropout=dropout, return_sequences=i < num_layers,
                            name=f"{cell}_{i}")
        if bidirectional:
            layer = keras.layers.Bidirectional(layer, name=f"bi_{cell}_{i}")
        x = layer(x)  # (B, T, units) between layers, (B, units) after the last; ×2 if bi
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="predictions", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name="rnn")


def build_forecaster(window, *, num_features=1, horizon=1, cell="lstm",
                     units=32) -> keras.Model:
    """A forecaster: the last ``window`` steps in, the next ``horizon`` values out (linear).

    Args:
        window: Number of past steps the model sees.
        num_features: Values measured at each step. Defaults to 1.
        horizon: Future values predicted at once. Defaults to 1.
        cell: ``"lstm"``, ``"gru"`` or ``"simple"``. Defaults to ``"lstm"``.
        units: Size of the recurrent state. Defaults to 32.

    Returns:
        A `keras.Model` named ``"forecaster"``: ``(B, window, num_features)`` → ``(B, horizon)``.
    """
    window = check.positive_int("window", window)
    num_features = check.positive_int("num_features", num_features)
    horizon = check.positive_int("horizon", horizon)
    check.one_of("cell", cell, CELLS)
    units = check.positive_int("units", units)

    inputs = keras.Input(shape=(window, num_features), name="window")  # (B, window, F)
    x = CELLS[cell](units, name=cell)(inputs)  # (B, units)
    outputs = keras.layers.Dense(horizon, name="forecast", dtype="float32")(x)  # (B, horizon)
    return keras.Model(inputs, outputs, name="forecaster")
