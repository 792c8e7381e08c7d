"""The benchmarks' data: the bundled digits, MNIST-shaped, tiled to any size. No TensorFlow."""

from __future__ import annotations

import numpy as np

# what each model reads, as its lesson feeds it: 28×28×1 images; the mlp lesson's 8×8×1 digits;
# the rnn lesson's images as 28 rows of 28 pixels (timesteps, features)
INPUT_SHAPES = {"mlp": (28, 28, 1), "lenet": (28, 28, 1), "cnn": (28, 28, 1),
                "lesson_mlp": (8, 8, 1), "rnn": (28, 28)}


def digits(n: int | None = None, split: str = "train", *, size: int = 28):
    """Bundled digits as MNIST-shaped arrays, tiled to ``n`` examples when ``n`` is given.

    Args:
        n: Examples wanted; the split's own size if None. Defaults to None.
        split: ``"train"``, ``"val"`` or ``"test"``. Defaults to ``"train"``.
        size: 28 (MNIST-shaped) or 8 (the original digits). Defaults to 28.

    Returns:
        ``(x, y)``: float32 images (n, size, size, 1) in [0, 1] and int32 labels (n,).
    """
    from tfcourse.data import load_digits

    data = load_digits(size=size)
    x, y = getattr(data, f"x_{split}"), getattr(data, f"y_{split}")
    if n is not None:
        reps = -(-n // len(x))
        x, y = np.concatenate([x] * reps)[:n], np.concatenate([y] * reps)[:n]
    return x.astype("float32"), y.astype("int32")


def for_model(model: str, n: int | None = None, split: str = "train"):
    """`digits` shaped as ``model`` reads them (`INPUT_SHAPES`): ``(x, y)``."""
    shape = INPUT_SHAPES[model]
    x, y = digits(n, split, size=shape[0])
    return x.reshape((len(x), *shape)), y
