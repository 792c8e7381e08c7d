"""Ejercicios — clasificación softmax: a stable softmax, the cross-entropy, the Keras loss, TF1.

Example:
    >>> from tfcourse.exercises import ____, softmax_classification as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

from tfcourse.exercises._core import Question
from tfcourse.exercises._softmax_checks import (
    check_cross_entropy,
    check_loss,
    check_softmax,
    check_train_op,
)

__all__ = ["q1", "q2", "q3", "q4"]


# ------------------------------------------------------------------ q1: a stable softmax


q1 = Question(
    answer="softmax",
    task={"es": "Escribe softmax(z) para una matriz de logits z de forma (m, k), un ejemplo por "
                "fila: σ(z)_k = e^(z_k) / Σ_j e^(z_j) en cada fila. Tiene que funcionar también "
                "con logits enormes, como 1000 (sin NaN ni inf).",
          "en": "Write softmax(z) for a matrix of logits z of shape (m, k), one example per "
                "row: σ(z)_k = e^(z_k) / Σ_j e^(z_j) in each row. It must also work with huge "
                "logits such as 1000 (no NaN or inf)."},
    checker=check_softmax,
    hints=[{"es": "Cada fila debe sumar 1: suma sobre axis=1 con keepdims=True.",
            "en": "Each row must sum to 1: sum over axis=1 with keepdims=True."},
           {"es": "Restar una constante a toda una fila no cambia su softmax: resta el máximo de "
                  "cada fila, z - z.max(axis=1, keepdims=True), y así ninguna exponencial pasa "
                  "de 1.",
            "en": "Subtracting a constant from a whole row does not change its softmax: "
                  "subtract each row's maximum, z - z.max(axis=1, keepdims=True), so no "
                  "exponential exceeds 1."}],
    solution="""
        import numpy as np

        def softmax(z):
            e = np.exp(z - z.max(axis=1, keepdims=True))  # (m, k), every entry <= 1
            return e / e.sum(axis=1, keepdims=True)
    """,
    correct={"es": "¡Correcto! Restar el máximo de cada fila no cambia el resultado (el factor "
                   "e^(−c) se cancela) y evita que e^1000 desborde: es lo que hace tf.nn.softmax.",
             "en": "Correct! Subtracting each row's maximum changes nothing (the factor e^(−c) "
                   "cancels) and keeps e^1000 from overflowing: that is what tf.nn.softmax does."},
    mistakes={
        "overflow": {"es": "Con logits grandes como {row} tu softmax da {got}: e^1000 desborda "
                           "(inf/inf = NaN). Resta antes el máximo de cada fila: "
                           "z - z.max(axis=1, keepdims=True).",
                     "en": "With large logits such as {row} your softmax gives {got}: e^1000 "
                           "overflows (inf/inf = NaN). Subtract each row's maximum first: "
                           "z - z.max(axis=1, keepdims=True)."},
        "global": {"es": "Restas un único máximo para toda la matriz: una fila muy por debajo "
                         "(p. ej. {row}) se queda en e^(−2000) = 0 y da 0/0 ({got}). Resta el "
                         "máximo de cada fila: z.max(axis=1, keepdims=True).",
                   "en": "You subtract one maximum for the whole matrix: a row far below it "
                         "(e.g. {row}) becomes e^(−2000) = 0 and gives 0/0 ({got}). Subtract "
                         "each row's maximum: z.max(axis=1, keepdims=True)."},
        "axis": {"es": "Normalizas sobre el eje equivocado: tus filas suman {sums}, y cada fila "
                       "(un ejemplo) debe sumar 1. Suma con axis=1, keepdims=True.",
                 "en": "You normalise over the wrong axis: your rows sum to {sums}, and each row "
                       "(one example) must sum to 1. Sum with axis=1, keepdims=True."},
        "no_exp": {"es": "Falta la exponencial: z / suma(z) da números negativos con logits "
                         "negativos. Los logits son cualquier número real; e^z los vuelve "
                         "positivos.",
                   "en": "The exponential is missing: z / sum(z) gives negative numbers for "
                         "negative logits. Logits are any real numbers; e^z makes them positive."},
        "shift_axis": {"es": "Restas el máximo de cada *columna* (axis=0): eso cambia el "
                             "softmax de cada fila. Solo restar una constante a toda la fila lo "
                             "deja igual: z.max(axis=1, keepdims=True).",
                       "en": "You subtract each *column's* maximum (axis=0): that changes each "
                             "row's softmax. Only a constant over the whole row leaves it "
                             "unchanged: z.max(axis=1, keepdims=True)."},
    },
)


# ------------------------------------------------------------------ q2: the cross-entropy


q2 = Question(
    answer="cross_entropy",
    task={"es": "Escribe cross_entropy(logits, y): la entropía cruzada media J = −1/m Σ log "
                "σ(z⁽ⁱ⁾)_{y⁽ⁱ⁾} a partir de los logits (m, k) y las etiquetas enteras y (m,). "
                "Debe dar un número finito aunque un logit valga 1000 o −1000.",
          "en": "Write cross_entropy(logits, y): the mean cross-entropy J = −1/m Σ log "
                "σ(z⁽ⁱ⁾)_{y⁽ⁱ⁾} from the logits (m, k) and the integer labels y (m,). It must "
                "give a finite number even when a logit is 1000 or −1000."},
    checker=check_cross_entropy,
    hints=[{"es": "Solo cuenta el término de la clase verdadera: log_p[np.arange(m), y].",
            "en": "Only the true class's term counts: log_p[np.arange(m), y]."},
           {"es": "No calcules log(softmax(z)): usa log-sum-exp, log σ(z)_k = (z_k − c) − "
                  "log Σ_j e^(z_j − c) con c = el máximo de la fila.",
            "en": "Don't compute log(softmax(z)): use log-sum-exp, log σ(z)_k = (z_k − c) − "
                  "log Σ_j e^(z_j − c) with c = the row's maximum."}],
    solution="""
        import numpy as np

        def cross_entropy(logits, y):
            z = logits - logits.max(axis=1, keepdims=True)  # (m, k)
            log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # log-softmax
            return -np.mean(log_p[np.arange(len(y)), y])
    """,
    correct={"es": "¡Correcto! Es lo que calcula softmax_cross_entropy_with_logits (y Keras con "
                   "from_logits=True): softmax y logaritmo en un solo paso, sin NaN ni log 0.",
             "en": "Correct! That is what softmax_cross_entropy_with_logits computes (and Keras "
                   "with from_logits=True): softmax and log in one step, no NaN, no log 0."},
    mistakes={
        "per_example": {"es": "Devuelves un array de forma {shape}: un coste por ejemplo. J es "
                              "un solo número: la media (np.mean) sobre los m ejemplos.",
                        "en": "You return an array of shape {shape}: one cost per example. J is "
                              "one number: the mean (np.mean) over the m examples."},
        "sign": {"es": "Tu J ({got:.4g}) es negativo: falta el signo menos. log p ≤ 0, así "
                       "que J = −media(log p) ≥ 0 (esperado {want:.4g}).",
                 "en": "Your J ({got:.4g}) is negative: the minus sign is missing. log p ≤ 0, "
                       "so J = −mean(log p) ≥ 0 (expected {want:.4g})."},
        "no_mean": {"es": "Tu J ({got:.4g}) es la suma sobre los {m} ejemplos, no la media "
                          "(esperado {want:.4g}): divide entre m.",
                    "en": "Your J ({got:.4g}) is the sum over the {m} examples, not the mean "
                          "(expected {want:.4g}): divide by m."},
        "no_softmax": {"es": "Tomas el logaritmo de los logits directamente (J = {got:.4g}, "
                             "esperado {want:.4g}): los logits no son probabilidades, pueden "
                             "ser negativos o mayores que 1. Aplica antes el softmax (mejor, "
                             "log-softmax).",
                       "en": "You take the log of the logits themselves (J = {got:.4g}, "
                             "expected {want:.4g}): logits are not probabilities, they can be "
                             "negative or above 1. Apply the softmax first (better: "
                             "log-softmax)."},
        "all_classes": {"es": "Sumas log p de todas las clases (J = {got:.4g}, esperado "
                              "{want:.4g}): con la etiqueta one-hot solo sobrevive el término "
                              "de la clase verdadera, log_p[np.arange(m), y].",
                        "en": "You sum log p over every class (J = {got:.4g}, expected "
                              "{want:.4g}): with a one-hot label only the true class's term "
                              "survives, log_p[np.arange(m), y]."},
        "unstable": {"es": "Con un ejemplo seguro y equivocado (logits [0, −1000], clase 1) tu "
                           "J es {got}: e^(−1000) se redondea a 0 y log 0 = −∞ (o e^1000 "
                           "desborda). Usa log-sum-exp: z − max − log Σ e^(z − max).",
                     "en": "With a sure-and-wrong example (logits [0, −1000], class 1) your J "
                           "is {got}: e^(−1000) rounds to 0 and log 0 = −∞ (or e^1000 "
                           "overflows). Use log-sum-exp: z − max − log Σ e^(z − max)."},
    },
)


# ------------------------------------------------------------------ q3: the Keras loss


q3 = Question(
    answer="loss",
    task={"es": "El modelo termina en keras.layers.Dense(10) sin activación (da logits) y las "
                "etiquetas son enteros 0–9. ¿Qué pérdida va en model.compile(loss=...)? "
                "Escribe loss = ...",
          "en": "The model ends in keras.layers.Dense(10) with no activation (it outputs "
                "logits) and the labels are integers 0–9. Which loss goes in "
                "model.compile(loss=...)? Write loss = ..."},
    checker=check_loss,
    hints=[{"es": "Etiquetas enteras (no one-hot): la versión «Sparse» de la entropía cruzada.",
            "en": "Integer labels (not one-hot): the 'Sparse' version of the cross-entropy."},
           {"es": "Por defecto las pérdidas de Keras esperan probabilidades; dile que le llegan "
                  "logits con from_logits=True.",
            "en": "By default Keras losses expect probabilities; tell it they receive logits "
                  "with from_logits=True."}],
    solution="""
        import keras

        loss = keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    """,
    correct={"es": "¡Correcto! Con from_logits=True Keras aplica softmax y logaritmo juntos "
                   "(log-sum-exp), como softmax_cross_entropy_with_logits en la charla.",
             "en": "Correct! With from_logits=True Keras applies softmax and log together "
                   "(log-sum-exp), like softmax_cross_entropy_with_logits in the talk."},
    mistakes={
        "from_logits": {"es": "Esta pérdida espera probabilidades (from_logits=False, el valor "
                              "por defecto, también con el nombre "
                              "'sparse_categorical_crossentropy'). Con logits como {z} da "
                              "{got:.4g} en vez de {want:.4g}. Usa "
                              "SparseCategoricalCrossentropy(from_logits=True).",
                        "en": "This loss expects probabilities (from_logits=False, the default, "
                              "also with the name 'sparse_categorical_crossentropy'). With "
                              "logits such as {z} it gives {got:.4g} instead of {want:.4g}. Use "
                              "SparseCategoricalCrossentropy(from_logits=True)."},
        "one_hot": {"es": "CategoricalCrossentropy espera etiquetas one-hot (una fila de 10 por "
                          "ejemplo), y las nuestras son enteros como {labels}. Usa la versión "
                          "Sparse: SparseCategoricalCrossentropy.",
                    "en": "CategoricalCrossentropy expects one-hot labels (a row of 10 per "
                          "example), and ours are integers such as {labels}. Use the Sparse "
                          "version: SparseCategoricalCrossentropy."},
        "not_created": {"es": "Has pasado la clase {name}, no una pérdida: créala con "
                              "paréntesis y sus argumentos, {name}(...).",
                        "en": "You passed the class {name}, not a loss: create it with "
                              "parentheses and its arguments, {name}(...)."},
    },
)


# ------------------------------------------------------------------ q4: the talk's TF1 graph


q4 = Question(
    answer="train_op",
    task={"es": "Completa la línea que falta del grafo de la charla: train_op(loss, alpha) "
                "devuelve la operación que, en cada session.run, da un paso de descenso por "
                "gradiente sobre loss con tasa de aprendizaje alpha (tf.compat.v1).",
          "en": "Fill the missing line of the talk's graph: train_op(loss, alpha) returns the "
                "op that, on each session.run, takes one gradient-descent step on loss with "
                "learning rate alpha (tf.compat.v1)."},
    checker=check_train_op,
    hints=[{"es": "La charla: optimizer = tf.train.GradientDescentOptimizer(0.5)...; en "
                  "TensorFlow 2 vive en tf.compat.v1.train.",
            "en": "The talk: optimizer = tf.train.GradientDescentOptimizer(0.5)...; in "
                  "TensorFlow 2 it lives in tf.compat.v1.train."},
           {"es": "El optimizador no es la operación: .minimize(loss) devuelve la operación "
                  "que actualiza los pesos.",
            "en": "The optimizer is not the op: .minimize(loss) returns the op that updates "
                  "the weights."}],
    solution="""
        import tensorflow as tf

        def train_op(loss, alpha):
            return tf.compat.v1.train.GradientDescentOptimizer(alpha).minimize(loss)
    """,
    correct={"es": "¡Correcto! Un session.run de esa operación da el mismo paso que el "
                   "gradiente en NumPy, W − α Xᵀ(P − Y)/m: el grafo solo lo declara, la sesión "
                   "lo ejecuta.",
             "en": "Correct! One session.run of that op takes the same step as the NumPy "
                   "gradient, W − α Xᵀ(P − Y)/m: the graph only declares it, the session runs "
                   "it."},
    mistakes={
        "optimizer": {"es": "Devuelves el optimizador, no la operación de entrenamiento: "
                            "session.run necesita lo que devuelve .minimize(loss).",
                      "en": "You return the optimizer, not the training op: session.run needs "
                            "what .minimize(loss) returns."},
        "fixed_rate": {"es": "El paso usa α = 0.5, el valor de la charla, y no el alpha que "
                             "recibes ({alpha}): pasa alpha al optimizador.",
                       "en": "The step uses α = 0.5, the talk's value, not the alpha you "
                             "receive ({alpha}): pass alpha to the optimizer."},
        "no_update": {"es": "Tras session.run los pesos no han cambiado: lo que devuelves no "
                            "es un paso de entrenamiento (¿devuelves loss?). Devuelve "
                            "GradientDescentOptimizer(alpha).minimize(loss).",
                      "en": "After session.run the weights have not changed: what you return "
                            "is not a training step (loss itself?). Return "
                            "GradientDescentOptimizer(alpha).minimize(loss)."},
    },
)
