"""Image datasets as `Splits` of arrays: the bundled digits, or an image source from TFDS."""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check

from tfcourse.data.scikit import load_digits
from tfcourse.data.splits import Splits
from tfcourse.data.tfds_sources import load_tfds, to_arrays

IMAGE_SOURCES = ("digits", "mnist", "fashion_mnist", "cifar10")


def load_images(name: str = "digits", *, size: int = 28, data_dir=None, seed: int = 0,
                limit: int | None = None) -> Splits:
    """`Splits` of float32 images (m, H, W, C) in [0, 1] and int32 labels.

    A TFDS source has no validation split: the last 10% of its training split serves.

    Args:
        name: One of `IMAGE_SOURCES`; ``"digits"`` is bundled. Defaults to ``"digits"``.
        size: For digits: 8 or 28 (MNIST-shaped). Defaults to 28.
        data_dir: The TFDS data folder (`default_data_dir`). Defaults to None.
        seed: Seed of the digits' split. Defaults to 0.
        limit: Keep the first ``limit`` training examples; None keeps all. Defaults to None.

    Raises:
        DatasetUnavailableError: If a TFDS source is not prepared and cannot be downloaded.
    """
    check.one_of("name", name, IMAGE_SOURCES)
    limit = check.positive_int("limit", limit, allow_none=True)
    if name == "digits":
        d = load_digits(size=size, seed=seed)
        if limit:
            d = Splits(d.name, d.x_train[:limit], d.y_train[:limit], d.x_val, d.y_val, d.x_test,
                       d.y_test, d.num_classes, d.description)
        return d
    train, test = load_tfds(name, split=("train", "test"), data_dir=data_dir)
    (x, y), (x_test, y_test) = to_arrays(train), to_arrays(test)
    x, x_test = x.astype("float32") / 255.0, x_test.astype("float32") / 255.0  # uint8 → [0, 1]
    n_val = len(x) // 10
    x_train, y_train, x_val, y_val = x[:-n_val], y[:-n_val], x[-n_val:], y[-n_val:]
    if limit:
        x_train, y_train = x_train[:limit], y_train[:limit]
    return Splits(name, x_train, y_train.astype(np.int32), x_val, y_val.astype(np.int32),
                  x_test, y_test.astype(np.int32), int(y.max()) + 1, f"{name} via TFDS")
