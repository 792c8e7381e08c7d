"""Datasets that need no download, by name, each with fixed seeded train/validation/test splits.

Real data shipped with scikit-learn (`load_digits`, `load_iris`, `load_diabetes`) and
synthetic data (`make_line`, `make_sine` with `make_windows`); each returns a `Splits`.
"""

from __future__ import annotations

import inspect

from tfcourse.data.scikit import load_diabetes, load_digits, load_iris
from tfcourse.data.splits import Splits
from tfcourse.data.synthetic import make_line, make_sine, make_windows
from tfcourse.data.tfds_sources import TFDS_SOURCES

__all__ = ["BUNDLED", "Splits", "load_bundled", "load_digits", "load_iris", "load_diabetes",
           "make_line", "make_sine", "make_windows", "unknown_name_error"]

_LOADERS = {"digits": load_digits, "iris": load_iris, "diabetes": load_diabetes,
            "line": make_line, "sine": make_sine}
BUNDLED = tuple(_LOADERS)


def unknown_name_error(name) -> ValueError:
    """The error for a dataset name that is neither bundled nor a TFDS source."""
    return ValueError(f"Unknown dataset name: {name!r}. Expected one of {BUNDLED} or a TFDS "
                      f"source {TFDS_SOURCES}. Received: name={name!r}")


def load_bundled(name: str, *, seed: int = 0, **options) -> Splits:
    """The `Splits` of a bundled dataset: digits, iris, diabetes, line or sine.

    Args:
        name: One of `BUNDLED`.
        seed: Seed of the split (and of synthetic data). Defaults to 0.
        **options: Passed to that dataset's function, e.g. ``size=28`` for `load_digits`.

    Raises:
        ValueError: If ``name`` is unknown or an option is out of range.
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
