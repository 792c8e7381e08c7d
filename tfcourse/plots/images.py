"""Image grids: samples from a dataset, and predictions titled "true→predicted".

Example:
    >>> import numpy as np
    >>> [ax.get_title() for ax in plot_predictions(np.zeros((2, 8, 8)), [1, 2], [1, 0]).axes]
    ['1→1', '2→0']
"""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.plots._base import _array, _finish, _grid_shape, _pyplot


def plot_images(images, titles=None, *, colors=None, cols: int = 8, title: str = "",
                path=None):
    """A grid of images (m, h, w[, c]), values in [0, 1] or 0–255, ``cols`` a row.

    ``titles`` and ``colors`` give each image a title and its colour.
    """
    images = _array("images", images, "images (m, h, w) or (m, h, w, c)", ndims=(3, 4))
    rows, cols = _grid_shape(len(images), check.positive_int("cols", cols))
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]  # (m, h, w)
    if images.max() > 1.0:
        images = images / 255.0
    plt = _pyplot()
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
    """The first ``n`` images titled "true→predicted", in red when wrong.

    ``class_names`` turns the labels ``y_true`` and ``y_pred`` (m,) into names.
    """
    name = (lambda i: str(class_names[i])) if class_names is not None else str
    pairs = list(zip(np.asarray(y_true)[:n], np.asarray(y_pred)[:n]))
    return plot_images(np.asarray(images)[:len(pairs)],
                       [f"{name(int(t))}→{name(int(p))}" for t, p in pairs],
                       colors=["black" if t == p else "red" for t, p in pairs], title=title,
                       path=path)
