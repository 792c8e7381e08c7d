"""What the NumPy, graph and GradientTape versions of each lesson share, so they can be
compared step by step: the same checks, starting weights, mini-batches and divergence rule."""

from __future__ import annotations

import dataclasses
import time

import numpy as np

from tfcourse import validation as check
from tfcourse.checks import check_features

# a run whose cost climbs this far above where it started is diverging, not learning
DIVERGENCE_FACTOR = 100.0


class DivergenceError(FloatingPointError):
    """Gradient descent blew up: the learning rate is too large for this data."""


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
    """Run ``train_step(step) -> loss`` for the steps not yet done (checkpointed with
    ``checkpoint_dir``: `tfcourse.checkpointing`); the costs and the seconds."""
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
    """Yield each step's example indices (None: the full batch): shuffled once with ``seed``,
    then ``batch_size`` at a time, wrapping around, so every batch is full."""
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
    """A fitted linear regression h(x) = θ0 + θ·x: ``weights`` θ (n,), ``bias`` θ0, ``losses``
    J(θ) before each update (steps,), the ``method`` ("numpy", "graph", "tape"), the loop's
    ``seconds``, and (`fit_numpy` only) the ``path`` (θ0, θ1, …, θn) of each step."""

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
    """A fitted softmax regression p(y|x) = softmax(xW + b): ``weights`` W (n, k), ``bias``
    b (k,), ``losses`` (each batch's cross-entropy before its update), ``method``, ``seconds``."""

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
        from tfcourse.concepts.activations import softmax  # here: tfcourse.concepts imports us

        return softmax(X @ self.weights + self.bias)  # (m, k)

    def predict(self, X) -> np.ndarray:
        """The most probable class for each example, shape (m,)."""
        return self.predict_proba(X).argmax(axis=1)

