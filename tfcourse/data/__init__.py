"""Data for the lessons: bundled offline datasets, TFDS sources, and tf.data pipelines.

``load(name)`` takes any dataset name. Bundled datasets (`BUNDLED`) need no network; TFDS
sources (`TFDS_SOURCES`) are read from the TFDS data directory, or downloaded once.

Importing this package is light: `tensorflow_datasets` loads only inside `load_tfds`, and
TensorFlow only when a pipeline name (`make_dataset`, `for_strategy`) is first used.

Example:
    >>> from tfcourse import data
    >>> splits = data.load("iris")
    >>> splits.x_train.shape, splits.num_classes
    ((105, 4), 3)
"""

from __future__ import annotations

import importlib

from tfcourse.data.bundled import (
    BUNDLED,
    Splits,
    load_bundled,
    load_diabetes,
    load_digits,
    load_iris,
    make_line,
    make_sine,
    make_windows,
    unknown_name_error,
)
from tfcourse.data.images import IMAGE_SOURCES, load_images
from tfcourse.data.tfds_sources import (
    OFFLINE_ALTERNATIVE,
    TFDS_SOURCES,
    DatasetUnavailableError,
    cached_sources,
    default_data_dir,
    is_cached,
    load_tfds,
    network_available,
    to_arrays,
)

__all__ = [
    "Splits", "load", "load_bundled", "load_digits", "load_iris", "load_diabetes", "make_line",
    "make_sine", "make_windows", "BUNDLED", "TFDS_SOURCES", "OFFLINE_ALTERNATIVE", "load_tfds",
    "is_cached", "cached_sources", "default_data_dir", "network_available", "to_arrays",
    "DatasetUnavailableError", "make_dataset", "for_strategy", "IMAGE_SOURCES", "load_images",
]

_LAZY = {"make_dataset": "tfcourse.data.pipeline", "for_strategy": "tfcourse.data.pipeline"}


def __getattr__(name):  # PEP 562: import the TensorFlow-backed pipeline only when asked for
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))


def load(name: str, **kwargs):
    """Load any dataset by name: a bundled one or a TFDS source.

    Args:
        name: One of `BUNDLED` or `TFDS_SOURCES`.
        **kwargs: Passed to `load_bundled` (e.g. ``seed``, ``size``) or `load_tfds` (e.g.
            ``split``, ``data_dir``).

    Returns:
        A `Splits` for a bundled dataset; what `load_tfds` returns for a TFDS source.

    Raises:
        ValueError: If ``name`` is neither.
        DatasetUnavailableError: If a TFDS source is not prepared and cannot be downloaded.
    """
    if name in BUNDLED:
        return load_bundled(name, **kwargs)
    if name in TFDS_SOURCES:
        return load_tfds(name, **kwargs)
    raise unknown_name_error(name)
