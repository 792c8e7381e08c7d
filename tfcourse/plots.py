"""Every picture the lessons leave behind (matplotlib, non-interactive, imported lazily).

Each function returns the `matplotlib.figure.Figure` and, given ``path``, also saves it as a PNG
(creating the folder). Importing this module does not import matplotlib; the first plot does,
with the non-interactive ``Agg`` backend so demos run on servers and in CI.

Example:
    >>> from tfcourse import plots
    >>> fig = plots.plot_losses({"numpy": [3.0, 2.0, 1.5]})
    >>> fig.axes[0].get_ylabel()
    'cost J'
"""

from __future__ import annotations

import os

import numpy as np


def _pyplot():
    import matplotlib

    if matplotlib.get_backend().lower() not in ("agg", "module://matplotlib_inline.backend_inline"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save(fig, path: str | os.PathLike | None, *, dpi: int = 100):
    """Save ``fig`` as ``path`` (PNG), creating parent folders; return the figure.

    Args:
        fig: A matplotlib figure.
        path: Where to write it; nothing is written if None.
        dpi: Resolution. Defaults to 100.

    Returns:
        ``fig``, so calls can be chained.
    """
    if path is not None:
        os.makedirs(os.path.dirname(os.fspath(path)) or ".", exist_ok=True)
        fig.savefig(path, dpi=dpi, bbox_inches="tight")
    return fig


def plot_losses(losses: dict, *, title: str = "Cost per step", logy: bool = True,
                path=None):
    """Overlay loss curves, one per implementation (they should lie on top of each other).

    Args:
        losses: Mapping of a label to a sequence of per-step losses.
        title: The figure title. Defaults to "Cost per step".
        logy: Logarithmic y axis. Defaults to True.
        path: Save the figure here as a PNG if given.

    Returns:
        The figure.
    """
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    styles = ["-", "--", ":", "-."]
    for i, (label, values) in enumerate(losses.items()):
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(len(values)), values, styles[i % 4], lw=2.5 - 0.4 * (i % 4),
                label=f"{label} (final {values[-1]:.4g})")
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel="step", ylabel="cost J", title=title)
    ax.legend()
    ax.grid(alpha=0.3)
    fig.tight_layout()
    plt.close(fig)
    return save(fig, path)


def plot_regression_line(x, y, lines: dict, *, title: str = "Fitted line", xlabel: str = "x",
                         ylabel: str = "y", path=None):
    """Scatter 1-D data and draw fitted lines y = θ0 + θ1·x over it.

    Args:
        x: Inputs, shape (m,).
        y: Targets, shape (m,).
        lines: Mapping of a label to ``(theta0, theta1)``.
        title: The figure title.
        xlabel: Label of the x axis.
        ylabel: Label of the y axis.
        path: Save the figure here as a PNG if given.

    Returns:
        The figure.
    """
    plt = _pyplot()
    x, y = np.asarray(x, dtype=float).reshape(-1), np.asarray(y, dtype=float).reshape(-1)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(x, y, s=12, alpha=0.6, label="data")
    grid = np.linspace(x.min(), x.max(), 50)
    styles = ["-", "--", ":", "-."]
    for i, (label, (theta0, theta1)) in enumerate(lines.items()):
        ax.plot(grid, theta0 + theta1 * grid, styles[i % 4], lw=2,
                label=f"{label}: y = {theta0:.3f} + {theta1:.3f}·x")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    plt.close(fig)
    return save(fig, path)
