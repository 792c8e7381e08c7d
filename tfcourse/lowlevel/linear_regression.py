"""Linear regression by gradient descent, three ways: NumPy, the TF1 graph, and GradientTape.

The slides (talks 000 and 002) fit h(x) = θ0 + θ1·x by minimising the cost

    J(θ) = 1/(2m) Σ (h(x⁽ⁱ⁾) − y⁽ⁱ⁾)²

with full-batch gradient descent, updating every parameter *simultaneously*:

    θ0 := θ0 − α/m Σ (ŷ − y)
    θj := θj − α/m Σ (ŷ − y)·xj

Each ``fit_*`` below computes exactly that, starting from zero, so their cost trajectories agree
step by step (to float32 rounding: the TensorFlow versions run in float32).

Example:
    >>> import numpy as np
    >>> from tfcourse.lowlevel import linear_regression as lr
    >>> x = np.array([0.0, 1.0, 2.0, 3.0]); y = 1.0 + 2.0 * x
    >>> fit = lr.fit_numpy(x, y, lr=0.1, steps=2000)
    >>> round(fit.bias, 3), np.round(fit.weights, 3)
    (1.0, array([2.]))
"""

from __future__ import annotations

import time

import numpy as np

from tfcourse.checks import check_features, check_targets
from tfcourse.lowlevel._common import LinearFit, check_diverged, check_hyper, run_tape

__all__ = ["LinearFit", "fit_numpy", "fit_graph", "fit_tape", "cost"]


def _checked(X, y, lr, steps):
    X = check_features(X)  # (m, n)
    y = check_targets(y, X)  # (m,)
    check_hyper(lr=lr, steps=steps)
    return X, y


def cost(X, y, weights, bias) -> float:
    """J(θ) = 1/(2m) Σ (h(x) − y)² for given parameters (NumPy, float64)."""
    X = check_features(X)
    y = check_targets(y, X)
    err = X @ np.asarray(weights, dtype=np.float64) + bias - y  # (m,)
    return float(err @ err / (2 * len(y)))


def fit_numpy(X, y, *, lr: float = 0.1, steps: int = 1000) -> LinearFit:
    """Gradient descent with the slides' explicit update formulas, in NumPy.

    Args:
        X: Features, shape (m,) for one feature or (m, n).
        y: Targets, shape (m,).
        lr: Learning rate α. Defaults to 0.1.
        steps: Number of gradient-descent updates. Defaults to 1000.

    Returns:
        A `LinearFit` with ``weights`` (n,), ``bias``, ``losses`` (steps,) and ``predict``.

    Raises:
        ValueError, TypeError: On malformed input (see `tfcourse.checks`).
        DivergenceError: If the cost blows up (learning rate too large).
    """
    X, y = _checked(X, y, lr, steps)
    m, n = X.shape
    theta0, theta = 0.0, np.zeros(n)  # parameters start at zero
    losses, path = [], []
    start = time.perf_counter()
    for _ in range(steps):
        path.append(np.r_[theta0, theta])  # (1 + n,)
        y_hat = theta0 + X @ theta  # (m,)
        err = y_hat - y  # (m,)
        losses.append(err @ err / (2 * m))
        check_diverged(losses, lr)
        # simultaneous update: both gradients use the same (old) parameters
        grad0 = err.sum() / m
        grad = X.T @ err / m  # (n,)
        theta0, theta = theta0 - lr * grad0, theta - lr * grad
    seconds = time.perf_counter() - start
    return LinearFit(theta, float(theta0), np.array(losses), "numpy", seconds, np.array(path))


def fit_graph(X, y, *, lr: float = 0.1, steps: int = 1000) -> LinearFit:
    """The talk's TensorFlow 1 style: build a graph, then run it in a ``Session`` with feed_dict.

    The lesson lives inside its own ``tf.Graph().as_default()``; eager execution stays on for
    everything else. Arguments, result and errors as in `fit_numpy`.
    """
    import tensorflow as tf

    X, y = _checked(X, y, lr, steps)
    n = X.shape[1]
    graph = tf.Graph()
    with graph.as_default():
        # 1. describe the computation: nothing runs yet
        x_in = tf.compat.v1.placeholder(tf.float32, shape=[None, n], name="x")
        y_in = tf.compat.v1.placeholder(tf.float32, shape=[None], name="y")
        theta = tf.Variable(tf.zeros([n]), name="theta")
        theta0 = tf.Variable(0.0, name="theta0")
        h = theta0 + tf.linalg.matvec(x_in, theta)  # (m,)
        J = tf.reduce_mean(tf.square(h - y_in)) / 2.0  # 1/(2m) Σ (h − y)²
        optimizer = tf.compat.v1.train.GradientDescentOptimizer(lr).minimize(J)
        init = tf.compat.v1.global_variables_initializer()

    # 2. run it: a session executes the graph, feed_dict supplies the placeholders
    losses = []
    feed = {x_in: X.astype(np.float32), y_in: y.astype(np.float32)}
    with tf.compat.v1.Session(graph=graph) as session:
        session.run(init)
        start = time.perf_counter()
        for _ in range(steps):
            # J is computed from the same parameters the gradient step reads: the pre-update cost
            _, loss = session.run([optimizer, J], feed_dict=feed)
            losses.append(float(loss))
            check_diverged(losses, lr)
        seconds = time.perf_counter() - start
        w, b = session.run([theta, theta0])
    return LinearFit(w.astype(np.float64), float(b), np.array(losses), "graph", seconds)


def fit_tape(X, y, *, lr: float = 0.1, steps: int = 1000, strategy=None,
             checkpoint_dir=None, checkpoint_every: int = 100) -> LinearFit:
    """TensorFlow 2: `tf.GradientTape` inside `tf.function`, under a `tf.distribute` strategy.

    Each replica averages its squared errors over the *global* batch
    (`tf.nn.compute_average_loss`), so the replicas' summed losses and gradients are exactly the
    full-batch J and ∇J. Arguments, result and errors as in `fit_numpy`, plus:

    Args:
        strategy: A `tf.distribute.Strategy`; the default (one device) if None.
        checkpoint_dir: Save θ and the costs here every ``checkpoint_every`` steps, and resume
            from the latest checkpoint (`tfcourse.checkpointing`). Defaults to None.
        checkpoint_every: Steps between checkpoints. Defaults to 100.
    """
    import tensorflow as tf

    from tfcourse.distribute import split_batch

    X, y = _checked(X, y, lr, steps)
    m, n = X.shape
    strategy = strategy or tf.distribute.get_strategy()
    with strategy.scope():  # variables are mirrored on every replica
        theta = tf.Variable(tf.zeros([n]), name="theta")
        theta0 = tf.Variable(0.0, name="theta0")
    x_dist, y_dist = split_batch(strategy, X.astype(np.float32), y.astype(np.float32))

    def replica_step(x, y_true):  # x: (m_r, n), this replica's share of the batch
        with tf.GradientTape() as tape:
            y_hat = theta0 + tf.linalg.matvec(x, theta)  # (m_r,)
            per_example = 0.5 * tf.square(y_hat - y_true)  # (m_r,)
            loss = tf.nn.compute_average_loss(per_example, global_batch_size=m)
        return loss, tape.gradient(loss, [theta0, theta])

    @tf.function
    def train_step(x, y_true):
        loss, grads = strategy.run(replica_step, args=(x, y_true))
        loss = strategy.reduce(tf.distribute.ReduceOp.SUM, loss, axis=None)
        grads = [strategy.reduce(tf.distribute.ReduceOp.SUM, g, axis=None) for g in grads]
        for var, grad in zip([theta0, theta], grads):
            var.assign_sub(lr * grad)  # θ := θ − α ∇J, on every replica's copy
        return loss

    losses, seconds = run_tape(lambda step: train_step(x_dist, y_dist), steps=steps, lr=lr,
                               variables={"theta": theta, "theta0": theta0}, strategy=strategy,
                               checkpoint_dir=checkpoint_dir, checkpoint_every=checkpoint_every)
    return LinearFit(theta.numpy().astype(np.float64), float(theta0.numpy()), losses, "tape",
                     seconds)
