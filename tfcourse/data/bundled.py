"""Datasets that need no download, each with fixed, seeded train/validation/test splits.

Three are real data shipped with scikit-learn (digits, iris, diabetes); two are synthetic
(a noisy line for linear regression, a noisy sine series for forecasting). Every loader returns
a `Splits`; the same ``seed`` always gives the same split.

Example:
    >>> from tfcourse.data.bundled import load_bundled
    >>> load_bundled("digits", size=28).x_train.shape
    (1257, 28, 28, 1)
    >>> load_bundled("sine").x_train.shape
    (700,)
"""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np

from tfcourse import validation as check
from tfcourse.data.tfds_sources import TFDS_SOURCES

BUNDLED = ("digits", "iris", "diabetes", "line", "sine")
_MIN_EXAMPLES = 10  # fewer and a 70/15/15 split leaves a split empty


@dataclasses.dataclass(frozen=True, eq=False, repr=False)  # arrays: no field-wise == or hash
class Splits:
    """One dataset split three ways: fit on train, tune on val, report on test once.

    Attributes:
        name: The dataset's name, e.g. ``"digits"``.
        x_train, y_train, x_val, y_val, x_test, y_test: NumPy arrays; ``x_*[i]`` is one
            example and ``y_*[i]`` its target.
        num_classes: Number of classes, or None for regression and forecasting.
        description: What the data is and how it was prepared.
    """

    name: str
    x_train: np.ndarray
    y_train: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    num_classes: int | None
    description: str

    def __repr__(self) -> str:
        return (f"Splits(name={self.name!r}, train={self.x_train.shape}, val={self.x_val.shape}, "
                f"test={self.x_test.shape}, num_classes={self.num_classes})")


# ----------------------------------------------------------------------------- checks


def unknown_name_error(name) -> ValueError:
    """The error for a dataset name that is neither bundled nor a TFDS source."""
    return ValueError(f"Unknown dataset name: {name!r}. Expected one of {BUNDLED} or a TFDS "
                      f"source {TFDS_SOURCES}. Received: name={name!r}")


# ----------------------------------------------------------------------------- helpers


def _split_70_15_15(m: int, seed: int, stratify=None):
    """Index arrays (train, val, test) of a random 70/15/15 split, stratified by ``stratify``."""
    from sklearn.model_selection import train_test_split  # sklearn loads in ~1 s: only when used

    idx = np.arange(m)
    train, rest = train_test_split(idx, test_size=0.3, random_state=seed, stratify=stratify)
    val, test = train_test_split(rest, test_size=0.5, random_state=seed,
                                 stratify=None if stratify is None else stratify[rest])
    return train, val, test


def _make_splits(name, x, y, parts, num_classes, description, *, standardize=False):
    xs = [x[p] for p in parts]
    if standardize:  # statistics of the train split only: val/test must not leak into them
        mean, std = xs[0].mean(axis=0), xs[0].std(axis=0)
        std = np.where(std > 0, std, 1.0)
        xs = [((v - mean) / std).astype(np.float32) for v in xs]
    ys = [y[p] for p in parts]
    return Splits(name, xs[0], ys[0], xs[1], ys[1], xs[2], ys[2], num_classes, description)


# ----------------------------------------------------------------------------- real data


def load_digits(*, size: int = 8, seed: int = 0) -> Splits:
    """scikit-learn's 1,797 handwritten digits (8×8, 10 classes), stratified 70/15/15.

    Args:
        size: 8 for the original (m, 8, 8, 1) images, or 28 for MNIST-shaped (m, 28, 28, 1):
            each digit upsampled to 20×20 (bilinear) and centred with a 4-pixel border, as MNIST
            digits are. Defaults to 8.
        seed: Seed of the split. Defaults to 0.

    Returns:
        `Splits` with float32 pixels in [0, 1] and int32 labels 0-9.

    Raises:
        ValueError: If ``size`` is not 8 or 28, or ``seed`` is not a non-negative integer.
    """
    size = check.one_of("size", size, (8, 28))
    seed = check.seed(seed)
    from sklearn.datasets import load_digits as sk_digits

    raw = sk_digits()
    x = (raw.images / 16.0).astype(np.float32)  # (m, 8, 8), pixel values 0..16 -> [0, 1]
    y = raw.target.astype(np.int32)  # (m,)
    if size == 28:
        from scipy import ndimage

        x = np.clip(ndimage.zoom(x, (1, 2.5, 2.5), order=1), 0.0, 1.0)  # (m, 20, 20)
        x = np.pad(x, ((0, 0), (4, 4), (4, 4)))  # (m, 28, 28)
    parts = _split_70_15_15(len(y), seed, stratify=y)
    description = (f"scikit-learn digits: 1,797 real handwritten digits, {size}x{size} grey "
                   f"images in [0, 1]" + (" (8x8 upsampled to 20x20, centred like MNIST)"
                                          if size == 28 else "") + ", stratified 70/15/15 split.")
    return _make_splits("digits", x[..., None], y, parts, 10, description)


def load_iris(*, seed: int = 0, standardize: bool = True) -> Splits:
    """Fisher's iris flowers: 150 × 4 measurements (cm), 3 species, stratified 70/15/15.

    Args:
        seed: Seed of the split. Defaults to 0.
        standardize: Scale every feature to mean 0, std 1 using the mean and std of the *train*
            split only, and apply that same scaling to val and test (so nothing about them leaks
            into training). Defaults to True.

    Returns:
        `Splits` with float32 features (m, 4) and int32 labels 0-2.

    Raises:
        ValueError: If ``seed`` is not a non-negative integer.
    """
    seed = check.seed(seed)
    from sklearn.datasets import load_iris as sk_iris

    raw = sk_iris()
    x, y = raw.data.astype(np.float32), raw.target.astype(np.int32)
    parts = _split_70_15_15(len(y), seed, stratify=y)
    description = ("Iris: 150 flowers, 4 measurements (sepal/petal length/width, cm), 3 species, "
                   "stratified 70/15/15 split" + (", standardized with train statistics."
                                                  if standardize else "."))
    return _make_splits("iris", x, y, parts, 3, description, standardize=standardize)


def load_diabetes(*, seed: int = 0, standardize: bool = True) -> Splits:
    """Diabetes progression: 442 patients × 10 features, a real regression target, 70/15/15.

    Args:
        seed: Seed of the split. Defaults to 0.
        standardize: Scale every feature with the mean and std of the *train* split only (as in
            `load_iris`); otherwise features keep their units (age in years, bmi, ...). The
            target is never scaled. Defaults to True.

    Returns:
        `Splits` with float32 features (m, 10) and float32 targets (m,): disease progression
        one year after baseline, in its original units (25-346).

    Raises:
        ValueError: If ``seed`` is not a non-negative integer.
    """
    seed = check.seed(seed)
    from sklearn.datasets import load_diabetes as sk_diabetes

    raw = sk_diabetes(scaled=False)
    x, y = raw.data.astype(np.float32), raw.target.astype(np.float32)
    parts = _split_70_15_15(len(y), seed)
    description = ("Diabetes: 442 patients, 10 baseline features (age, sex, bmi, bp, 6 blood "
                   "serum values); target is disease progression after one year. Random "
                   "70/15/15 split" + (", features standardized with train statistics."
                                       if standardize else "."))
    return _make_splits("diabetes", x, y, parts, None, description, standardize=standardize)


# ----------------------------------------------------------------------------- synthetic data


def make_line(*, m: int = 200, theta0: float = 4.0, theta1: float = 3.0, noise: float = 1.0,
              seed: int = 0) -> Splits:
    """Points around a line, y = θ0 + θ1·x + N(0, noise²), x uniform in [0, 2]; 70/15/15.

    Args:
        m: Number of points, at least 10. Defaults to 200.
        theta0: True intercept θ0. Defaults to 4.0.
        theta1: True slope θ1. Defaults to 3.0.
        noise: Standard deviation of the Gaussian noise, >= 0. Defaults to 1.0.
        seed: Seed of the data and the split. Defaults to 0.

    Returns:
        `Splits` with float32 x (m,) and y (m,); linear regression should recover θ0 and θ1.

    Raises:
        ValueError: If an argument is out of range.
    """
    m = check.integer("m", m, _MIN_EXAMPLES)
    seed = check.seed(seed)
    noise = check.non_negative_number("noise", noise)
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 2.0, size=m)  # (m,)
    y = theta0 + theta1 * x + noise * rng.standard_normal(m)  # (m,)
    description = (f"Synthetic line: y = {theta0} + {theta1}*x + N(0, {noise}^2), x uniform in "
                   f"[0, 2] (true theta0={theta0}, theta1={theta1}), random 70/15/15 split.")
    return _make_splits("line", x.astype(np.float32), y.astype(np.float32),
                        _split_70_15_15(m, seed), None, description)


def make_sine(*, n: int = 1000, noise: float = 0.1, period: float = 50, seed: int = 0) -> Splits:
    """A noisy sine wave for forecasting, split *chronologically* 70/15/15.

    A forecaster must be tested on the future, so the splits are consecutive segments of one
    series, never shuffled. Each ``x_*`` is a segment and ``y_*`` is the same array: cut
    segments into (inputs, targets) windows with `make_windows`.

    Args:
        n: Length of the series, at least 10. Defaults to 1000.
        noise: Standard deviation of the Gaussian noise, >= 0. Defaults to 0.1.
        period: Steps per cycle, > 0. Defaults to 50.
        seed: Seed of the noise. Defaults to 0.

    Returns:
        `Splits` whose segments are float32 arrays (n_train,), (n_val,), (n_test,).

    Raises:
        ValueError: If an argument is out of range.
    """
    n = check.integer("n", n, _MIN_EXAMPLES)
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
    """Cut a series into (past ``window`` values -> next ``horizon`` values) examples.

    Args:
        series: A 1-D array-like of length n.
        window: Number of past values per input, a positive integer.
        horizon: Number of future values to predict, a positive integer. Defaults to 1.

    Returns:
        ``(X, Y)``: float32 X (k, window, 1) and Y (k, horizon), k = n - window - horizon + 1.

    Raises:
        ValueError: If ``series`` is not 1-D, ``window``/``horizon`` are not positive integers,
            or the series is shorter than ``window + horizon``.

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


# ----------------------------------------------------------------------------- by name

_LOADERS = {"digits": load_digits, "iris": load_iris, "diabetes": load_diabetes,
            "line": make_line, "sine": make_sine}


def load_bundled(name: str, *, seed: int = 0, **options) -> Splits:
    """Load a bundled dataset by name.

    Args:
        name: One of `BUNDLED`: ``"digits"``, ``"iris"``, ``"diabetes"``, ``"line"``, ``"sine"``.
        seed: Seed of the split (and of synthetic data). Defaults to 0.
        **options: Passed to that dataset's function, e.g. ``size=28`` for `load_digits`.

    Returns:
        The dataset's `Splits`.

    Raises:
        ValueError: If ``name`` is unknown (a TFDS source gets a pointer to `load_tfds`) or an
            option is out of range.
        TypeError: If an option does not apply to that dataset.
    """
    if name in TFDS_SOURCES:
        raise ValueError(f"{name!r} is a TFDS source, not a bundled dataset: use "
                         f"tfcourse.data.load({name!r}) or load_tfds({name!r}). Expected one of "
                         f"{BUNDLED}. Received: name={name!r}")
    if name not in _LOADERS:
        raise unknown_name_error(name)
    loader = _LOADERS[name]
    allowed = tuple(p for p in inspect.signature(loader).parameters if p != "seed")
    unknown = sorted(set(options) - set(allowed))
    if unknown:
        received = ", ".join(f"{k}={options[k]!r}" for k in unknown)
        raise TypeError(f"Unknown option(s) for dataset {name!r}: {unknown}. Expected some of "
                        f"{allowed}. Received: {received}")
    return loader(seed=seed, **options)
