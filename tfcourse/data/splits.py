"""`Splits`, what every bundled loader returns, and the seeded 70/15/15 split behind it."""

from __future__ import annotations

import dataclasses

import numpy as np


@dataclasses.dataclass(frozen=True, eq=False, repr=False)  # arrays: no field-wise == or hash
class Splits:
    """A dataset split three ways: fit on train, tune on val, report on test once.

    ``x_*[i]`` is one example, ``y_*[i]`` its target; ``num_classes`` None for regression.
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


def split_70_15_15(m: int, seed: int, stratify=None):
    """Index arrays (train, val, test) of a random 70/15/15 split, stratified by ``stratify``."""
    from sklearn.model_selection import train_test_split  # sklearn loads in ~1 s: only when used

    idx = np.arange(m)
    train, rest = train_test_split(idx, test_size=0.3, random_state=seed, stratify=stratify)
    val, test = train_test_split(rest, test_size=0.5, random_state=seed,
                                 stratify=None if stratify is None else stratify[rest])
    return train, val, test


def make_splits(name, x, y, parts, num_classes, description, *, standardize=False) -> Splits:
    """`Splits` of ``x``, ``y`` at the index arrays ``parts``, standardized with train stats."""
    xs = [x[p] for p in parts]
    if standardize:  # statistics of the train split only: val/test must not leak into them
        mean, std = xs[0].mean(axis=0), xs[0].std(axis=0)
        std = np.where(std > 0, std, 1.0)
        xs = [((v - mean) / std).astype(np.float32) for v in xs]
    ys = [y[p] for p in parts]
    return Splits(name, xs[0], ys[0], xs[1], ys[1], xs[2], ys[2], num_classes, description)
