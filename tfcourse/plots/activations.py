"""Activation functions beside their derivatives: why sigmoid gradients vanish and ReLU's don't.

Example:
    >>> import numpy as np
    >>> fig = plot_activations({"tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2)})
    >>> [ax.get_title() for ax in fig.axes]
    ['tanh']
"""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.plots._base import _array, _finish, _grid_shape, _pyplot

PAIR = "a mapping of names to pairs (f, df) of NumPy functions, df may be None"


def _curve(name: str, fn, x: np.ndarray) -> np.ndarray:
    """``fn(x)`` as floats, which must keep the shape of ``x``."""
    values = np.asarray(fn(x), dtype=float)
    if values.shape != x.shape:
        raise check.invalid("activations", f"functions that map x of shape {x.shape} to the "
                            "same shape", received=f"{name} returned shape {values.shape}")
    return values


def plot_activations(activations: dict, *, x=None,
                     title: str = "Funciones de activación — activation functions", path=None):
    """One panel per activation: f(x) solid and its derivative f'(x) dashed.

    Args:
        activations: A name → ``(f, df)`` mapping of NumPy functions (``df`` may be None).
        x: The inputs to draw them over, (n,). Defaults to ``np.linspace(-5, 5, 401)``.
    """
    ok = isinstance(activations, dict) and activations and all(
        isinstance(v, (tuple, list)) and len(v) == 2 and callable(v[0])
        and (v[1] is None or callable(v[1])) for v in activations.values())
    if not ok:
        raise check.invalid("activations", PAIR, activations)
    x = np.linspace(-5.0, 5.0, 401) if x is None else _array("x", x, "a 1-D array", ndims=(1,))

    plt = _pyplot()
    rows, cols = _grid_shape(len(activations), 4)
    fig, axes = plt.subplots(rows, cols, figsize=(3.2 * cols, 2.8 * rows), squeeze=False)
    for ax in axes.ravel()[len(activations):]:
        ax.remove()  # an incomplete last row leaves no empty frames
    for ax, (name, (f, df)) in zip(axes.ravel(), activations.items()):
        ax.axhline(0, color="gray", lw=0.6)
        ax.axvline(0, color="gray", lw=0.6)
        ax.plot(x, _curve(name, f, x), "-", lw=2, label=f"{name}(x)")
        if df is not None:
            ax.plot(x, _curve(f"{name}'", df, x), "--", lw=1.5, label=f"{name}'(x)")
        ax.set_title(str(name))
        ax.set_xlabel("x")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=7)
    fig.suptitle(title)
    return _finish(fig, path)
