"""Ejercicios — clasificación softmax: a stable softmax, the cross-entropy, the Keras loss, TF1.

Example:
    >>> from tfcourse.exercises import ____, softmax_classification as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

import numpy as np

from tfcourse.exercises._compare import as_array, close, first_match
from tfcourse.exercises._core import Mistake, call, expect_function, load_questions


__all__ = ["q1", "q2", "q3", "q4"]


def _logits(seed: int, m: int = 5, k: int = 4):
    """Fresh random logits (m, k) and integer labels (m,), so a hard-coded answer cannot pass."""
    rng = np.random.default_rng(seed)
    return rng.normal(scale=3.0, size=(m, k)), rng.integers(0, k, m)


def _log_softmax(z):
    z = z - z.max(axis=1, keepdims=True)  # (m, k): no exponential above 1
    return z - np.log(np.exp(z).sum(axis=1, keepdims=True))


def _quiet_call(fn, *args):
    with np.errstate(all="ignore"):  # overflow is what we look for, not a warning to print
        return as_array(call(fn, *args))


def check_softmax(softmax):
    """q1: softmax(z) on (m, k) logits, then on logits near ±1000."""
    expect_function(softmax)
    z, _ = _logits(0)  # (5, 4)
    got = _quiet_call(softmax, z.copy())
    if got.shape != z.shape:
        raise Mistake("shape", expected=z.shape, received=got.shape)
    e = np.exp(z)
    shifted = np.exp(z - z.max(axis=0, keepdims=True))  # each column's max subtracted
    key = first_match(got, [("ok", np.exp(_log_softmax(z))),
                            ("axis", e / e.sum(axis=0, keepdims=True)), ("axis", e / e.sum()),
                            ("no_exp", z / z.sum(axis=1, keepdims=True)),
                            ("shift_axis", shifted / shifted.sum(axis=1, keepdims=True))])
    if key == "axis":
        raise Mistake(key, sums=np.round(got.sum(axis=1), 3).tolist())
    if key is None:
        raise Mistake("value", expected=np.round(np.exp(_log_softmax(z[:1])), 4).tolist(),
                      received=np.round(got[:1], 4).tolist())
    if key != "ok":
        raise Mistake(key)
    for offsets, key in (([1000.0] * 5, "overflow"), ([1000.0, -1000.0, 0, 500, -500], "global")):
        big = z + np.array(offsets)[:, None]  # (5, 4): rows of huge (or tiny) logits
        got = _quiet_call(softmax, big.copy())
        bad = np.flatnonzero(~np.all(np.isfinite(got), axis=1))  # rows with NaN or inf
        if len(bad):
            raise Mistake(key, row=np.round(big[bad[0]], 1).tolist(),
                          got=np.round(got[bad[0]], 4).tolist())
        if not close(got, np.exp(_log_softmax(big)), rtol=1e-3, atol=1e-4):  # 1000.4 in float32
            raise Mistake("value", expected=np.round(np.exp(_log_softmax(big[:1])), 4).tolist(),
                          received=np.round(got[:1], 4).tolist())


def check_cross_entropy(cross_entropy):
    """q2: the mean cross-entropy from logits, then on a sure-and-wrong example."""
    expect_function(cross_entropy)
    z, y = _logits(1, m=6)
    z = np.abs(z) + 0.1  # positive logits: a log of the logits themselves stays finite
    got = _quiet_call(cross_entropy, z.copy(), y.copy())
    m, rows = len(y), np.arange(len(y))
    log_p = _log_softmax(z)  # (m, k)
    want = -log_p[rows, y].mean()
    if got.shape == (m,):
        raise Mistake("per_example", shape=got.shape)
    if got.shape != ():
        raise Mistake("shape", expected="()", received=got.shape)
    key = first_match(got, [("ok", want), ("sign", -want), ("no_mean", m * want),
                            ("no_softmax", -np.log(z[rows, y]).mean()),
                            ("all_classes", -log_p.sum(axis=1).mean())])
    if key is None:
        raise Mistake("value", expected=f"{want:.6g}", received=f"{float(got):.6g}")
    if key != "ok":
        raise Mistake(key, got=float(got), want=want, m=m)
    sure = np.array([[0.0, -1000.0], [1000.0, 0.0], [1.0, 2.0]])  # sure and wrong, twice
    y = np.array([1, 1, 0])
    got = _quiet_call(cross_entropy, sure.copy(), y.copy())
    if not np.all(np.isfinite(got)):
        raise Mistake("unstable", got=float(np.ravel(got)[0]))


def check_loss(loss):
    """q3: a Keras loss for logits and integer labels, compared on one batch."""
    if not (isinstance(loss, str) or callable(loss)):
        raise Mistake("type", expected={"es": "una pérdida de Keras (un objeto de keras.losses "
                                              "o su nombre)",
                                        "en": "a Keras loss (a keras.losses object or its name)"},
                      received=type(loss).__name__)
    import keras

    if isinstance(loss, type):
        raise Mistake("not_created", name=loss.__name__)
    if isinstance(loss, str):
        loss = keras.losses.get(loss)  # a name: the function (or object) with its defaults
    z, y = _logits(2, m=4, k=3)  # (4, 3) logits, (4,) integer labels
    want = float(keras.losses.SparseCategoricalCrossentropy(from_logits=True)(y, z))
    if (loss is keras.losses.categorical_crossentropy
            or isinstance(loss, keras.losses.CategoricalCrossentropy)):
        raise Mistake("one_hot", labels=y.tolist())
    got = float(np.mean(_quiet_call(loss, y, z)))  # a per-example function: Keras averages
    as_probs = float(keras.losses.SparseCategoricalCrossentropy()(y, z))
    key = first_match(got, [("ok", want), ("from_logits", as_probs)])
    if key == "from_logits":
        raise Mistake(key, got=got, want=want, z=np.round(z[0], 2).tolist())
    if key is None:
        raise Mistake("value", expected=f"{want:.4g}", received=f"{got:.4g}")


def _graph_step(train_op, alpha: float, seed: int = 0):
    """W, b after one session.run of ``train_op(loss, alpha)`` on a tiny softmax graph."""
    import tensorflow as tf

    from tfcourse.lowlevel._common import initial_weights

    x, y = _logits(seed, m=8, k=3)  # (8, 3) features, (8,) labels in 0..2
    graph = tf.Graph()
    with graph.as_default():
        tf_train_dataset = tf.compat.v1.placeholder(tf.float32, shape=[None, 3])
        tf_train_labels = tf.compat.v1.placeholder(tf.float32, shape=[None, 3])
        weights = tf.Variable(initial_weights(3, 3, "truncated_normal", seed).astype(np.float32))
        biases = tf.Variable(tf.zeros([3]))
        logits = tf.matmul(tf_train_dataset, weights) + biases  # (B, 3)
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=tf_train_labels, logits=logits))
        op = call(train_op, loss, alpha)
        if isinstance(op, tf.compat.v1.train.Optimizer):
            raise Mistake("optimizer")
        init_op = tf.compat.v1.global_variables_initializer()
    with tf.compat.v1.Session(graph=graph) as session:
        session.run(init_op)
        feed = {tf_train_dataset: x.astype(np.float32), tf_train_labels: np.eye(3)[y]}
        session.run(op, feed_dict=feed)
        return (*session.run([weights, biases]), x, y)


def check_train_op(train_op):
    """q4: one session.run of the answer's op against the NumPy step (fit_numpy)."""
    expect_function(train_op)
    from tfcourse.lowlevel import softmax_regression as sr
    from tfcourse.lowlevel._common import initial_weights

    alpha = 0.1
    W, b, x, y = _graph_step(train_op, alpha)

    def numpy_step(lr):  # the lesson's closed-form gradient, from the same start
        fit = sr.fit_numpy(x, y, lr=lr, steps=1, init="truncated_normal", num_classes=3)
        return np.r_[fit.weights.ravel(), fit.bias]

    got = np.r_[W.ravel(), b]
    start = np.r_[initial_weights(3, 3, "truncated_normal", 0).ravel(), np.zeros(3)]
    key = first_match(got, [("ok", numpy_step(alpha)), ("fixed_rate", numpy_step(0.5)),
                            ("no_update", start)])
    if key is None:
        raise Mistake("value", expected=np.round(numpy_step(alpha)[-3:], 4).tolist(),
                      received=np.round(got[-3:], 4).tolist())
    if key != "ok":
        raise Mistake(key, alpha=alpha)


q1, q2, q3, q4 = load_questions(
    __name__,
    check_softmax,
    check_cross_entropy,
    check_loss,
    check_train_op,
)
