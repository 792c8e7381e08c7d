"""What every plot shares: pyplot on the Agg backend (loaded lazily), saving, array checks."""

from __future__ import annotations

import os

import numpy as np

from tfcourse import validation as check


def _pyplot():
    """matplotlib.pyplot, on the Agg backend unless a notebook's inline one is active."""
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(fig, path: str | os.PathLike | None, *, dpi: int = 100):
    """Save ``fig`` as a PNG at ``path`` (if not None), cropped to what is drawn; return it."""
    if path is not None:
        os.makedirs(os.path.dirname(os.fspath(path)) or ".", exist_ok=True)
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
    return fig


def _finish(fig, path, *, tight_layout: bool = True):
    """Lay out, detach from pyplot (no open-figure build-up in loops), save, return."""
    if tight_layout:
        fig.tight_layout()
    _pyplot().close(fig)
    return save(fig, path)


def _array(name: str, value, expected: str, *, ndims, columns=None) -> np.ndarray:
    """``value`` as a non-empty float array with a rank in ``ndims`` (and ``columns`` last)."""
    array = check.float_array(name, value, finite=False).astype(float)
    if array.ndim not in ndims or array.size == 0 \
            or columns is not None and array.shape[-1] != columns:
        raise check.invalid(name, expected, received=f"{name}.shape={array.shape}")
    return array


def _grid_shape(n: int, max_cols: int) -> tuple[int, int]:
    """(rows, cols) for ``n`` panels with at most ``max_cols`` a row."""
    cols = max(1, min(max_cols, n))
    return int(np.ceil(n / cols)), cols
