"""Ejercicios — redes recurrentes: forecasting windows, one SimpleRNN step, an LSTM's size.

Example:
    >>> from tfcourse.exercises import ____, rnn as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises._core import Question
from tfcourse.exercises._rnn_checks import check_lstm_params, check_step, check_windows

__all__ = ["q1", "q2", "q3"]


# ------------------------------------------------------------------ q1: windows


q1 = Question(
    answer="cut_windows",
    task={"es": "Escribe cut_windows(series, size), que corta una serie (un array 1-D de n valores) "
                "en *ventanas* para el pronóstico: devuelve (X, y), con X de forma (n − size, "
                "size, 1) —cada ventana, size valores seguidos con un eje de características— e "
                "y el valor que sigue a cada ventana (forma (n − size,) o (n − size, 1)).",
          "en": "Write cut_windows(series, size), which cuts a series (a 1-D array of n values) "
                "into forecasting *windows*: it returns (X, y), with X of shape (n − size, "
                "size, 1) —each window, size consecutive values with a feature axis— and y the "
                "value right after each window (shape (n − size,) or (n − size, 1))."},
    checker=check_windows,
    hints=[{"es": "La ventana i es series[i : i + size] y su objetivo series[i + size]. ¿Cuántas "
                  "i hay para que i + size siga dentro de la serie?",
            "en": "Window i is series[i : i + size] and its target series[i + size]. How many "
                  "i keep i + size inside the series?"},
           {"es": "i va de 0 a n − size − 1: range(len(series) − size). Al final, X[..., None] "
                  "añade el eje de características.",
            "en": "i runs from 0 to n − size − 1: range(len(series) − size). At the end, "
                  "X[..., None] adds the feature axis."}],
    solution="""
        import numpy as np

        def cut_windows(series, size):
            starts = range(len(series) - size)  # the last window must still have a next value
            X = np.array([series[i:i + size] for i in starts])  # (n − size, size)
            y = np.array([series[i + size] for i in starts])  # (n − size,)
            return X[..., None], y  # (n − size, size, 1): one feature per step
    """,
    correct={"es": "¡Correcto! Es lo que hace tfcourse.data.make_windows: n − size ejemplos, cada "
                   "uno una secuencia de size pasos con 1 característica, y como objetivo el "
                   "valor siguiente.",
             "en": "Correct! That is what tfcourse.data.make_windows does: n − size examples, "
                   "each a sequence of size steps with 1 feature, and the next value as the "
                   "target."},
    mistakes={
        "no_feature_axis": {"es": "X tiene forma {shape}: falta el eje de características. Una "
                                  "capa recurrente lee (ejemplos, pasos, características); "
                                  "añádelo con X[..., None] o X.reshape(-1, {size}, 1).",
                            "en": "X has shape {shape}: the feature axis is missing. A recurrent "
                                  "layer reads (examples, steps, features); add it with "
                                  "X[..., None] or X.reshape(-1, {size}, 1)."},
        "one_too_many": {"es": "Tienes {got} ventanas y son {k}: con n = {n} y size = {size}, "
                               "la última ventana (la que acaba en el último valor) no tiene "
                               "valor siguiente que predecir. Usa range(n − size).",
                         "en": "You have {got} windows and there are {k}: with n = {n} and "
                               "size = {size}, the last window (ending at the last value) has "
                               "no next value to predict. Use range(n − size)."},
        "one_too_few": {"es": "Tienes {got} ventanas y son {k}: falta la última, la que acaba "
                              "justo antes del último valor (n = {n}, size = {size}). Usa "
                              "range(n − size).",
                        "en": "You have {got} windows and there are {k}: the last one, ending "
                              "just before the last value, is missing (n = {n}, size = {size}). "
                              "Use range(n − size)."},
        "stride": {"es": "Tus ventanas no se solapan (avanzas {size} valores cada vez): así "
                         "salen {got} ejemplos en vez de {k}. La ventana se desliza de uno en "
                         "uno: range(n − size).",
                   "en": "Your windows do not overlap (you move {size} values each time): that "
                         "gives {got} examples instead of {k}. The window slides one step at a "
                         "time: range(n − size)."},
        "x_values": {"es": "X tiene la forma correcta pero no contiene las ventanas: la ventana "
                           "i debe ser series[i : i + size], en orden (n = {n}, size = {size}).",
                     "en": "X has the right shape but does not hold the windows: window i must "
                           "be series[i : i + size], in order (n = {n}, size = {size})."},
        "last_in_window": {"es": "Tu y es el último valor de cada ventana, que el modelo ya ve: "
                                 "así no pronostica nada. El objetivo es el valor *siguiente*, "
                                 "series[i + size].",
                           "en": "Your y is each window's last value, which the model already "
                                 "sees: that forecasts nothing. The target is the *next* value, "
                                 "series[i + size]."},
        "y_values": {"es": "Las ventanas están bien, pero y no es el valor que sigue a cada una: "
                           "para la ventana series[i : i + size] es series[i + size] "
                           "(size = {size}).",
                     "en": "The windows are right, but y is not the value after each one: for "
                           "the window series[i : i + size] it is series[i + size] "
                           "(size = {size})."},
    },
)


# ------------------------------------------------------------------ q2: one SimpleRNN step


q2 = Question(
    answer="rnn_step",
    task={"es": "Escribe en NumPy un paso de la celda recurrente simple, h_t = tanh(W x_t + U "
                "h_{t−1} + b): rnn_step(x_t, h_prev, W, U, b) devuelve h_t. Los pesos vienen "
                "como los guarda keras.layers.SimpleRNN: W de forma (d, n), U (n, n) y b (n,), "
                "con x_t de forma (d,) y h_prev (n,); en esa disposición, W x_t se escribe "
                "x_t @ W.",
          "en": "Write one step of the simple recurrent cell in NumPy, h_t = tanh(W x_t + U "
                "h_{t−1} + b): rnn_step(x_t, h_prev, W, U, b) returns h_t. The weights come as "
                "keras.layers.SimpleRNN stores them: W of shape (d, n), U (n, n) and b (n,), "
                "with x_t of shape (d,) and h_prev (n,); in that layout, W x_t is written "
                "x_t @ W."},
    checker=check_step,
    hints=[{"es": "Son tres términos dentro de la tangente hiperbólica: la entrada, el estado "
                  "anterior y el sesgo.",
            "en": "Three terms inside the hyperbolic tangent: the input, the previous state and "
                  "the bias."},
           {"es": "np.tanh(x_t @ W + h_prev @ U + b): mismas formas que en la celda de la "
                  "lección.",
            "en": "np.tanh(x_t @ W + h_prev @ U + b): the same shapes as in the lesson's cell."}],
    solution="""
        import numpy as np

        def rnn_step(x_t, h_prev, W, U, b):
            return np.tanh(x_t @ W + h_prev @ U + b)  # (n,): the new hidden state
    """,
    correct={"es": "¡Correcto! Coincide con keras.layers.SimpleRNN. Los mismos W, U y b sirven "
                   "en todos los pasos, y h_t lleva la memoria de la secuencia al siguiente.",
             "en": "Correct! It matches keras.layers.SimpleRNN. The same W, U and b serve at "
                   "every step, and h_t carries the sequence's memory to the next one."},
    mistakes={
        "no_recurrence": {"es": "Falta U h_{{t−1}}: tu celda solo mira la entrada x_t, así que "
                                "no recuerda nada de los pasos anteriores. Suma h_prev @ U.",
                          "en": "U h_{{t−1}} is missing: your cell only looks at the input x_t, "
                                "so it remembers nothing of earlier steps. Add h_prev @ U."},
        "no_tanh": {"es": "Falta la tangente hiperbólica: sin ella el estado es lineal y puede "
                          "crecer sin límite paso a paso. Envuelve la suma en np.tanh.",
                    "en": "The hyperbolic tangent is missing: without it the state is linear "
                          "and can grow without bound step after step. Wrap the sum in "
                          "np.tanh."},
        "no_bias": {"es": "Falta el sesgo b dentro de la tangente hiperbólica.",
                    "en": "The bias b is missing inside the hyperbolic tangent."},
        "slide_order": {"es": "Has escrito U @ h_prev, como en la diapositiva (vectores "
                              "columna), pero Keras guarda las matrices traspuestas: con estos "
                              "arrays es h_prev @ U (y x_t @ W).",
                        "en": "You wrote U @ h_prev, as on the slide (column vectors), but "
                              "Keras stores the matrices transposed: with these arrays it is "
                              "h_prev @ U (and x_t @ W)."},
        "sigmoid": {"es": "Usas la sigmoide; la celda simple usa la tangente hiperbólica, "
                          "np.tanh, con salidas en (−1, 1). La sigmoide es la de las "
                          "compuertas del LSTM.",
                    "en": "You use the sigmoid; the simple cell uses the hyperbolic tangent, "
                          "np.tanh, with outputs in (−1, 1). The sigmoid belongs to the LSTM's "
                          "gates."},
    },
)


# ------------------------------------------------------------------ q3: an LSTM's parameters


q3 = Question(
    answer="lstm_params",
    task={"es": "Escribe lstm_params(n, d): el número de parámetros de una capa "
                "keras.layers.LSTM de n unidades que lee d características por paso.",
          "en": "Write lstm_params(n, d): the number of parameters of a keras.layers.LSTM "
                "layer with n units reading d features per step."},
    checker=check_lstm_params,
    hints=[{"es": "Una celda simple tiene W (n×d), U (n×n) y b (n): n(n + d + 1). ¿Cuántas "
                  "copias de (W, U, b) lleva un LSTM?",
            "en": "A simple cell has W (n×d), U (n×n) and b (n): n(n + d + 1). How many copies "
                  "of (W, U, b) does an LSTM carry?"},
           {"es": "Cuatro: las compuertas de olvido, entrada y salida, y el candidato a "
                  "memoria c̃_t.",
            "en": "Four: the forget, input and output gates, and the memory candidate c̃_t."}],
    solution="""
        def lstm_params(n, d):
            return 4 * n * (n + d + 1)  # 4 copies of W (n×d), U (n×n) and b (n)
    """,
    correct={"es": "¡Correcto! 4n(n + d + 1): cuatro veces una celda simple del mismo ancho, y "
                   "no depende de la longitud de la secuencia.",
             "en": "Correct! 4n(n + d + 1): four times a simple cell of the same width, and it "
                   "does not depend on the sequence's length."},
    mistakes={
        "count": {"es": "Todavía no: para n = {n}, d = {d} das {got:g}; Keras cuenta {want}.",
                  "en": "Not yet: for n = {n}, d = {d} you give {got:g}; Keras counts {want}."},
        "one_gate": {"es": "{got:g} es n(n + d + 1), una SimpleRNN. El LSTM tiene cuatro "
                           "copias de (W, U, b): tres compuertas y el candidato. Multiplica por "
                           "4.",
                     "en": "{got:g} is n(n + d + 1), a SimpleRNN. The LSTM has four copies of "
                           "(W, U, b): three gates and the candidate. Multiply by 4."},
        "no_bias": {"es": "Falta el sesgo: cada una de las cuatro copias tiene b con n valores: "
                          "4n(n + d + 1), no 4n(n + d).",
                    "en": "The bias is missing: each of the four copies has b with n values: "
                          "4n(n + d + 1), not 4n(n + d)."},
        "no_recurrent": {"es": "Falta U: cada compuerta lee también el estado anterior "
                               "h_{{t−1}}, con una matriz n×n.",
                         "en": "U is missing: each gate also reads the previous state "
                               "h_{{t−1}}, with an n×n matrix."},
        "gru": {"es": "3n(n + d + 2) es la GRU de Keras. El LSTM tiene cuatro copias de "
                      "(W, U, b), con un sesgo cada una.",
                "en": "3n(n + d + 2) is Keras's GRU. The LSTM has four copies of (W, U, b), "
                      "with one bias each."},
        "three_gates": {"es": "Has contado tres copias; son cuatro: además de las compuertas de "
                              "olvido, entrada y salida está el candidato c̃_t, con sus propios "
                              "(W, U, b).",
                        "en": "You counted three copies; there are four: besides the forget, "
                              "input and output gates there is the candidate c̃_t, with its own "
                              "(W, U, b)."},
    },
)
