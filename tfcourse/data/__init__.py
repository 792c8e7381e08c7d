"""Data for the lessons: bundled offline datasets (`BUNDLED`), TFDS sources, tf.data pipelines.

Importing it is light: TensorFlow and TFDS load only when a pipeline or `load_tfds` is used.

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
    """`load_bundled` (a `Splits`) or `load_tfds` of ``name``, with their keyword arguments."""
    if name in BUNDLED:
        return load_bundled(name, **kwargs)
    if name in TFDS_SOURCES:
        return load_tfds(name, **kwargs)
    raise unknown_name_error(name)
