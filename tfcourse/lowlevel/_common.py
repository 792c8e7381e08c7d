"""What the three implementations of each lesson share: input checks, results, batches.

Keeping this in one place is what lets the NumPy, graph and GradientTape versions be compared
step by step: they validate the same way, start from the same parameters, see the same
mini-batches in the same order, and stop on divergence by the same rule.
"""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from tfcourse import validation as check

# a run whose cost climbs this far above where it started is diverging, not learning
DIVERGENCE_FACTOR = 100.0


class DivergenceError(FloatingPointError):
    """Gradient descent blew up: the learning rate is too large for this data."""


# ----------------------------------------------------------------------------- checks


def check_features(X, *, flatten: bool = False) -> np.ndarray:
    """Return ``X`` as a float64 matrix (m, n), or raise a clear error.

    Args:
        X: Array-like of shape (m,) or (m, n); with ``flatten`` also (m, d1, d2, ...).
        flatten: Flatten every example to one row (images become pixel vectors).

    Returns:
        A float64 array of shape (m, n).

    Raises:
        TypeError: If ``X`` is not numeric.
        ValueError: If ``X`` is empty, has the wrong rank, or holds NaN/inf.
    """
    try:
        arr = np.asarray(X)
    except (TypeError, ValueError) as e:  # ragged lists
        raise TypeError(f"Argument `X` must be a numeric array. Received: {type(X).__name__}") from e
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"Argument `X` must hold numbers. Received: X.dtype={arr.dtype}")
    if arr.ndim == 0 or arr.shape[0] == 0:
        raise ValueError(f"Argument `X` must hold at least one example. Received: X.shape={arr.shape}")
    if flatten:
        arr = arr.reshape(arr.shape[0], -1)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2:
        raise ValueError(
            f"Argument `X` must have shape (m,) or (m, n). Received: X.shape={np.shape(X)}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("Argument `X` contains NaN or infinite values. Clean or impute them first.")
    return arr.astype(np.float64)


def check_targets(y, m: int) -> np.ndarray:
    """Return regression targets as float64 (m,), checking length and finiteness."""
    arr = np.asarray(y)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"Argument `y` must hold numbers. Received: y.dtype={arr.dtype}")
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"Argument `y` must have shape (m,). Received: y.shape={arr.shape}")
    if arr.shape[0] != m:
        raise ValueError(
            f"Arguments `X` and `y` must hold the same number of examples. Received: "
            f"len(X)={m}, len(y)={arr.shape[0]}"
        )
    if not np.all(np.isfinite(arr)):
        raise ValueError("Argument `y` contains NaN or infinite values.")
    return arr.astype(np.float64)


def check_labels(y, m: int, num_classes: int | None) -> tuple[np.ndarray, int]:
    """Return integer class labels (m,) and the number of classes, or raise a clear error."""
    arr = np.asarray(y)
    if arr.ndim == 2 and arr.shape[1] > 1:
        raise ValueError(
            "Argument `y` must hold integer class labels of shape (m,), not one-hot rows. "
            f"Received: y.shape={arr.shape} (use y.argmax(axis=1))"
        )
    arr = arr.reshape(-1) if arr.ndim == 2 else arr
    if arr.ndim != 1:
        raise ValueError(f"Argument `y` must have shape (m,). Received: y.shape={arr.shape}")
    if arr.shape[0] != m:
        raise ValueError(
            f"Arguments `X` and `y` must hold the same number of examples. Received: "
            f"len(X)={m}, len(y)={arr.shape[0]}"
        )
    if not np.issubdtype(arr.dtype, np.number) or arr.dtype == bool:
        raise TypeError(f"Argument `y` must hold integer class labels. Received: y.dtype={arr.dtype}")
    if not np.all(np.isfinite(arr)) or np.any(arr != np.round(arr)):
        raise ValueError("Argument `y` must hold integer class labels 0, 1, ..., k-1. "
                         f"Received non-integer values such as {arr[arr != np.round(arr)][:3]}")
    labels = arr.astype(np.int64)
    if num_classes is None:
        num_classes = int(labels.max()) + 1
    else:
        num_classes = check.integer("num_classes", num_classes, 2)
    if labels.min() < 0 or labels.max() >= num_classes:
        raise ValueError(
            f"Argument `y` holds labels out of range: expected 0 <= y < num_classes="
            f"{num_classes}. Received: min={labels.min()}, max={labels.max()}"
        )
    if num_classes < 2:
        raise ValueError("Argument `y` must hold at least two classes. Received: only class 0")
    return labels, int(num_classes)


def check_hyper(*, lr, steps, batch_size=None, m: int | None = None) -> None:
    """Check the learning rate, the number of steps and the batch size (at most ``m``)."""
    check.positive_number("lr", lr)
    check.positive_int("steps", steps)
    check.integer("batch_size", batch_size, 1, m, allow_none=True)  # None: the full batch


def check_diverged(losses: list[float], lr: float) -> None:
    """Stop with advice when the newest cost is NaN/inf or far above the first one."""
    last, first = losses[-1], losses[0]
    if not np.isfinite(last) or (len(losses) > 1 and last > DIVERGENCE_FACTOR * max(first, 1e-12)):
        raise DivergenceError(
            f"Gradient descent diverged at step {len(losses) - 1}: the cost went from {first:.4g} "
            f"to {last:.4g} with lr={lr:g}. The learning rate is too large for this data; try a "
            f"smaller one, e.g. lr={lr / 10:g} (or standardize the features)."
        )


def run_tape(train_step, *, steps: int, lr: float, variables: dict, strategy,
             checkpoint_dir=None, checkpoint_every: int = 100):
    """Run ``train_step(step) -> loss`` for the steps not done yet; the costs and the seconds.

    With ``checkpoint_dir``, ``variables`` and the costs are saved every ``checkpoint_every``
    steps and a run resumes after the last saved step (`tfcourse.checkpointing`).
    """
    losses, first, ckpt = [], 0, None
    if checkpoint_dir is not None:
        from tfcourse.checkpointing import LoopCheckpoint

        ckpt = LoopCheckpoint(checkpoint_dir, variables, total=steps, every=checkpoint_every,
                              strategy=strategy)
        losses, first = ckpt.history["loss"], ckpt.done
    start = time.perf_counter()
    for step in range(first, steps):
        losses.append(float(train_step(step)))
        check_diverged(losses, lr)
        if ckpt is not None:
            ckpt.maybe_save(step + 1, {"loss": losses})
    return np.array(losses), time.perf_counter() - start


# ----------------------------------------------------------------------------- batches and init


def batch_schedule(m: int, batch_size: int | None, steps: int, seed: int):
    """Yield the example indices each step trains on (None means the full batch).

    The examples are shuffled once with ``seed`` and then taken ``batch_size`` at a time,
    wrapping around at the end, so every batch has exactly ``batch_size`` examples and every
    implementation sees the same batches in the same order.
    """
    if batch_size is None or batch_size == m:
        for _ in range(steps):
            yield None
        return
    order = np.random.default_rng(seed).permutation(m)
    for step in range(steps):
        yield order[(step * batch_size + np.arange(batch_size)) % m]


def initial_weights(n: int, k: int, init: str, seed: int) -> np.ndarray:
    """Starting weights (n, k): zeros, or a truncated normal (std 1, cut at ±2) like the talk's
    ``tf.truncated_normal([FLATTENED_SIZE, NUM_LABELS])``, drawn once so all versions share it."""
    if check.one_of("init", init, ("zeros", "truncated_normal")) == "zeros":
        return np.zeros((n, k))
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((n, k))
    while np.any(bad := np.abs(w) > 2.0):  # redraw outside two std devs, as TF does
        w[bad] = rng.standard_normal(int(bad.sum()))
    return w


# ----------------------------------------------------------------------------- results


@dataclasses.dataclass
class LinearFit:
    """A fitted linear regression h(x) = θ0 + θ·x.

    Attributes:
        weights: θ, shape (n,).
        bias: θ0.
        losses: J(θ) before each update, shape (steps,).
        method: Which implementation produced it ("numpy", "graph" or "tape").
        seconds: Wall time of the training loop.
        path: (θ0, θ1, …, θn) before each update, shape (steps, 1 + n): the descent's route
            over the cost surface (recorded by `fit_numpy` only; None otherwise).
    """

    weights: np.ndarray
    bias: float
    losses: np.ndarray
    method: str
    seconds: float = 0.0
    path: np.ndarray | None = None

    def predict(self, X) -> np.ndarray:
        """Predictions h(x) for X of shape (m,) or (m, n)."""
        X = check_features(X)
        if X.shape[1] != self.weights.shape[0]:
            raise ValueError(f"Argument `X` must have {self.weights.shape[0]} feature(s). "
                             f"Received: X.shape={np.shape(X)}")
        return X @ self.weights + self.bias  # (m,)


@dataclasses.dataclass
class SoftmaxFit:
    """A fitted softmax (multinomial logistic) regression p(y|x) = softmax(xW + b).

    Attributes:
        weights: W, shape (n, k).
        bias: b, shape (k,).
        losses: mean cross-entropy of each step's batch before the update, shape (steps,).
        method: Which implementation produced it ("numpy", "graph" or "tape").
        seconds: Wall time of the training loop.
    """

    weights: np.ndarray
    bias: np.ndarray
    losses: np.ndarray
    method: str
    seconds: float = 0.0

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, shape (m, k); images are flattened first."""
        X = check_features(X, flatten=True)
        if X.shape[1] != self.weights.shape[0]:
            raise ValueError(f"Argument `X` must have {self.weights.shape[0]} features per "
                             f"example. Received: X.shape={np.shape(X)}")
        return softmax(X @ self.weights + self.bias)  # (m, k)

    def predict(self, X) -> np.ndarray:
        """The most probable class for each example, shape (m,)."""
        return self.predict_proba(X).argmax(axis=1)


def softmax(z: np.ndarray) -> np.ndarray:
    """Row-wise softmax, stable for large logits (subtracting the row max changes nothing)."""
    z = z - z.max(axis=1, keepdims=True)  # (m, k)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)
