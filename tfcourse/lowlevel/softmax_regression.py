"""Softmax (multinomial logistic) regression, three ways: NumPy, the talk's TF1 demo, GradientTape.

The model turns an example x (n pixels, flattened) into k class probabilities

    p = softmax(x·W + b),    W: (n, k),  b: (k,)

and is trained to minimise the mean cross-entropy −log p[y] by (mini-batch) gradient descent.
Its gradient has a closed form: ∇W = Xᵀ(P − Y)/m and ∇b = mean(P − Y), with Y the one-hot labels.

``fit_graph`` is the demo of talk 002 almost line for line (placeholders, ``Session``,
``GradientDescentOptimizer(0.5)``, mini-batches through ``feed_dict``).

Example:
    >>> from sklearn.datasets import load_iris
    >>> from tfcourse.lowlevel import softmax_regression as sr
    >>> X, y = load_iris(return_X_y=True)
    >>> fit = sr.fit_numpy((X - X.mean(0)) / X.std(0), y, lr=0.5, steps=500)
    >>> bool((fit.predict((X - X.mean(0)) / X.std(0)) == y).mean() > 0.95)
    True
"""

from __future__ import annotations

import time

import numpy as np

from tfcourse import validation as check
from tfcourse.checks import check_features, check_labels
from tfcourse.lowlevel._common import (
    SoftmaxFit,
    batch_schedule,
    check_diverged,
    check_hyper,
    initial_weights,
    run_tape,
)

__all__ = ["SoftmaxFit", "fit_numpy", "fit_graph", "fit_tape"]


def _setup(X, y, lr, steps, batch_size, init, seed, num_classes):
    """Validate, and return the data, the starting W and the batch schedule."""
    X = check_features(X, flatten=True)  # (m, n): images become pixel vectors
    y, k = check_labels(y, X, num_classes)  # (m,)
    check_hyper(lr=lr, steps=steps, batch_size=batch_size, m=X.shape[0])
    seed = check.seed(seed)
    w0 = initial_weights(X.shape[1], k, init, seed)  # (n, k)
    return X, y, k, w0, batch_schedule(X.shape[0], batch_size, steps, seed)


def fit_numpy(X, y, *, lr: float = 0.5, steps: int = 500, batch_size: int | None = None,
              init: str = "zeros", seed: int = 0, num_classes: int | None = None) -> SoftmaxFit:
    """Gradient descent with the closed-form gradient Xᵀ(softmax − Y)/m, in NumPy.

    Args:
        X: Examples, shape (m, n) or images (m, h, w[, c]) which are flattened.
        y: Integer class labels 0..k−1, shape (m,).
        lr: Learning rate. Defaults to 0.5 (the talk's value).
        steps: Number of updates. Defaults to 500.
        batch_size: Examples per step; None for the full batch. Defaults to None.
        init: ``"zeros"`` or ``"truncated_normal"`` starting weights. Defaults to ``"zeros"``.
        seed: Seed for the initial weights and the mini-batch order. Defaults to 0.
        num_classes: k; the largest label + 1 if None. Defaults to None.

    Returns:
        A `SoftmaxFit` (``weights``, ``bias``, ``losses``, ``predict``, ``predict_proba``).

    Raises:
        ValueError, TypeError: On malformed input (see `tfcourse.checks`).
        DivergenceError: If the cost blows up (learning rate too large).
    """
    X, y, k, W, batches = _setup(X, y, lr, steps, batch_size, init, seed, num_classes)
    b = np.zeros(k)
    Y = np.eye(k)[y]  # (m, k) one-hot
    losses = []
    start = time.perf_counter()
    for idx in batches:
        xb, yb = (X, Y) if idx is None else (X[idx], Y[idx])  # (B, n), (B, k)
        z = xb @ W + b  # (B, k) logits
        z = z - z.max(axis=1, keepdims=True)  # stable: softmax ignores a shift per row
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))  # (B, k) log-probabilities
        P = np.exp(log_p)  # (B, k) = softmax(xW + b)
        losses.append(float(-np.mean(np.sum(yb * log_p, axis=1))))  # cross-entropy
        check_diverged(losses, lr)
        grad_W = xb.T @ (P - yb) / len(xb)  # (n, k)
        grad_b = (P - yb).mean(axis=0)  # (k,)
        W, b = W - lr * grad_W, b - lr * grad_b
    return SoftmaxFit(W, b, np.array(losses), "numpy", time.perf_counter() - start)


def fit_graph(X, y, *, lr: float = 0.5, steps: int = 500, batch_size: int | None = None,
              init: str = "zeros", seed: int = 0, num_classes: int | None = None) -> SoftmaxFit:
    """The talk's TensorFlow 1 demo: a dataflow graph run in a ``Session`` with feed_dict batches.

    The lesson lives inside its own ``tf.Graph().as_default()``; eager execution stays on for
    everything else. Arguments, result and errors as in `fit_numpy` (the talk uses
    ``init="truncated_normal"``).
    """
    import tensorflow as tf

    X, y, k, w0, batches = _setup(X, y, lr, steps, batch_size, init, seed, num_classes)
    FLATTENED_SIZE, NUM_LABELS = X.shape[1], k
    graph = tf.Graph()
    with graph.as_default():
        tf_train_dataset = tf.compat.v1.placeholder(tf.float32, shape=[None, FLATTENED_SIZE])
        tf_train_labels = tf.compat.v1.placeholder(tf.float32, shape=[None, NUM_LABELS])
        # the talk: tf.Variable(tf.truncated_normal([FLATTENED_SIZE, NUM_LABELS])); we pass the
        # truncated-normal draw shared by all three versions so they start from the same point
        weights = tf.Variable(w0.astype(np.float32), name="weights")
        biases = tf.Variable(tf.zeros([NUM_LABELS]), name="biases")
        logits = tf.matmul(tf_train_dataset, weights) + biases  # (B, k)
        loss = tf.reduce_mean(
            tf.nn.softmax_cross_entropy_with_logits(labels=tf_train_labels, logits=logits))
        optimizer = tf.compat.v1.train.GradientDescentOptimizer(lr).minimize(loss)
        train_prediction = tf.nn.softmax(logits)  # (B, k)
        init_op = tf.compat.v1.global_variables_initializer()

    X32, Y32 = X.astype(np.float32), np.eye(k, dtype=np.float32)[y]
    losses = []
    with tf.compat.v1.Session(graph=graph) as session:
        session.run(init_op)
        start = time.perf_counter()
        for idx in batches:
            batch_data, batch_labels = (X32, Y32) if idx is None else (X32[idx], Y32[idx])
            feed_dict = {tf_train_dataset: batch_data, tf_train_labels: batch_labels}
            _, l, predictions = session.run([optimizer, loss, train_prediction],
                                            feed_dict=feed_dict)
            losses.append(float(l))
            check_diverged(losses, lr)
        seconds = time.perf_counter() - start
        W, b = session.run([weights, biases])
    return SoftmaxFit(W.astype(np.float64), b.astype(np.float64), np.array(losses), "graph",
                      seconds)


def fit_tape(X, y, *, lr: float = 0.5, steps: int = 500, batch_size: int | None = None,
             init: str = "zeros", seed: int = 0, num_classes: int | None = None,
             strategy=None, checkpoint_dir=None, checkpoint_every: int = 100) -> SoftmaxFit:
    """TensorFlow 2: `tf.GradientTape` inside `tf.function`, under a `tf.distribute` strategy.

    Each replica averages its cross-entropies over the *global* batch
    (`tf.nn.compute_average_loss`), so the replicas' summed gradients are exactly the gradient
    of the batch mean. Arguments, result and errors as in `fit_numpy`, plus ``strategy``,
    ``checkpoint_dir`` and ``checkpoint_every`` as in `linear_regression.fit_tape`.
    """
    import tensorflow as tf

    from tfcourse.distribute import split_batch

    X, y, k, w0, batches = _setup(X, y, lr, steps, batch_size, init, seed, num_classes)
    strategy = strategy or tf.distribute.get_strategy()
    with strategy.scope():  # variables are mirrored on every replica
        W = tf.Variable(w0.astype(np.float32), name="weights")  # (n, k)
        b = tf.Variable(tf.zeros([k]), name="biases")  # (k,)

    def replica_step(x, labels, global_batch):  # x: (B_r, n), this replica's share
        with tf.GradientTape() as tape:
            logits = tf.matmul(x, W) + b  # (B_r, k)
            per_example = tf.nn.sparse_softmax_cross_entropy_with_logits(labels, logits)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=global_batch)
        return loss, tape.gradient(loss, [W, b])

    @tf.function
    def train_step(x, labels, global_batch):
        loss, grads = strategy.run(replica_step, args=(x, labels, global_batch))
        loss = strategy.reduce(tf.distribute.ReduceOp.SUM, loss, axis=None)
        grads = [strategy.reduce(tf.distribute.ReduceOp.SUM, g, axis=None) for g in grads]
        for var, grad in zip([W, b], grads):
            var.assign_sub(lr * grad)
        return loss

    X32, y32 = X.astype(np.float32), y.astype(np.int32)
    full = split_batch(strategy, X32, y32)  # the full batch is split once, not every step
    batches = list(batches)  # (steps,) index arrays, or None for the full batch

    def step_on(step):
        idx = batches[step]
        x_dist, y_dist = full if idx is None else split_batch(strategy, X32[idx], y32[idx])
        return train_step(x_dist, y_dist, tf.constant(len(X32) if idx is None else len(idx)))

    losses, seconds = run_tape(step_on, steps=steps, lr=lr, variables={"weights": W, "biases": b},
                               strategy=strategy, checkpoint_dir=checkpoint_dir,
                               checkpoint_every=checkpoint_every)
    return SoftmaxFit(W.numpy().astype(np.float64), b.numpy().astype(np.float64), losses, "tape",
                      seconds)
