"""Ejercicios — conceptos: output size, perceptron rule, backprop δ, a conv layer's parameters.

Example:
    >>> from tfcourse.exercises import ____, concepts as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises._concepts_checks import (
    check_conv_params,
    check_delta,
    check_output_size,
    check_update,
)
from tfcourse.exercises._core import Question

__all__ = ["q1", "q2", "q3", "q4"]

# ------------------------------------------------------------------ q1: the output size

q1 = Question(
    answer="output_size",
    task={"es": "Escribe output_size(W, K, P, S): el tamaño de salida de una convolución (o un "
                "muestreo) sobre una entrada de ancho W, con filtro K, relleno P en cada lado y "
                "paso S, redondeando hacia abajo como los frameworks: (W − K + 2P)/S + 1.",
          "en": "Write output_size(W, K, P, S): the output size of a convolution (or pooling) "
                "over an input of width W, with kernel K, padding P on each side and stride S, "
                "rounded down as the frameworks do: (W − K + 2P)/S + 1."},
    checker=check_output_size,
    hints=[{"es": "El relleno se añade a los dos lados: la entrada rellenada mide W + 2P.",
            "en": "Padding goes on both sides: the padded input is W + 2P wide."},
           {"es": "Cuenta las posiciones de la ventana: la primera, más una por cada paso "
                  "entero que cabe, (W − K + 2P) // S. Usa la división entera //.",
            "en": "Count the window's positions: the first one, plus one per whole stride that "
                  "fits, (W − K + 2P) // S. Use integer division //."}],
    solution="""
        def output_size(W, K, P, S):
            return (W - K + 2 * P) // S + 1
    """,
    correct={"es": "¡Correcto! Con esa fórmula se sabe la forma de cada mapa de características "
                   "antes de entrenar: la primera capa de ResNet-50 deja 224 → 112.",
             "en": "Correct! With that formula you know each feature map's shape before "
                   "training: ResNet-50's first layer turns 224 into 112."},
    mistakes={
        "no_padding": {"es": "Falta el relleno: con W={W}, K={K}, P={P}, S={S} das {got}, y la "
                             "salida mide {want}. Los P ceros de cada lado agrandan la entrada: "
                             "W − K + 2P.",
                       "en": "The padding is missing: with W={W}, K={K}, P={P}, S={S} you give "
                             "{got}, and the output is {want}. The P zeros on each side widen "
                             "the input: W − K + 2P."},
        "padding_once": {"es": "Cuentas el relleno una sola vez (W − K + P): con W={W}, K={K}, "
                               "P={P}, S={S} das {got}, no {want}. Hay P ceros a cada lado: 2P.",
                         "en": "You count the padding once (W − K + P): with W={W}, K={K}, "
                               "P={P}, S={S} you give {got}, not {want}. There are P zeros on "
                               "each side: 2P."},
        "no_plus_one": {"es": "Falta el +1: con W={W}, K={K}, P={P}, S={S} das {got}, no {want}. "
                              "(W − K + 2P)/S cuenta los pasos; la posición de partida también "
                              "da una salida.",
                        "en": "The +1 is missing: with W={W}, K={K}, P={P}, S={S} you give "
                              "{got}, not {want}. (W − K + 2P)/S counts the strides; the "
                              "starting position gives an output too."},
        "not_floored": {"es": "Con W={W}, K={K}, P={P}, S={S} das {got}: un tamaño no puede "
                              "tener decimales. Cuando S no divide W − K + 2P, la última ventana "
                              "se saldría y se descarta: redondea hacia abajo con //.",
                        "en": "With W={W}, K={K}, P={P}, S={S} you give {got}: a size has no "
                              "decimals. When S does not divide W − K + 2P, the last window "
                              "would stick out and is dropped: round down with //."},
        "ceil": {"es": "Redondeas hacia arriba: con W={W}, K={K}, P={P}, S={S} das {got}, no "
                       "{want}. Esa última ventana se saldría de la entrada rellenada; los "
                       "frameworks la descartan: usa //.",
                 "en": "You round up: with W={W}, K={K}, P={P}, S={S} you give {got}, not "
                       "{want}. That last window would stick out of the padded input; the "
                       "frameworks drop it: use //."},
    },
)

# ------------------------------------------------------------------ q2: the perceptron rule

q2 = Question(
    answer="update",
    task={"es": "Escribe update(w, b, x, t, eta): la regla del perceptrón para un ejemplo x con "
                "etiqueta t ∈ {−1, 1}. Con o = sign(w·x + b): si o ≠ t, w ← w + η t x y "
                "b ← b + η t; si acierta, nada cambia. Devuelve (w, b).",
          "en": "Write update(w, b, x, t, eta): the perceptron rule for one example x with "
                "label t ∈ {−1, 1}. With o = sign(w·x + b): if o ≠ t, w ← w + η t x and "
                "b ← b + η t; if it is right, nothing changes. Return (w, b)."},
    checker=check_update,
    hints=[{"es": "Primero la predicción: o = 1 si w @ x + b > 0, si no −1.",
            "en": "First the prediction: o = 1 if w @ x + b > 0, else −1."},
           {"es": "Solo en un error: sumar η t x acerca la frontera al ejemplo (t da el lado).",
            "en": "Only on a mistake: adding η t x moves the boundary towards the example "
                  "(t gives the side)."}],
    solution="""
        def update(w, b, x, t, eta):
            o = 1 if w @ x + b > 0 else -1
            if o != t:  # a mistake: move the boundary towards x
                w, b = w + eta * t * x, b + eta * t
            return w, b
    """,
    correct={"es": "¡Correcto! Un acierto no cambia nada y un error empuja la frontera hacia el "
                   "ejemplo: con datos separables, la convergencia está garantizada.",
             "en": "Correct! A right answer changes nothing and a mistake pushes the boundary "
                   "towards the example: on separable data, convergence is guaranteed."},
    mistakes={
        "sign": {"es": "El signo está al revés: restas η t x y alejas la frontera del ejemplo, "
                       "así que el error empeora. La regla suma: w ← w + η t x.",
                 "en": "The sign is backwards: you subtract η t x and move the boundary away "
                       "from the example, so the mistake gets worse. The rule adds: "
                       "w ← w + η t x."},
        "always": {"es": "Actualizas también cuando el ejemplo ya está bien clasificado (o = t). "
                         "El perceptrón solo aprende de sus errores: comprueba o ≠ t antes.",
                   "en": "You also update when the example is already classified right (o = t). "
                         "The perceptron learns only from its mistakes: check o ≠ t first."},
        "no_bias": {"es": "w cambia bien, pero b no: el sesgo es un peso con entrada 1, así que "
                          "b ← b + η t.",
                    "en": "w changes correctly, but b does not: the bias is a weight whose "
                          "input is 1, so b ← b + η t."},
        "no_rate": {"es": "Falta la tasa de aprendizaje: sumas t x en vez de η t x (aquí "
                          "η = {eta}).",
                    "en": "The learning rate is missing: you add t x instead of η t x (here "
                          "η = {eta})."},
    },
)

# ------------------------------------------------------------------ q3: the output delta

q3 = Question(
    answer="delta_output",
    task={"es": "Retropropagación (Mitchell, T4.3): escribe delta_output(o, t), el término de "
                "error δk de cada unidad de salida sigmoide, a partir de sus salidas o y los "
                "objetivos t (arrays de la misma forma).",
          "en": "Backpropagation (Mitchell, T4.3): write delta_output(o, t), the error term δk "
                "of each sigmoid output unit, from its outputs o and the targets t (arrays of "
                "the same shape)."},
    checker=check_delta,
    hints=[{"es": "δk = −∂E/∂(suma ponderada de k), con E = ½ Σ (t − o)².",
            "en": "δk = −∂E/∂(weighted sum of k), with E = ½ Σ (t − o)²."},
           {"es": "Regla de la cadena: −∂E/∂o = (t − o), por la derivada de la sigmoide, "
                  "σ' = o(1 − o).",
            "en": "Chain rule: −∂E/∂o = (t − o), times the sigmoid's derivative, "
                  "σ' = o(1 − o)."}],
    solution="""
        def delta_output(o, t):
            return o * (1 - o) * (t - o)
    """,
    correct={"es": "¡Correcto! δk = ok(1 − ok)(tk − ok) es −∂E/∂(suma ponderada): con él, "
                   "Δw = η δ x es un paso de descenso por gradiente.",
             "en": "Correct! δk = ok(1 − ok)(tk − ok) is −∂E/∂(weighted sum): with it, "
                   "Δw = η δ x is a gradient-descent step."},
    mistakes={
        "no_derivative": {"es": "Falta el factor ok(1 − ok), la derivada de la sigmoide: con "
                                "o = {o} y t = {t} das {got}, y δ = {want}.",
                          "en": "The factor ok(1 − ok), the sigmoid's derivative, is missing: "
                                "with o = {o} and t = {t} you give {got}, and δ = {want}."},
        "sign": {"es": "El signo está al revés (das {got}, δ = {want}): δk lleva (tk − ok), "
                       "objetivo menos salida, para que Δw = +η δ x baje el error.",
                 "en": "The sign is backwards (you give {got}, δ = {want}): δk carries "
                       "(tk − ok), target minus output, so that Δw = +η δ x lowers the error."},
        "double_sigmoid": {"es": "Aplicas la sigmoide otra vez: o ya es σ(suma ponderada), así "
                                 "que su derivada es o(1 − o), no σ(o)(1 − σ(o)).",
                           "en": "You apply the sigmoid again: o already is σ(weighted sum), so "
                                 "its derivative is o(1 − o), not σ(o)(1 − σ(o))."},
    },
)

# ------------------------------------------------------------------ q4: a conv layer's parameters

q4 = Question(
    answer="count",
    task={"es": "Una capa Conv2D con 64 filtros de 3×3 lee los 32 mapas de características de "
                "la capa anterior. ¿Cuántos parámetros tiene? Escribe el número.",
          "en": "A Conv2D layer with 64 filters of 3×3 reads the 32 feature maps of the layer "
                "before. How many parameters does it have? Write the number."},
    checker=check_conv_params,
    hints=[{"es": "Cada filtro mira K×K posiciones en *cada* canal de entrada, y tiene un sesgo.",
            "en": "Each filter looks at K×K positions in *every* input channel, and has one "
                  "bias."},
           {"es": "(K·K·C_in + 1)·C_out, sin importar el tamaño de la imagen.",
            "en": "(K·K·C_in + 1)·C_out, whatever the image size."}],
    solution="count = (3 * 3 * 32 + 1) * 64",
    correct={"es": "¡Correcto! 18,496 parámetros, los mismos para una imagen de 32×32 que de "
                   "1000×1000: el filtro se comparte en todas las posiciones.",
             "en": "Correct! 18,496 parameters, the same for a 32×32 image as for a 1000×1000 "
                   "one: the filter is shared over every position."},
    mistakes={
        "no_bias": {"es": "{got} cuenta solo los pesos: falta un sesgo por filtro (+1 dentro "
                          "del paréntesis): (K·K·C_in + 1)·C_out.",
                    "en": "{got} counts the weights only: one bias per filter is missing (+1 "
                          "inside the brackets): (K·K·C_in + 1)·C_out."},
        "no_channels": {"es": "{got} olvida los canales de entrada: cada filtro de 3×3 tiene "
                              "3·3 pesos *por cada uno* de los 32 mapas: K·K·C_in.",
                        "en": "{got} forgets the input channels: each 3×3 filter has 3·3 "
                              "weights *for each* of the 32 maps: K·K·C_in."},
        "bias_per_channel": {"es": "{got} pone un sesgo por canal de entrada; hay uno por "
                                   "filtro (por canal de salida): (K·K·C_in + 1)·C_out.",
                             "en": "{got} has one bias per input channel; there is one per "
                                   "filter (per output channel): (K·K·C_in + 1)·C_out."},
        "no_filters": {"es": "{got} es un solo filtro: la capa tiene 64, multiplica por C_out.",
                       "en": "{got} is a single filter: the layer has 64, multiply by C_out."},
    },
)
