"""Training pictures: the cost per step, and Keras learning curves per epoch.

Example:
    >>> fig = plot_history({"mlp": {"loss": [0.9, 0.5], "val_loss": [1.0, 0.7]}})
    >>> [ax.get_ylabel() for ax in fig.axes]
    ['loss']
"""

from __future__ import annotations

import numpy as np

from tfcourse.plots._base import _finish, _pyplot

STYLES = ["-", "--", ":", "-."]


def plot_losses(losses: dict, *, title: str = "Cost per step", logy: bool = True,
                xlabel: str = "step", ylabel: str = "cost J", path=None):
    """Overlay loss curves, one per ``label: losses`` of ``losses`` (implementations should agree).

    ``logy`` uses a logarithmic y axis; ``xlabel`` and ``ylabel`` name the axes.
    """
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6, 4))
    for i, (label, values) in enumerate(losses.items()):
        values = np.asarray(values, dtype=float)
        ax.plot(np.arange(len(values)), values, STYLES[i % 4], lw=2.5 - 0.4 * (i % 4),
                label=f"{label} (final {values[-1]:.4g})")
    if logy:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend()
    ax.grid(alpha=0.3)
    return _finish(fig, path)


def plot_history(histories: dict, *, title: str = "Learning curves", path=None):
    """Training and validation loss (and accuracy, when recorded) per epoch, a colour per run.

    ``histories`` maps a run's label to its Keras ``history.history`` dict.
    """
    plt = _pyplot()
    metrics = ["loss"] + (["accuracy"] if any("accuracy" in h for h in histories.values()) else [])
    fig, axes = plt.subplots(1, len(metrics), figsize=(5.5 * len(metrics), 4), squeeze=False)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for ax, metric in zip(axes[0], metrics):
        for i, (label, h) in enumerate(histories.items()):
            color = colors[i % len(colors)]
            for key, style, suffix in ((metric, "-", "train"), (f"val_{metric}", "--", "val")):
                if key in h:
                    values = h[key]
                    ax.plot(np.arange(1, len(values) + 1), values, style, color=color,
                            label=f"{label} ({suffix})")
        ax.set(xlabel="epoch", ylabel=metric)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    fig.suptitle(title)
    return _finish(fig, path)
