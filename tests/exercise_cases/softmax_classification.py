"""Anticipated mistakes of the softmax-classification exercises: wrong answers written by hand."""

import numpy as np


def _naive(z):
    return np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)


def _global_max(z):
    e = np.exp(z - z.max())
    return e / e.sum(axis=1, keepdims=True)


def _column_max(z):
    e = np.exp(z - z.max(axis=0, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _picked(log_p, y):
    return log_p[np.arange(len(y)), y]


def _keras(name, **kwargs):
    import keras

    return getattr(keras.losses, name)(**kwargs)


def _tf1(kind):
    def train_op(loss, alpha):
        import tensorflow as tf

        optimizer = tf.compat.v1.train.GradientDescentOptimizer(0.5 if kind == "fixed" else alpha)
        if kind == "optimizer":
            return optimizer
        return loss if kind == "loss" else optimizer.minimize(loss)
    return train_op


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", _naive, "overflow", "e^1000 desborda", "e^1000 overflows"),
    ("q1", _global_max, "global", "Restas un único máximo", "You subtract one maximum"),
    ("q1", lambda z: np.exp(z) / np.exp(z).sum(axis=0), "axis", "tus filas suman",
     "your rows sum to"),
    ("q1", lambda z: np.exp(z) / np.exp(z).sum(), "axis", "eje equivocado", "wrong axis"),
    ("q1", lambda z: z / z.sum(axis=1, keepdims=True), "no_exp", "Falta la exponencial",
     "The exponential is missing"),
    ("q1", _column_max, "shift_axis", "cada *columna*", "each *column's* maximum"),
    ("q1", lambda z: z, "value", "se esperaba", "expected"),
    ("q1", lambda z: z[:, 0], "shape", "se esperaba (5, 4)", "expected (5, 4)"),
    ("q1", lambda z: 1 / 0, "raised", "ZeroDivisionError", "ZeroDivisionError"),
    ("q2", lambda z, y: -_picked(_log_softmax(z), y), "per_example", "un coste por ejemplo",
     "one cost per example"),
    ("q2", lambda z, y: _picked(_log_softmax(z), y).mean(), "sign", "falta el signo menos",
     "the minus sign is missing"),
    ("q2", lambda z, y: -_picked(_log_softmax(z), y).sum(), "no_mean", "no la media",
     "not the mean"),
    ("q2", lambda z, y: -_picked(np.log(z), y).mean(), "no_softmax",
     "Tomas el logaritmo de los logits", "You take the log of the logits"),
    ("q2", lambda z, y: -_log_softmax(z).sum(axis=1).mean(), "all_classes",
     "Sumas log p de todas las clases", "You sum log p over every class"),
    ("q2", lambda z, y: -_picked(np.log(_naive(z)), y).mean(), "unstable", "log 0 = −∞",
     "log 0 = −∞"),
    ("q2", lambda z, y: 0.5, "value", "se esperaba", "expected"),
    ("q3", "sparse_categorical_crossentropy", "from_logits", "espera probabilidades",
     "expects probabilities"),
    ("q3", _keras("SparseCategoricalCrossentropy"), "from_logits", "from_logits=True",
     "from_logits=True"),
    ("q3", "categorical_crossentropy", "one_hot", "etiquetas one-hot", "one-hot labels"),
    ("q3", _keras("CategoricalCrossentropy", from_logits=True), "one_hot", "versión Sparse",
     "Sparse version"),
    ("q3", _keras("MeanSquaredError").__class__, "not_created", "Has pasado la clase",
     "You passed the class"),
    ("q3", "mse", "raised", "error", "error"),
    ("q3", 3, "type", "una pérdida de Keras", "a Keras loss"),
    ("q4", _tf1("optimizer"), "optimizer", "Devuelves el optimizador",
     "You return the optimizer"),
    ("q4", _tf1("fixed"), "fixed_rate", "α = 0.5", "α = 0.5"),
    ("q4", _tf1("loss"), "no_update", "los pesos no han cambiado",
     "the weights have not changed"),
]
