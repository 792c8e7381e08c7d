"""Anticipated mistakes of the MLP exercises: wrong answers written by hand."""

import math


def _params(bias=1, per_layer=False, output=True, flatten=True):
    def mlp_params(input_shape, hidden_units, num_classes):
        n_in = math.prod(input_shape) if flatten else input_shape[0]
        widths = [n_in, *hidden_units] + ([num_classes] if output else [])
        return sum(a * b + (bias if per_layer else bias * b) for a, b in zip(widths, widths[1:]))
    return mlp_params


def _model(flatten=True, hidden=(256, 128), act="relu", out="softmax", k=None, bias=True,
           input_=True):
    def build_model(input_shape, num_classes):
        import keras

        layers = [keras.Input(shape=input_shape)] if input_ else []
        layers += [keras.layers.Flatten()] if flatten else []
        layers += [keras.layers.Dense(n, activation=act, use_bias=bias) for n in hidden]
        layers += [keras.layers.Dense(k or num_classes), keras.layers.Activation(out)]
        return keras.Sequential(layers)
    return build_model


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", _params(bias=0), "no_bias", "Faltan los sesgos", "The biases are missing"),
    ("q1", _params(output=False), "no_output", "Falta la capa de salida",
     "The output layer is missing"),
    ("q1", _params(per_layer=True), "bias_per_layer", "un sesgo por capa (50,435",
     "one bias per layer (50,435"),
    ("q1", _params(flatten=False), "not_flattened", "una fila de 64 píxeles",
     "a row of 64 pixels"),
    ("q1", lambda s, h, k: 50826, "value", "mlp_params((28, 28, 1), (128,), 10) = 101,770",
     "mlp_params((28, 28, 1), (128,), 10) = 101,770"),
    ("q2", _model(input_=False), "not_built", "keras.Input(shape=input_shape)",
     "keras.Input(shape=input_shape)"),
    ("q2", _model(flatten=False), "no_flatten", "(None, 8, 8, 10)", "(None, 8, 8, 10)"),
    ("q2", _model(k=1), "output_units", "una neurona por clase: 10",
     "one neuron per class: 10"),
    ("q2", _model(hidden=(128,)), "hidden_units", "[128]", "[128]"),
    ("q2", _model(act=None), "hidden_activation", "['linear', 'linear']",
     "['linear', 'linear']"),
    ("q2", _model(out="linear"), "logits", "da logits", "it gives logits"),
    ("q2", _model(out="sigmoid"), "output_activation", "sigmoid", "sigmoid"),
    ("q2", _model(bias=False), "params", "use_bias=False", "use_bias=False"),
    ("q2", lambda shape, k: "mlp", "type", "un keras.Model", "a keras.Model"),
    ("q3", 1, "not_scaled", "1/(1 − p) = 1.4286", "1/(1 − p) = 1.4286"),
    ("q3", 0.7, "times_keep", "0.7 = 1 − p", "0.7 = 1 − p"),
    ("q3", 0, "zero", "neurona apagada", "a unit switched off"),
    ("q3", 1 / 0.3, "over_p", "Divides entre p = 0.3", "You divide by p = 0.3"),
    ("q3", 0.3, "times_p", "la probabilidad de apagarse", "the probability of being switched"),
    ("q3", 2, "value", "1/(1 − p)", "1/(1 − p)"),
]
