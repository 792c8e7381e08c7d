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


def plot_history(histories: dict, *, title: str = "Learning curves", path=None):
    """Training and validation loss (and accuracy, when recorded) per epoch, one colour per run.

    Args:
        histories: Mapping of a run's label to its Keras history dict
            (``{"loss": [...], "val_loss": [...], "accuracy": [...], ...}``).
        title: The figure title.
        path: Save the figure here as a PNG if given.

    Returns:
        The figure.
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
    fig.tight_layout()
    plt.close(fig)
    return save(fig, path)


def plot_images(images, titles=None, *, colors=None, cols: int = 8, title: str = "",
                path=None):
    """A grid of images with optional per-image titles.

    Args:
        images: Array (m, h, w) or (m, h, w, c); values in [0, 1] or 0–255.
        titles: Optional strings, one per image.
        colors: Optional title colours, one per image.
        cols: Images per row. Defaults to 8.
        title: The figure title.
        path: Save the figure here as a PNG if given.

    Returns:
        The figure.
    """
    plt = _pyplot()
    images = np.asarray(images, dtype=float)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]  # (m, h, w)
    if images.max() > 1.0:
        images = images / 255.0
    cols = min(cols, len(images))
    rows = int(np.ceil(len(images) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(1.4 * cols, 1.6 * rows), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    for i, (ax, img) in enumerate(zip(axes.ravel(), images)):
        ax.imshow(np.clip(img, 0, 1), cmap="gray" if img.ndim == 2 else None, vmin=0, vmax=1)
        if titles is not None:
            ax.set_title(titles[i], fontsize=8, color=colors[i] if colors else "black")
    fig.suptitle(title)
    fig.tight_layout()
    plt.close(fig)
    return save(fig, path)


def plot_predictions(images, y_true, y_pred, *, class_names=None, n: int = 16,
                     title: str = "Predictions", path=None):
    """A grid of sample images titled "true→predicted" (red when wrong).

    Args:
        images: Array (m, h, w) or (m, h, w, c); values in [0, 1] or 0–255.
        y_true: True labels, shape (m,).
        y_pred: Predicted labels, shape (m,).
        class_names: Optional names indexed by label.
        n: How many samples to show (the first ``n``). Defaults to 16.
        title: The figure title.
        path: Save the figure here as a PNG if given.

    Returns:
        The figure.
    """
    name = (lambda i: str(class_names[i])) if class_names is not None else str
    pairs = list(zip(np.asarray(y_true)[:n], np.asarray(y_pred)[:n]))
    return plot_images(np.asarray(images)[:len(pairs)],
                       [f"{name(int(t))}→{name(int(p))}" for t, p in pairs],
                       colors=["black" if t == p else "red" for t, p in pairs], title=title,
                       path=path)
