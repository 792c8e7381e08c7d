"""Ejercicios — perceptrón multicapa: count its parameters, build it in Keras, dropout's scaling.

Example:
    >>> from tfcourse.exercises import ____, mlp as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises._core import Question
from tfcourse.exercises._mlp_checks import check_dropout, check_mlp_params, check_model

__all__ = ["q1", "q2", "q3"]

# ------------------------------------------------------------------ q1: the parameter count

q1 = Question(
    answer="mlp_params",
    task={"es": "Escribe mlp_params(input_shape, hidden_units, num_classes): cuántos parámetros "
                "tiene build_mlp(input_shape, num_classes, hidden_units=hidden_units), es decir "
                "Flatten, una capa densa por capa oculta y la capa densa de salida. Por ejemplo "
                "mlp_params((8, 8, 1), (256, 128), 10).",
          "en": "Write mlp_params(input_shape, hidden_units, num_classes): how many parameters "
                "build_mlp(input_shape, num_classes, hidden_units=hidden_units) has, that is "
                "Flatten, one dense layer per hidden layer and the dense output layer. For "
                "example mlp_params((8, 8, 1), (256, 128), 10)."},
    checker=check_mlp_params,
    hints=[{"es": "Una capa densa de n_units neuronas que lee n_in entradas tiene "
                  "(n_in + 1) × n_units parámetros: un peso por par y un sesgo por neurona.",
            "en": "A dense layer of n_units neurons reading n_in inputs has "
                  "(n_in + 1) × n_units parameters: one weight per pair, one bias per neuron."},
           {"es": "Tras Flatten, n_in es el producto de input_shape (8·8·1 = 64). Recorre los "
                  "anchos [n_in, *hidden_units, num_classes] de dos en dos.",
            "en": "After Flatten, n_in is the product of input_shape (8·8·1 = 64). Walk the "
                  "widths [n_in, *hidden_units, num_classes] two at a time."}],
    solution="""
        import math

        def mlp_params(input_shape, hidden_units, num_classes):
            widths = [math.prod(input_shape), *hidden_units, num_classes]
            return sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:]))
    """,
    correct={"es": "¡Correcto! Coincide con model.count_params(). Casi todos están en la primera "
                   "capa cuando la entrada es grande: con MNIST, 784 × 128 de 101,770.",
             "en": "Correct! It matches model.count_params(). Most of them sit in the first "
                   "layer when the input is large: on MNIST, 784 × 128 of 101,770."},
    mistakes={
        "no_bias": {"es": "Faltan los sesgos: para {shape}, {hidden}, {k} das {got}, y Keras "
                          "cuenta {want}. Cada neurona suma su sesgo: (n_in + 1) × n_units.",
                    "en": "The biases are missing: for {shape}, {hidden}, {k} you give {got}, "
                          "and Keras counts {want}. Every neuron adds its bias: "
                          "(n_in + 1) × n_units."},
        "no_output": {"es": "Falta la capa de salida: para {shape}, {hidden}, {k} das {got}, y "
                            "Keras cuenta {want}. La última capa oculta alimenta una capa densa "
                            "softmax de {k} neuronas.",
                      "en": "The output layer is missing: for {shape}, {hidden}, {k} you give "
                            "{got}, and Keras counts {want}. The last hidden layer feeds a "
                            "dense softmax layer of {k} neurons."},
        "bias_per_layer": {"es": "Cuentas un sesgo por capa ({got}; Keras: {want}); hay uno "
                                 "por neurona: (n_in + 1) × n_units.",
                           "en": "You count one bias per layer ({got}; Keras: {want}); there is "
                                 "one per neuron: (n_in + 1) × n_units."},
        "not_flattened": {"es": "Usas {shape}[0] como número de entradas ({got}; Keras: "
                                "{want}). Flatten convierte cada imagen en una fila de "
                                "{n_in} píxeles: n_in es el producto de input_shape.",
                          "en": "You use {shape}[0] as the number of inputs ({got}; Keras: "
                                "{want}). Flatten turns each image into a row of {n_in} pixels: "
                                "n_in is the product of input_shape."},
    },
)

# ------------------------------------------------------------------ q2: the model in Keras

q2 = Question(
    answer="build_model",
    task={"es": "Escribe build_model(input_shape, num_classes), que devuelve el perceptrón "
                "multicapa de la lección en Keras: entrada de forma input_shape, Flatten, Dense "
                "de 256 con ReLU, Dense de 128 con ReLU y una Dense de salida softmax con una "
                "neurona por clase.",
          "en": "Write build_model(input_shape, num_classes), returning the lesson's multilayer "
                "perceptron in Keras: input of shape input_shape, Flatten, Dense of 256 with "
                "ReLU, Dense of 128 with ReLU, and a softmax Dense output layer with one neuron "
                "per class."},
    checker=check_model,
    hints=[{"es": "keras.Sequential([keras.Input(shape=input_shape), keras.layers.Flatten(), "
                  "...]).",
            "en": "keras.Sequential([keras.Input(shape=input_shape), keras.layers.Flatten(), "
                  "...])."},
           {"es": "keras.layers.Dense(256, activation=\"relu\") y, al final, "
                  "keras.layers.Dense(num_classes, activation=\"softmax\").",
            "en": "keras.layers.Dense(256, activation=\"relu\") and, last, "
                  "keras.layers.Dense(num_classes, activation=\"softmax\")."}],
    solution="""
        import keras

        def build_model(input_shape, num_classes):
            return keras.Sequential([
                keras.Input(shape=input_shape),  # (B, 8, 8, 1)
                keras.layers.Flatten(),  # (B, 64)
                keras.layers.Dense(256, activation="relu"),
                keras.layers.Dense(128, activation="relu"),
                keras.layers.Dense(num_classes, activation="softmax"),  # (B, num_classes)
            ])
    """,
    correct={"es": "¡Correcto! Es el modelo de build_mlp(..., hidden_units=(256, 128)): la misma "
                   "estructura y el mismo número de parámetros.",
             "en": "Correct! It is the model of build_mlp(..., hidden_units=(256, 128)): the "
                   "same structure and the same number of parameters."},
    mistakes={
        "not_built": {"es": "El modelo no conoce la forma de su entrada, así que no tiene pesos "
                            "todavía: empieza con keras.Input(shape=input_shape).",
                      "en": "The model does not know its input's shape, so it has no weights "
                            "yet: start with keras.Input(shape=input_shape)."},
        "no_flatten": {"es": "La salida tiene forma {shape}: Dense actúa sobre el último eje de "
                             "cada píxel. Pon keras.layers.Flatten() primero para que cada "
                             "imagen sea una fila de píxeles.",
                       "en": "The output has shape {shape}: Dense acts on each pixel's last "
                             "axis. Put keras.layers.Flatten() first so each image becomes a "
                             "row of pixels."},
        "output_units": {"es": "Tu capa de salida tiene units={got}; necesita una neurona por "
                               "clase: {k}. Usa num_classes.",
                         "en": "Your output layer has units={got}; it needs one neuron per "
                               "class: {k}. Use num_classes."},
        "hidden_units": {"es": "Los anchos de tus capas ocultas son {got}; la lección usa "
                               "[256, 128].",
                         "en": "Your hidden layers' widths are {got}; the lesson uses "
                               "[256, 128]."},
        "hidden_activation": {"es": "Las activaciones ocultas son {got}: sin una no linealidad "
                                    "(ReLU) las capas se reducen a una sola matriz, regresión "
                                    "softmax otra vez. Usa activation=\"relu\".",
                              "en": "The hidden activations are {got}: without a "
                                    "non-linearity (ReLU) the layers collapse into one matrix, "
                                    "softmax regression again. Use activation=\"relu\"."},
        "logits": {"es": "La última capa no tiene activación: da logits, no probabilidades. La "
                         "tarea pide softmax (con logits habría que compilar con "
                         "from_logits=True).",
                   "en": "The last layer has no activation: it gives logits, not "
                         "probabilities. The task asks for softmax (with logits you would "
                         "compile with from_logits=True)."},
        "output_activation": {"es": "La salida usa {got}; para clasificar entre varias clases "
                                    "es softmax: probabilidades positivas que suman 1.",
                              "en": "The output uses {got}; to choose among several classes "
                                    "it is softmax: positive probabilities summing to 1."},
        "params": {"es": "La estructura parece buena pero Keras cuenta {got} parámetros, no "
                         "{want}: ¿has quitado los sesgos (use_bias=False)?",
                   "en": "The structure looks right but Keras counts {got} parameters, not "
                         "{want}: did you drop the biases (use_bias=False)?"},
    },
)

# ------------------------------------------------------------------ q3: dropout

q3 = Question(
    answer="value",
    task={"es": "Diez neuronas ocultas valen 1 y pasan por keras.layers.Dropout(0.3) durante el "
                "entrenamiento. ¿Qué valor tiene a la salida una neurona que NO se apaga?",
          "en": "Ten hidden units equal to 1 go through keras.layers.Dropout(0.3) while "
                "training. What value does a unit that is NOT switched off have at the output?"},
    checker=check_dropout,
    hints=[{"es": "Keras mantiene igual la suma esperada que recibe la capa siguiente.",
            "en": "Keras keeps the expected sum that the next layer receives unchanged."},
           {"es": "Sobrevive una fracción 1 − p de las neuronas: cada superviviente se escala "
                  "por 1/(1 − p).",
            "en": "A fraction 1 − p of the units survives: each survivor is scaled by "
                  "1/(1 − p)."}],
    solution="value = 1 / (1 - 0.3)",
    correct={"es": "¡Correcto! 1/(1 − 0.3) ≈ 1.4286: la suma esperada no cambia, y al predecir "
                   "Dropout no hace nada.",
             "en": "Correct! 1/(1 − 0.3) ≈ 1.4286: the expected sum is unchanged, and at "
                   "prediction time Dropout does nothing."},
    mistakes={
        "not_scaled": {"es": "Keras no deja igual a las supervivientes: las escala por "
                             "1/(1 − p) = {want} durante el entrenamiento, para que la suma "
                             "esperada no cambie.",
                       "en": "Keras does not leave the survivors as they are: it scales them "
                             "by 1/(1 − p) = {want} while training, so the expected sum does "
                             "not change."},
        "times_keep": {"es": "{got} = 1 − p es la escala del dropout original, al predecir. "
                             "Keras escala al entrenar, y al revés: divide entre 1 − p "
                             "({want}).",
                       "en": "{got} = 1 − p is the original dropout's scaling, at prediction "
                             "time. Keras scales while training, the other way: it divides by "
                             "1 − p ({want})."},
        "zero": {"es": "0 es el valor de una neurona apagada; la pregunta es por una que "
                       "sobrevive (se escala por 1/(1 − p)).",
                 "en": "0 is the value of a unit switched off; the question is about one that "
                       "survives (scaled by 1/(1 − p))."},
        "over_p": {"es": "Divides entre p = {p}, la fracción que se apaga; sobrevive 1 − p: "
                         "divide entre 1 − p ({want}).",
                   "en": "You divide by p = {p}, the fraction switched off; 1 − p survives: "
                         "divide by 1 − p ({want})."},
        "times_p": {"es": "{got} es p, la probabilidad de apagarse. Una superviviente se escala "
                          "por 1/(1 − p) = {want}.",
                    "en": "{got} is p, the probability of being switched off. A survivor is "
                          "scaled by 1/(1 − p) = {want}."},
    },
)
