"""Ejercicios — redes convolucionales: LeNet-5, a convolution's parameters, a stack's shape.

Example:
    >>> from tfcourse.exercises import ____, cnn as ej
    >>> ej.q2.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises._cnn_checks import check_conv_params, check_lenet, check_shape
from tfcourse.exercises._core import Question

__all__ = ["q1", "q2", "q3"]

LENET = ("conv 6@5×5 (same) → max pool 2×2 → conv 16@5×5 (valid) → max pool 2×2 → flatten → "
         "dense 120 → dense 84 → dense 10 (softmax)")


# ------------------------------------------------------------------ q1: LeNet-5


q1 = Question(
    answer="build_lenet",
    task={"es": "Construye LeNet-5 como en la lección: una función build_lenet(input_shape=(28, "
                "28, 1), num_classes=10) que devuelve un keras.Model: conv 6@5×5 (padding "
                "'same') → max pooling 2×2 → conv 16@5×5 (sin relleno, 'valid') → max pooling "
                "2×2 → flatten → densa 120 → densa 84 → densa num_classes con softmax, y ReLU en "
                "las capas ocultas. Con dígitos 28×28×1 tiene 61 706 parámetros.",
          "en": "Build LeNet-5 as in the lesson: a function build_lenet(input_shape=(28, 28, 1), "
                "num_classes=10) returning a keras.Model: conv 6@5×5 (padding 'same') → max "
                "pooling 2×2 → conv 16@5×5 (no padding, 'valid') → max pooling 2×2 → flatten → "
                "dense 120 → dense 84 → dense num_classes with softmax, and ReLU in the hidden "
                "layers. On 28×28×1 digits it has 61,706 parameters."},
    checker=check_lenet,
    hints=[{"es": "Empieza por inputs = keras.Input(shape=input_shape) y encadena capas: "
                  "x = keras.layers.Conv2D(6, 5, padding='same', activation='relu')(inputs).",
            "en": "Start with inputs = keras.Input(shape=input_shape) and chain layers: "
                  "x = keras.layers.Conv2D(6, 5, padding='same', activation='relu')(inputs)."},
           {"es": "Cuenta a mano: 28 → 28 → 14 → 10 → 5, así que flatten da 5·5·16 = 400 y fc1 "
                  "tiene (400 + 1)·120 = 48 120 parámetros. Termina con keras.Model(inputs, "
                  "outputs).",
            "en": "Count by hand: 28 → 28 → 14 → 10 → 5, so flatten gives 5·5·16 = 400 and fc1 "
                  "has (400 + 1)·120 = 48,120 parameters. Finish with keras.Model(inputs, "
                  "outputs)."}],
    solution="""
        import keras

        def build_lenet(input_shape=(28, 28, 1), num_classes=10):
            inputs = keras.Input(shape=input_shape)  # (B, 28, 28, 1)
            x = keras.layers.Conv2D(6, 5, padding="same",
                                    activation="relu")(inputs)  # (B, 28, 28, 6)
            x = keras.layers.MaxPooling2D(2)(x)  # (B, 14, 14, 6)
            x = keras.layers.Conv2D(16, 5, activation="relu")(x)  # (B, 10, 10, 16)
            x = keras.layers.MaxPooling2D(2)(x)  # (B, 5, 5, 16)
            x = keras.layers.Flatten()(x)  # (B, 400)
            x = keras.layers.Dense(120, activation="relu")(x)
            x = keras.layers.Dense(84, activation="relu")(x)
            outputs = keras.layers.Dense(num_classes, activation="softmax")(x)  # (B, 10)
            return keras.Model(inputs, outputs)
    """,
    correct={"es": "¡Correcto! 61 706 parámetros, y 48 120 de ellos (el 78 %) en la primera capa "
                   "densa: las convoluciones comparten sus filtros por toda la imagen y cuestan "
                   "muy poco.",
             "en": "Correct! 61,706 parameters, 48,120 of them (78%) in the first dense layer: "
                   "the convolutions share their filters across the whole image and cost very "
                   "little."},
    mistakes={
        "outputs": {"es": "Tu red da una salida de forma {received} por imagen; debe dar "
                          "num_classes = 10 probabilidades: la última capa es "
                          "Dense(num_classes, activation='softmax').",
                    "en": "Your network outputs shape {received} per image; it must give "
                          "num_classes = 10 probabilities: the last layer is "
                          "Dense(num_classes, activation='softmax')."},
        "avg_pool": {"es": "Las formas y los 61 706 parámetros cuadran (el muestreo no tiene "
                           "parámetros), pero usas average pooling. El LeNet de 1998 "
                           "promediaba; el de la lección usa MaxPooling2D, que guarda el valor "
                           "más grande de cada ventana 2×2.",
                     "en": "The shapes and the 61,706 parameters match (pooling has no "
                           "parameters), but you use average pooling. The 1998 LeNet averaged; "
                           "the lesson's uses MaxPooling2D, which keeps the largest value of "
                           "each 2×2 window."},
        "valid_first": {"es": "La primera convolución no tiene padding='same': sin relleno el "
                              "mapa encoge 28 → 24, y todo lo que sigue también (flatten da "
                              "{flat} en vez de 400). Tu red tiene {count} parámetros, no 61 706: "
                              "pon padding='same' en conv1 (P = 2 mantiene 28×28).",
                        "en": "The first convolution lacks padding='same': without padding the "
                              "map shrinks 28 → 24, and so does everything after it (flatten "
                              "gives {flat} instead of 400). Your network has {count} "
                              "parameters, not 61,706: use padding='same' in conv1 (P = 2 keeps "
                              "28×28)."},
        "same_second": {"es": "La segunda convolución usa padding='same' y mantiene 14×14; en "
                              "LeNet no lleva relleno ('valid'): 14 → 10. Con 'same' flatten da "
                              "{flat} en vez de 400 y la red tiene {count} parámetros, no 61 706.",
                        "en": "The second convolution uses padding='same' and keeps 14×14; in "
                              "LeNet it has no padding ('valid'): 14 → 10. With 'same' flatten "
                              "gives {flat} instead of 400 and the network has {count} "
                              "parameters, not 61,706."},
        "missing_dense": {"es": "LeNet-5 termina en tres capas densas, 120 → 84 → 10; la tuya "
                                "tiene {units} ({count} parámetros). Falta una.",
                          "en": "LeNet-5 ends in three dense layers, 120 → 84 → 10; yours has "
                                "{units} ({count} parameters). One is missing."},
        "layers": {"es": "La capa {i} no es la de LeNet-5: se esperaba {want}, tienes {got} "
                         "({count} parámetros en total). LeNet-5: " + LENET + ".",
                   "en": "Layer {i} is not LeNet-5's: expected {want}, got {got} ({count} "
                         "parameters in all). LeNet-5: " + LENET + "."},
        "linear": {"es": "Las capas y los parámetros cuadran, pero alguna capa oculta no tiene "
                         "activación: sin ella, dos capas seguidas equivalen a una sola "
                         "transformación lineal. Añade activation='relu' a las convoluciones y a "
                         "las densas ocultas.",
                   "en": "The layers and parameters match, but a hidden layer has no "
                         "activation: without one, two layers in a row collapse into a single "
                         "linear map. Add activation='relu' to the convolutions and the hidden "
                         "dense layers."},
        "no_softmax": {"es": "La última capa tiene activación '{activation}', no softmax: sus "
                             "salidas no son probabilidades. Usa activation='softmax'.",
                       "en": "The last layer's activation is '{activation}', not softmax: its "
                             "outputs are not probabilities. Use activation='softmax'."},
        "ignores_args": {"es": "Con build_lenet((32, 32, 3), 5) tu modelo no recibe imágenes "
                               "32×32×3 o no da 5 salidas: usa los argumentos, "
                               "keras.Input(shape=input_shape) y Dense(num_classes, ...).",
                         "en": "With build_lenet((32, 32, 3), 5) your model does not take "
                               "32×32×3 images or does not give 5 outputs: use the arguments, "
                               "keras.Input(shape=input_shape) and Dense(num_classes, ...)."},
    },
)


# ------------------------------------------------------------------ q2: one conv layer's count


q2 = Question(
    answer="n_params",
    task={"es": "En la CNN moderna de la lección, build_cnn((28, 28, 1), 10, filters=(32, 64)), "
                "¿cuántos parámetros tiene block2_conv1, la primera convolución del segundo "
                "bloque? Aplica 64 filtros 3×3 a los 32 mapas de características del primer "
                "bloque, y va seguida de normalización por lotes, así que no lleva sesgo "
                "(use_bias=False). Responde con un número entero.",
          "en": "In the lesson's modern CNN, build_cnn((28, 28, 1), 10, filters=(32, 64)), how "
                "many parameters does block2_conv1, the second block's first convolution, have? "
                "It applies 64 filters of 3×3 to the first block's 32 feature maps, and batch "
                "normalization follows it, so it has no bias (use_bias=False). Answer with a "
                "whole number."},
    checker=check_conv_params,
    hints=[{"es": "La fórmula de la lección: (K·K·C_in + 1)·C_out. Cada filtro tiene K·K·C_in "
                  "pesos, y el +1 es su sesgo.",
            "en": "The lesson's formula: (K·K·C_in + 1)·C_out. Each filter has K·K·C_in "
                  "weights, and the +1 is its bias."},
           {"es": "Sin sesgo queda K·K·C_in·C_out, con K = 3, C_in = 32 y C_out = 64.",
            "en": "Without the bias it is K·K·C_in·C_out, with K = 3, C_in = 32 and C_out = 64."}],
    solution="n_params = 3 * 3 * 32 * 64  # K·K·C_in·C_out: no bias, batch norm's β does its job",
    correct={"es": "¡Correcto! 3·3·32·64 = 18 432. No depende del tamaño de la imagen, y sin el "
                   "sesgo: β de la normalización por lotes hace su papel.",
             "en": "Correct! 3·3·32·64 = 18,432. It does not depend on the image size, and has "
                   "no bias: batch norm's β plays its part."},
    mistakes={
        "count": {"es": "Todavía no: {got} no es el número de parámetros de block2_conv1. Cuenta "
                        "los pesos de un filtro (K·K·C_in), multiplica por los C_out filtros, y "
                        "recuerda que esta capa no tiene sesgo.",
                  "en": "Not yet: {got} is not block2_conv1's parameter count. Count one "
                        "filter's weights (K·K·C_in), multiply by the C_out filters, and "
                        "remember this layer has no bias."},
        "with_bias": {"es": "Has contado un sesgo por filtro ({got}). Esta convolución va "
                            "seguida de normalización por lotes y no tiene sesgo "
                            "(use_bias=False): el β de la normalización lo sustituye. Quita el "
                            "+1.",
                      "en": "You counted a bias per filter ({got}). This convolution is "
                            "followed by batch normalization and has no bias (use_bias=False): "
                            "batch norm's β replaces it. Drop the +1."},
        "with_bn": {"es": "{got} incluye los parámetros de la normalización por lotes (γ, β y "
                          "sus medias móviles), que es otra capa, block2_bn1. Cuenta solo la "
                          "convolución.",
                    "en": "{got} includes batch normalization's parameters (γ, β and its moving "
                          "averages), which is another layer, block2_bn1. Count the convolution "
                          "only."},
        "no_cin": {"es": "Te falta C_in: cada filtro no es 3×3 sino 3×3×32, pues recorre los 32 "
                         "mapas de entrada a la vez. Pesos por filtro: K·K·C_in.",
                   "en": "C_in is missing: each filter is not 3×3 but 3×3×32, because it spans "
                         "the 32 input maps at once. Weights per filter: K·K·C_in."},
        "no_cout": {"es": "{got} son los pesos de un solo filtro; la capa tiene C_out = 64 "
                          "filtros (64 mapas de salida). Multiplica por C_out.",
                    "en": "{got} is the weights of one filter; the layer has C_out = 64 filters "
                          "(64 output maps). Multiply by C_out."},
        "k_once": {"es": "Un filtro 3×3 tiene K·K = 9 posiciones, no K = 3: eleva K al cuadrado.",
                   "en": "A 3×3 filter has K·K = 9 positions, not K = 3: square K."},
        "block2_conv2": {"es": "{got} sería block2_conv2, que lee 64 mapas. block2_conv1 lee "
                               "los 32 mapas que salen del primer bloque: C_in = 32.",
                         "en": "{got} would be block2_conv2, which reads 64 maps. block2_conv1 "
                               "reads the 32 maps that leave the first block: C_in = 32."},
    },
)


# ------------------------------------------------------------------ q3: a stack's output shape


q3 = Question(
    answer="shape",
    task={"es": "LeNet-5 sobre las imágenes 32×32×3 de CIFAR-10: conv 6@5×5 (padding 'same') → "
                "max pooling 2×2 → conv 16@5×5 ('valid') → max pooling 2×2. ¿Qué forma (alto, "
                "ancho, canales) sale del segundo pooling? Responde con una tupla.",
          "en": "LeNet-5 on CIFAR-10's 32×32×3 images: conv 6@5×5 (padding 'same') → max "
                "pooling 2×2 → conv 16@5×5 ('valid') → max pooling 2×2. What shape (height, "
                "width, channels) leaves the second pooling? Answer with a tuple."},
    checker=check_shape,
    hints=[{"es": "Capa a capa con (W − K + 2P)/S + 1: 'same' con K = 5 es P = 2; el pooling "
                  "2×2 tiene K = 2 y S = 2, así que divide entre dos.",
            "en": "Layer by layer with (W − K + 2P)/S + 1: 'same' with K = 5 is P = 2; the 2×2 "
                  "pooling has K = 2 and S = 2, so it halves."},
           {"es": "32 → 32 → 16 → 12 → ?; los canales son los filtros de la última convolución.",
            "en": "32 → 32 → 16 → 12 → ?; the channels are the last convolution's filters."}],
    solution="shape = (6, 6, 16)  # 32 → 32 (same) → 16 (pool) → 12 (valid) → 6 (pool)",
    correct={"es": "¡Correcto! 32 → 32 → 16 → 12 → 6: flatten da 6·6·16 = 576 números en vez "
                   "de los 400 de los dígitos 28×28, y fc1 crece con ellos.",
             "en": "Correct! 32 → 32 → 16 → 12 → 6: flatten gives 6·6·16 = 576 numbers instead "
                   "of the 400 of 28×28 digits, and fc1 grows with them."},
    mistakes={
        "wrong_size": {"es": "Todavía no: {received} no es la salida. Sigue el tamaño capa a "
                             "capa con (W − K + 2P)/S + 1, empezando en 32.",
                       "en": "Not yet: {received} is not the output. Follow the size layer by "
                             "layer with (W − K + 2P)/S + 1, starting at 32."},
        "batch": {"es": "Es la forma de Keras con el eje del lote (None). Se pedía la de una "
                        "imagen: quita el None.",
                  "en": "That is Keras's shape with the batch axis (None). The task asks for "
                        "one image's shape: drop the None."},
        "channels": {"es": "Alto y ancho correctos, pero los canales no son {c}: tras una "
                           "convolución hay tantos mapas como filtros tenga (aquí la última, 16), "
                           "y el pooling no los cambia.",
                     "en": "Height and width are right, but the channels are not {c}: after a "
                           "convolution there are as many maps as it has filters (here the "
                           "last one's, 16), and pooling does not change them."},
        "valid_first": {"es": "Has tratado la primera convolución como 'valid' (32 → 28). Con "
                              "padding 'same' (P = 2) mantiene 32×32.",
                        "en": "You treated the first convolution as 'valid' (32 → 28). With "
                              "padding 'same' (P = 2) it keeps 32×32."},
        "same_second": {"es": "Has tratado la segunda convolución como 'same'. Es 'valid' (P = "
                              "0): 16 − 5 + 1 = 12.",
                        "en": "You treated the second convolution as 'same'. It is 'valid' "
                              "(P = 0): 16 − 5 + 1 = 12."},
        "swapped": {"es": "Has intercambiado los rellenos: la primera es 'same' (32 → 32) y la "
                          "segunda 'valid' (16 → 12).",
                    "en": "You swapped the paddings: the first is 'same' (32 → 32) and the "
                          "second 'valid' (16 → 12)."},
        "no_pool": {"es": "Falta el muestreo: cada max pooling 2×2 (K = 2, S = 2) divide alto y "
                          "ancho entre dos: (W − 2)/2 + 1 = W/2.",
                    "en": "The pooling is missing: each 2×2 max pooling (K = 2, S = 2) halves "
                          "height and width: (W − 2)/2 + 1 = W/2."},
    },
)
