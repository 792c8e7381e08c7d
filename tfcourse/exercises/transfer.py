"""Ejercicios — aprendizaje por transferencia: freeze a base, count what trains, transfer.

The last one is the talk's exercise ("train a classifier by transfer learning"), offline: the
network trained on digits 0–4 is transferred to 5–9 with ten labels per digit, as in the lesson.

Example:
    >>> from tfcourse.exercises import ____, transfer as ej
    >>> ej.q2.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises._core import Question
from tfcourse.exercises._transfer_checks import (THRESHOLD, check_count, check_new_head,
                                                 check_transfer)

__all__ = ["q1", "q2", "q3"]

# ------------------------------------------------------------------ q1: freeze the base


q1 = Question(
    answer="new_head",
    task={"es": "Escribe new_head(base, num_classes): congela la base preentrenada `base` (un "
                "keras.Model que da un vector de características por imagen) y devuelve un "
                "modelo imagen → base → Dense(num_classes, activation='softmax') en el que solo "
                "se entrena la capa nueva.",
          "en": "Write new_head(base, num_classes): freeze the pretrained base `base` (a "
                "keras.Model giving one feature vector per image) and return a model image → "
                "base → Dense(num_classes, activation='softmax') in which only the new layer "
                "trains."},
    checker=check_new_head,
    hints=[{"es": "Congelar es base.trainable = False, antes de compilar.",
            "en": "Freezing is base.trainable = False, before compiling."},
           {"es": "inputs = keras.Input(shape=base.input_shape[1:]); x = base(inputs, "
                  "training=False); y termina con la capa densa y keras.Model(inputs, outputs).",
            "en": "inputs = keras.Input(shape=base.input_shape[1:]); x = base(inputs, "
                  "training=False); then the dense layer and keras.Model(inputs, outputs)."}],
    solution="""
        import keras

        def new_head(base, num_classes):
            base.trainable = False  # congelar: its weights stay as they are
            inputs = keras.Input(shape=base.input_shape[1:])  # (B, 28, 28, 1)
            x = base(inputs, training=False)  # (B, features); batch norm in inference mode
            outputs = keras.layers.Dense(num_classes, activation="softmax")(x)
            return keras.Model(inputs, outputs)
    """,
    correct={"es": "¡Correcto! Solo se entrenan los (16 + 1)·5 = 85 parámetros de la cabeza "
                   "nueva: las características de la base se reutilizan tal cual, y bastan "
                   "pocos datos.",
             "en": "Correct! Only the new head's (16 + 1)·5 = 85 parameters train: the base's "
                   "features are reused as they are, and few data suffice."},
    mistakes={
        "outputs": {"es": "Tu modelo da una salida de forma {received}; debe dar num_classes = 5 "
                          "probabilidades por imagen: Dense(num_classes, activation='softmax').",
                    "en": "Your model outputs shape {received}; it must give num_classes = 5 "
                          "probabilities per image: Dense(num_classes, activation='softmax')."},
        "not_reused": {"es": "Tu modelo no contiene la base que recibe: sus pesos entrenados no "
                             "están en él. Llama a base(inputs) dentro del modelo nuevo.",
                       "en": "Your model does not contain the base it receives: its trained "
                             "weights are not in it. Call base(inputs) inside the new model."},
        "not_frozen": {"es": "La base no está congelada: se entrenarían {got} parámetros en vez "
                             "de los {head} de la cabeza, y con pocos datos se estropearían las "
                             "características aprendidas. Pon base.trainable = False.",
                       "en": "The base is not frozen: {got} parameters would train instead of "
                             "the head's {head}, and with few data the learned features would "
                             "be spoilt. Set base.trainable = False."},
        "all_frozen": {"es": "Has congelado todo: el modelo no tiene ningún parámetro "
                             "entrenable, así que no puede aprender la tarea nueva. Congela "
                             "solo la base (base.trainable = False), no el modelo entero.",
                       "en": "You froze everything: the model has no trainable parameter, so "
                             "it cannot learn the new task. Freeze only the base "
                             "(base.trainable = False), not the whole model."},
        "head": {"es": "La base está congelada, pero se entrenan {got} parámetros: la cabeza "
                       "pedida es una sola Dense(num_classes), (16 + 1)·5 = {head}.",
                 "en": "The base is frozen, but {got} parameters train: the head asked for is "
                       "a single Dense(num_classes), (16 + 1)·5 = {head}."},
    },
)


# ------------------------------------------------------------------ q2: what remains trainable


q2 = Question(
    answer="n_trainable",
    task={"es": "La red de origen de la lección es build_cnn((28, 28, 1), 5, filters=(16, 32)). "
                "Con build_from_pretrained(source, 5, feature_layer='block2_pool') la base "
                "queda congelada hasta block2_pool (mapas 7×7×32) y encima van flatten → "
                "dropout → Dense(5). ¿Cuántos parámetros *entrenables* tiene el modelo? "
                "Responde con un número entero.",
          "en": "The lesson's source network is build_cnn((28, 28, 1), 5, filters=(16, 32)). "
                "With build_from_pretrained(source, 5, feature_layer='block2_pool') the base "
                "is frozen up to block2_pool (7×7×32 maps) and on top come flatten → dropout → "
                "Dense(5). How many *trainable* parameters does the model have? Answer with a "
                "whole number."},
    checker=check_count,
    hints=[{"es": "La base congelada no cuenta, y flatten y dropout no tienen parámetros: "
                  "solo cuenta la capa densa nueva.",
            "en": "The frozen base does not count, and flatten and dropout have no "
                  "parameters: only the new dense layer counts."},
           {"es": "Una densa tiene (n_in + 1)·n_out, con n_in = 7·7·32 características.",
            "en": "A dense layer has (n_in + 1)·n_out, with n_in = 7·7·32 features."}],
    solution="n_trainable = (7 * 7 * 32 + 1) * 5  # only the new Dense(5): (n_in + 1)·n_out",
    correct={"es": "¡Correcto! (1568 + 1)·5 = 7845: la base entera, congelada, no se entrena. "
                   "model.summary() los lista como «Trainable params».",
             "en": "Correct! (1568 + 1)·5 = 7,845: the whole base, frozen, does not train. "
                   "model.summary() lists them as 'Trainable params'."},
    mistakes={
        "count": {"es": "Todavía no: {got} no es el número de parámetros entrenables. Cuenta "
                        "solo lo que no está congelado.",
                  "en": "Not yet: {got} is not the number of trainable parameters. Count only "
                        "what is not frozen."},
        "counts_base": {"es": "{got} cuenta también la base, pero está congelada "
                              "(trainable = False): sus pesos no cambian al entrenar. Cuenta solo "
                              "la cabeza nueva.",
                        "en": "{got} counts the base too, but it is frozen (trainable = False): "
                              "its weights do not change in training. Count the new head only."},
        "no_bias": {"es": "Falta el sesgo: cada una de las 5 salidas tiene {features} pesos y "
                          "un sesgo: (n_in + 1)·n_out.",
                    "en": "The bias is missing: each of the 5 outputs has {features} weights "
                          "and one bias: (n_in + 1)·n_out."},
        "features_only": {"es": "{got} es el número de características (7·7·32), no de "
                                "parámetros: cada una se conecta a las 5 salidas, más un sesgo "
                                "por salida.",
                          "en": "{got} is the number of features (7·7·32), not of parameters: "
                                "each connects to the 5 outputs, plus one bias per output."},
        "one_output": {"es": "{got} son los parámetros de una sola salida; hay 5 clases: "
                             "multiplica por 5.",
                       "en": "{got} is the parameters of one output; there are 5 classes: "
                             "multiply by 5."},
        "wrong_layer": {"es": "{got} corresponde a otra capa de características. Aquí la base "
                              "acaba en block2_pool: {features} características (7·7·32).",
                        "en": "{got} belongs to another feature layer. Here the base ends at "
                              "block2_pool: {features} features (7·7·32)."},
    },
)


# ------------------------------------------------------------------ q3: the talk's exercise


q3 = Question(
    answer="train_transfer",
    task={"es": "El ejercicio de la charla, sin conexión: escribe train_transfer(source, x, "
                "y), que recibe la red de origen (entrenada con los dígitos 0–4) y las 50 imágenes "
                "etiquetadas de la tarea B (x: (50, 28, 28, 1), y: 0..4 para los dígitos 5–9), "
                "congela la base, entrena una cabeza nueva y devuelve el modelo entrenado. "
                "check() la llama con su propia red de origen (entrenarla tarda unos segundos "
                "la primera vez) y evalúa el modelo con imágenes de 5–9 que no ha visto: hace "
                f"falta una exactitud de al menos {THRESHOLD:.2f}.",
          "en": "The talk's exercise, offline: write train_transfer(source, x, y), which "
                "takes the source network (trained on digits 0–4) and task B's 50 labelled images "
                "(x: (50, 28, 28, 1), y: 0..4 for the digits 5–9), freezes the base, trains a "
                "new head and returns the trained model. check() calls it with its own source "
                "network (training it takes a few seconds the first time) and scores the model "
                f"on 5–9 images it has not seen: it needs an accuracy of at least "
                f"{THRESHOLD:.2f}."},
    checker=check_transfer,
    hints=[{"es": "build_from_pretrained(source, 5, feature_layer=...) congela la base y pone "
                  "la cabeza; luego compile y fit, como con cualquier modelo.",
            "en": "build_from_pretrained(source, 5, feature_layer=...) freezes the base and "
                  "adds the head; then compile and fit, as with any model."},
           {"es": "Las características de los bloques se transfieren mejor que las últimas "
                  "(la sonda lineal de la lección): prueba feature_layer='block1_pool', Adam "
                  "con 3e-3 y unas 10 épocas.",
            "en": "The blocks' features transfer better than the last ones (the lesson's "
                  "linear probe): try feature_layer='block1_pool', Adam at 3e-3 and about 10 "
                  "epochs."}],
    solution="""
        import keras
        from tfcourse.models.from_pretrained import build_from_pretrained

        def train_transfer(source, x, y):
            model = build_from_pretrained(source, 5, feature_layer="block1_pool")  # base frozen
            model.compile(keras.optimizers.Adam(3e-3), "sparse_categorical_crossentropy",
                          metrics=["accuracy"])
            model.fit(x, y, epochs=10, batch_size=32, verbose=0)
            return model
    """,
    correct={"es": "¡Correcto! Con solo 50 etiquetas, las características aprendidas con otros "
                   "dígitos bastan para reconocer los nuevos: menos datos y menos tiempo de "
                   "entrenamiento, como dice la charla.",
             "en": "Correct! With only 50 labels, the features learned on other digits are "
                   "enough to recognise the new ones: less data and less training time, as "
                   "the talk says."},
    mistakes={
        "outputs": {"es": "Tu modelo da una salida de forma {received}; la tarea B tiene 5 "
                          "clases (los dígitos 5–9 como 0..4): la cabeza nueva es Dense(5).",
                    "en": "Your model outputs shape {received}; task B has 5 classes (digits "
                          "5–9 as 0..4): the new head is Dense(5)."},
        "from_scratch": {"es": "Tu modelo no usa ninguna capa de source: eso es entrenar desde "
                               "cero, no transferir. Construye el modelo sobre la red de origen, "
                               "p. ej. con build_from_pretrained(source, 5, ...).",
                         "en": "Your model uses no layer of source: that is training from "
                               "scratch, not transfer. Build the model on the source network, "
                               "e.g. with build_from_pretrained(source, 5, ...)."},
        "not_frozen": {"es": "Los pesos de la red de origen han cambiado: la base no estaba "
                             "congelada. Con 50 imágenes, entrenarla entera deforma las "
                             "características para memorizarlas. Congela la base "
                             "(trainable = False) y entrena solo la cabeza.",
                       "en": "The source network's weights changed: the base was not frozen. "
                             "With 50 images, training all of it bends the features to "
                             "memorise them. Freeze the base (trainable = False) and train "
                             "only the head."},
        "not_trained": {"es": "El modelo no se ha entrenado: falta compile y fit con x e y "
                              "antes de devolverlo.",
                        "en": "The model has not been trained: compile it and fit it on x and "
                              "y before returning it."},
        "too_low": {"es": "Exactitud {accuracy:.3f} en {m} imágenes nuevas de 5–9; hace falta "
                          "{threshold:.2f}. ¿Más épocas, otra tasa de aprendizaje, o "
                          "características de una capa anterior (feature_layer)?",
                    "en": "Accuracy {accuracy:.3f} on {m} new images of 5–9; {threshold:.2f} is "
                          "needed. More epochs, another learning rate, or features from an "
                          "earlier layer (feature_layer)?"},
    },
)
