"""The benchmarks' data: the bundled digits, MNIST-shaped, tiled to any size. No TensorFlow."""

from __future__ import annotations

import numpy as np


def digits(n: int | None = None, split: str = "train"):
    """Bundled digits as MNIST-shaped arrays, tiled to ``n`` examples when ``n`` is given.

    Args:
        n: Examples wanted; the split's own size if None. Defaults to None.
        split: ``"train"``, ``"val"`` or ``"test"``. Defaults to ``"train"``.

    Returns:
        ``(x, y)``: float32 images (n, 28, 28, 1) in [0, 1] and int32 labels (n,).
    """
    from tfcourse.data import load_digits

    data = load_digits(size=28)
    x, y = getattr(data, f"x_{split}"), getattr(data, f"y_{split}")
    if n is not None:
        reps = -(-n // len(x))
        x, y = np.concatenate([x] * reps)[:n], np.concatenate([y] * reps)[:n]
    return x.astype("float32"), y.astype("int32")
