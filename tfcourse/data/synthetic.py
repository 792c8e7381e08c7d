"""Synthetic data with a known answer: a noisy line to regress, a noisy sine to forecast."""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.data.splits import Splits, make_splits, split_70_15_15

MIN_EXAMPLES = 10  # fewer and a 70/15/15 split leaves a split empty


def make_line(*, m: int = 200, theta0: float = 4.0, theta1: float = 3.0, noise: float = 1.0,
              seed: int = 0) -> Splits:
    """y = θ0 + θ1·x + N(0, noise²), x uniform in [0, 2], float32 (m,); random 70/15/15.

    Args:
        m: Number of points, at least 10. Defaults to 200.
        theta0: True intercept. Defaults to 4.0.
        theta1: True slope. Defaults to 3.0.
        noise: Standard deviation of the noise, >= 0. Defaults to 1.0.
        seed: Seed of the data and the split. Defaults to 0.
    """
    m = check.integer("m", m, MIN_EXAMPLES)
    seed = check.seed(seed)
    noise = check.non_negative_number("noise", noise)
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 2.0, size=m)  # (m,)
    y = theta0 + theta1 * x + noise * rng.standard_normal(m)  # (m,)
    description = (f"Synthetic line: y = {theta0} + {theta1}*x + N(0, {noise}^2), x uniform in "
                   f"[0, 2] (true theta0={theta0}, theta1={theta1}), random 70/15/15 split.")
    return make_splits("line", x.astype(np.float32), y.astype(np.float32),
                       split_70_15_15(m, seed), None, description)


def make_sine(*, n: int = 1000, noise: float = 0.1, period: float = 50, seed: int = 0) -> Splits:
    """sin(2πt / period) + N(0, noise²) split in time 70/15/15: ``x_* = y_*``, see `make_windows`.

    Args:
        n: Length of the series, at least 10. Defaults to 1000.
        noise: Standard deviation of the noise, >= 0. Defaults to 0.1.
        period: Steps per cycle, > 0. Defaults to 50.
        seed: Seed of the noise. Defaults to 0.
    """
    n = check.integer("n", n, MIN_EXAMPLES)
    seed = check.seed(seed)
    noise = check.non_negative_number("noise", noise)
    period = check.positive_number("period", period)
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    series = (np.sin(2 * np.pi * t / period) + noise * rng.standard_normal(n)).astype(np.float32)
    n_train, n_val = n * 70 // 100, n * 15 // 100
    train, val, test = np.split(series, [n_train, n_train + n_val])
    description = (f"Synthetic series: sin(2*pi*t/{period:g}) + N(0, {noise}^2), n={n}, split "
                   "chronologically 70/15/15; y_* equal x_*: make windows with make_windows.")
    return Splits("sine", train, train, val, val, test, test, None, description)


def make_windows(series, window: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Cut a 1-D series into (past ``window`` values → next ``horizon`` values) examples.

    Returns:
        float32 ``X`` (k, window, 1) and ``Y`` (k, horizon), k = n - window - horizon + 1.

    Example:
        >>> X, Y = make_windows(np.arange(5), window=3)
        >>> X[:, :, 0].tolist(), Y.tolist()
        ([[0.0, 1.0, 2.0], [1.0, 2.0, 3.0]], [[3.0], [4.0]])
    """
    window = check.positive_int("window", window)
    horizon = check.positive_int("horizon", horizon)
    series = np.asarray(series, dtype=np.float32)
    if series.ndim != 1:
        raise ValueError(f"Argument `series` must be 1-D. Received: series.shape={series.shape}")
    if len(series) < window + horizon:
        raise ValueError(f"Argument `series` is too short: it needs at least window + horizon = "
                         f"{window + horizon} values. Received: len(series)={len(series)}, "
                         f"window={window}, horizon={horizon}")
    views = np.lib.stride_tricks.sliding_window_view(series, window + horizon)  # (k, w + h)
    return views[:, :window, None].copy(), views[:, window:].copy()  # (k, w, 1), (k, h)
