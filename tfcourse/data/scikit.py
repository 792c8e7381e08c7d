"""The real datasets scikit-learn ships, offline: digits, iris, diabetes (stratified 70/15/15)."""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.data.splits import Splits, make_splits, split_70_15_15


def load_digits(*, size: int = 8, seed: int = 0) -> Splits:
    """scikit-learn's 1,797 handwritten digits, float32 pixels in [0, 1], labels 0-9.

    Args:
        size: 8 for the original (m, 8, 8, 1) images, or 28 for MNIST-shaped (m, 28, 28, 1):
            upsampled to 20×20 (bilinear) and centred in a 4-pixel border. Defaults to 8.
        seed: Seed of the split. Defaults to 0.
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
    parts = split_70_15_15(len(y), seed, stratify=y)
    description = (f"scikit-learn digits: 1,797 real handwritten digits, {size}x{size} grey "
                   f"images in [0, 1]" + (" (8x8 upsampled to 20x20, centred like MNIST)"
                                          if size == 28 else "") + ", stratified 70/15/15 split.")
    return make_splits("digits", x[..., None], y, parts, 10, description)


def load_iris(*, seed: int = 0, standardize: bool = True) -> Splits:
    """Fisher's iris: 150 flowers × 4 measurements (cm), float32, labels 0-2 (3 species).

    Args:
        seed: Seed of the split. Defaults to 0.
        standardize: Scale features to mean 0, std 1 with the train split's statistics.
            Defaults to True.
    """
    seed = check.seed(seed)
    from sklearn.datasets import load_iris as sk_iris

    raw = sk_iris()
    x, y = raw.data.astype(np.float32), raw.target.astype(np.int32)
    parts = split_70_15_15(len(y), seed, stratify=y)
    description = ("Iris: 150 flowers, 4 measurements (sepal/petal length/width, cm), 3 species, "
                   "stratified 70/15/15 split" + (", standardized with train statistics."
                                                  if standardize else "."))
    return make_splits("iris", x, y, parts, 3, description, standardize=standardize)


def load_diabetes(*, seed: int = 0, standardize: bool = True) -> Splits:
    """Diabetes: 442 patients × 10 features; target, disease progression after a year (25-346).

    Args:
        seed: Seed of the (random, not stratified) split. Defaults to 0.
        standardize: Scale features (never the target) with the train split's statistics.
            Defaults to True.
    """
    seed = check.seed(seed)
    from sklearn.datasets import load_diabetes as sk_diabetes

    raw = sk_diabetes(scaled=False)
    x, y = raw.data.astype(np.float32), raw.target.astype(np.float32)
    parts = split_70_15_15(len(y), seed)
    description = ("Diabetes: 442 patients, 10 baseline features (age, sex, bmi, bp, 6 blood "
                   "serum values); target is disease progression after one year. Random "
                   "70/15/15 split" + (", features standardized with train statistics."
                                       if standardize else "."))
    return make_splits("diabetes", x, y, parts, None, description, standardize=standardize)
