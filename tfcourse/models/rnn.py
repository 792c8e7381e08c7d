"""Recurrent networks: a sequence classifier and a time-series forecaster.

A recurrent layer reads a sequence one step at a time and carries a state forward. An image
is a sequence too: read a 28×28 digit row by row and it is 28 steps of 28 features, which is
why `build_rnn` accepts ``(28, 28)`` and ``(28, 28, 1)`` alike.

Example:
    >>> from tfcourse.models import build_forecaster, build_rnn
    >>> build_rnn((28, 28, 1), 10, cell="gru").output_shape
    (None, 10)
    >>> build_forecaster(24, horizon=6).output_shape
    (None, 6)
"""

from __future__ import annotations

import keras

from tfcourse import validation as check

CELLS = {"lstm": keras.layers.LSTM, "gru": keras.layers.GRU, "simple": keras.layers.SimpleRNN}
SEQUENCE = "(timesteps, features) or (timesteps, features, 1)"


def build_rnn(input_shape, num_classes, *, cell="lstm", units=64, num_layers=1,
              bidirectional=False, dropout=0.0, classifier_activation="softmax") -> keras.Model:
    """A recurrent sequence classifier (uncompiled).

    ``num_layers`` recurrent layers are stacked; all but the last return the whole sequence
    (the next layer needs every step), the last returns only its final state, which the
    classifier reads.

    Args:
        input_shape: ``(timesteps, features)``, or ``(timesteps, features, 1)`` for images of
            one channel, whose channel axis is squeezed away so each row is one step.
        num_classes: Number of classes, at least 2.
        cell: ``"lstm"``, ``"gru"`` or ``"simple"`` (a plain `keras.layers.SimpleRNN`).
            Defaults to ``"lstm"``.
        units: Size of each recurrent layer's state. Defaults to 64.
        num_layers: Number of stacked recurrent layers. Defaults to 1.
        bidirectional: Also read each sequence backwards and concatenate both states, which
            doubles the parameters and the output width. Defaults to False.
        dropout: Fraction of each recurrent layer's inputs dropped while training, in
            [0, 1). Defaults to 0.0.
        classifier_activation: ``"softmax"`` for probabilities, or None for logits (compile
            with ``from_logits=True``). Defaults to ``"softmax"``.

    Returns:
        An uncompiled `keras.Model` named ``"rnn"`` mapping ``(B, T, F)`` (or ``(B, T, F, 1)``)
        to ``(B, num_classes)``.

    Raises:
        ValueError: If an argument is invalid.

    Example:
        >>> model = build_rnn((28, 28), 10, cell="gru", num_layers=2, bidirectional=True)
        >>> [layer.name for layer in model.layers][1:]
        ['bi_gru_1', 'bi_gru_2', 'predictions']
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
        last = i == num_layers
        layer = CELLS[cell](units, dropout=dropout, return_sequences=not last,
                            name=f"{cell}_{i}")
        if bidirectional:
            layer = keras.layers.Bidirectional(layer, name=f"bi_{cell}_{i}")
        x = layer(x)  # (B, T, units) between layers, (B, units) after the last; ×2 if bi
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="predictions", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name="rnn")


def build_forecaster(window, *, num_features=1, horizon=1, cell="lstm",
                     units=32) -> keras.Model:
    """A recurrent forecaster: read the last ``window`` steps, predict the next ``horizon``.

    The output is linear (a regression), so compile it with a loss such as ``"mse"``.

    Args:
        window: Number of past time steps the model sees.
        num_features: Number of values measured at each step. Defaults to 1.
        horizon: Number of future values to predict at once. Defaults to 1.
        cell: ``"lstm"``, ``"gru"`` or ``"simple"``. Defaults to ``"lstm"``.
        units: Size of the recurrent state. Defaults to 32.

    Returns:
        An uncompiled `keras.Model` named ``"forecaster"`` mapping ``(B, window,
        num_features)`` to ``(B, horizon)``.

    Raises:
        ValueError: If an argument is invalid.

    Example:
        >>> model = build_forecaster(30, num_features=3, horizon=7, cell="gru")
        >>> model.input_shape, model.output_shape
        ((None, 30, 3), (None, 7))
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
