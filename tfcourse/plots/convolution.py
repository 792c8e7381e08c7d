"""Convolution pictures: hand-made kernels and what they do, and the filters a layer learned.

Example:
    >>> import numpy as np
    >>> len(plot_filters(np.ones((3, 3, 1, 4))).axes)  # four filters and a colour bar
    5
"""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.plots._base import _array, _finish, _grid_shape, _pyplot

KERNEL = "a conv kernel of shape (kh, kw, in_channels, out_channels), e.g. a Conv2D's .kernel"
IMAGE = "an image (H, W), (H, W, 1) or (H, W, 3)"


def _image(name: str, value) -> np.ndarray:
    """An image (H, W) or (H, W, 3); a single channel (H, W, 1) loses its last axis."""
    image = _array(name, value, IMAGE, ndims=(2, 3))
    if image.ndim == 3 and image.shape[-1] not in (1, 3):
        raise check.invalid(name, IMAGE, received=f"{name}.shape={image.shape}")
    return image[..., 0] if image.ndim == 3 and image.shape[-1] == 1 else image  # (H, W[, 3])


def _annotate(ax, matrix: np.ndarray, scale: float) -> None:
    """Write each value of ``matrix`` in its cell."""
    for (i, j), v in np.ndenumerate(matrix):
        ax.text(j, i, f"{v:.2g}", ha="center", va="center", fontsize=8,
                color="white" if abs(v) > 0.6 * scale else "black")


def plot_kernels(image, kernels: dict, filtered: dict, *,
                 title: str = "Kernels de convolución — convolution kernels", path=None):
    """The original image, then for each kernel its weights (written in up to 7×7) and result.

    Args:
        image: The original, (H, W), (H, W, 1) or (H, W, 3).
        kernels: A name → 2-D kernel mapping.
        filtered: The same names → filtered images (H, W) or (H, W, 1).
    """
    image = _image("image", image)
    if not isinstance(kernels, dict) or not kernels:
        raise check.invalid("kernels", "a non-empty mapping of names to 2-D kernels", kernels)
    missing = [name for name in kernels if name not in filtered]
    if missing:
        raise check.invalid("filtered", f"a filtered image for every kernel, keys "
                            f"{list(kernels)}", received=f"no entry for {missing}")
    kernels = {n: _array(f"kernels[{n!r}]", k, "a 2-D kernel", ndims=(2,))
               for n, k in kernels.items()}
    outputs = {n: _image(f"filtered[{n!r}]", filtered[n]) for n in kernels}

    plt = _pyplot()
    cols = 1 + len(kernels)
    fig, axes = plt.subplots(2, cols, figsize=(2.6 * cols, 5.4), squeeze=False)
    axes[0, 0].imshow(image, cmap="gray" if image.ndim == 2 else None)
    axes[0, 0].set_title(f"original {image.shape[0]}×{image.shape[1]}", fontsize=9)
    axes[1, 0].remove()
    for j, name in enumerate(kernels, start=1):
        k = kernels[name]  # (kh, kw)
        scale = float(np.abs(k).max()) or 1.0
        axes[0, j].imshow(k, cmap="RdBu_r", vmin=-scale, vmax=scale)  # white is 0
        if max(k.shape) <= 7:
            _annotate(axes[0, j], k, scale)
        axes[0, j].set_title(f"{name} {k.shape[0]}×{k.shape[1]}", fontsize=9)
        out = outputs[name]  # (h, w)
        axes[1, j].imshow(out, cmap="gray" if out.ndim == 2 else None)
        axes[1, j].set_title(f"{name}: [{out.min():.2g}, {out.max():.2g}]", fontsize=9)
    for ax in fig.axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle(title)
    return _finish(fig, path)


def plot_filters(weights, *, in_channel: int | None = None, cols: int = 8,
                 title: str = "Filtros aprendidos — learned filters", path=None):
    """Every output filter of a convolution layer as a small image.

    Filters over three input channels are drawn in colour; otherwise one input channel, or
    their mean, on one red-white-blue scale shared by all filters, so strengths compare.

    Args:
        weights: The kernel (kh, kw, in_channels, out_channels), e.g. a ``Conv2D``'s ``kernel``.
        in_channel: Draw only this input channel; None for colour or the mean.
        cols: Filters per row. Defaults to 8.
    """
    w = _array("weights", weights, KERNEL, ndims=(4,))  # (kh, kw, in, out)
    kh, kw, c_in, c_out = w.shape
    in_channel = check.integer("in_channel", in_channel, 0, c_in - 1, allow_none=True,
                               expected=f"an input channel from 0 to {c_in - 1}")
    rgb = c_in == 3 and in_channel is None
    if rgb:
        low = w.min(axis=(0, 1, 2), keepdims=True)  # (1, 1, 1, out): each filter on its own
        span = np.maximum(w.max(axis=(0, 1, 2), keepdims=True) - low, 1e-12)
        shown, how = (w - low) / span, "RGB, each rescaled to [0, 1]"
    elif in_channel is not None or c_in == 1:
        c = in_channel or 0
        shown, how = w[:, :, c, :], f"input channel {c} of {c_in}"  # (kh, kw, out)
    else:
        shown, how = w.mean(axis=2), f"mean over {c_in} input channels"  # (kh, kw, out)
    scale = float(np.abs(shown).max()) or 1.0

    plt = _pyplot()
    rows, cols = _grid_shape(c_out, cols)
    fig, axes = plt.subplots(rows, cols, figsize=(1.2 * cols + 1.0, 1.45 * rows + 0.6),
                             squeeze=False)
    image = None
    for i, ax in enumerate(axes.ravel()):
        ax.axis("off")
        if i < c_out:
            if rgb:
                ax.imshow(shown[..., i])  # (kh, kw, 3)
            else:
                image = ax.imshow(shown[..., i], cmap="RdBu_r", vmin=-scale, vmax=scale)
            ax.set_title(f"#{i}", fontsize=7)
    fig.suptitle(f"{title}\n{c_out} filters {kh}×{kw}, {how}", fontsize=10)
    fig.tight_layout()
    if image is not None:  # after the layout, so the bar takes room from the whole grid
        fig.colorbar(image, ax=axes.ravel().tolist(), shrink=0.8, label="weight")
    return _finish(fig, path, tight_layout=False)
