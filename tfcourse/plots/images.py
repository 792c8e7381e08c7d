"""Image grids: samples from a dataset, and predictions titled "true→predicted".

Example:
    >>> import numpy as np
    >>> from tfcourse.plots import plot_predictions
    >>> fig = plot_predictions(np.zeros((3, 8, 8)), [1, 2, 3], [1, 2, 0])
    >>> [ax.get_title() for ax in fig.axes]
    ['1→1', '2→2', '3→0']
"""

from __future__ import annotations

import numpy as np

from tfcourse.plots._base import _finish, _pyplot


def plot_images(images, titles=None, *, colors=None, cols: int = 8, title: str = "",
                path=None):
    """A grid of images with optional per-image titles.

    Args:
        images: Array (m, h, w) or (m, h, w, c); values in [0, 1] or 0–255.
        titles: Optional strings, one per image.
        colors: Optional title colours, one per image.
        cols: Images per row. Defaults to 8.
        title: The figure title. Defaults to "".
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
    return _finish(fig, path)


def plot_predictions(images, y_true, y_pred, *, class_names=None, n: int = 16,
                     title: str = "Predictions", path=None):
    """A grid of sample images titled "true→predicted" (red when wrong).

    Args:
        images: Array (m, h, w) or (m, h, w, c); values in [0, 1] or 0–255.
        y_true: True labels, shape (m,).
        y_pred: Predicted labels, shape (m,).
        class_names: Optional names indexed by label.
        n: How many samples to show (the first ``n``). Defaults to 16.
        title: The figure title. Defaults to "Predictions".
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
