"""Classic 3×3 kernels on a real photo and a handwritten digit ("Kernel", talk 003).

`apply_kernel` computes what `convolution.conv2d` does, all patches at once (a photo has ~10⁵).

Example:
    >>> apply_kernel(sample_photo(), KERNELS["laplacian"]).shape  # china.jpg, grey, halved
    (213, 320)
"""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.concepts.convolution import PADDINGS, pad_widths

__all__ = ["GRAY_WEIGHTS", "KERNELS", "PHOTOS", "SPANISH_NAMES", "apply_kernel",
           "edge_magnitude", "sample_digit", "sample_photo", "shrink", "to_gray"]


def _frozen(rows, scale: float = 1.0) -> np.ndarray:
    """A read-only float64 kernel."""
    k = np.array(rows, dtype=np.float64) * scale
    k.setflags(write=False)  # a shared table: nobody edits it by accident
    return k


# every kernel is 3×3 and, being applied by cross-correlation (as in TF), is read as drawn
KERNELS: dict[str, np.ndarray] = {
    "identity": _frozen([[0, 0, 0], [0, 1, 0], [0, 0, 0]]),  # changes nothing
    "laplacian": _frozen([[0, 1, 0], [1, -4, 1], [0, 1, 0]]),  # 0 on flat areas: edges only
    "box_blur": _frozen(np.ones((3, 3)), 1 / 9),  # the mean of the 3×3 neighbourhood
    # weights sum to 1 so brightness is kept; the transcript of talk 003 shows 1/16 in all
    # nine cells (they would sum to 9/16 and darken), which is this kernel with its 1 2 1 lost
    "gaussian_blur": _frozen([[1, 2, 1], [2, 4, 2], [1, 2, 1]], 1 / 16),
    "sharpen": _frozen([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]),  # identity + (−laplacian)
    "sobel_x": _frozen([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]]),  # > 0 where it gets brighter →
    "sobel_y": _frozen([[-1, -2, -1], [0, 0, 0], [1, 2, 1]]),  # > 0 where it gets brighter ↓
}

# the names a slide in Spanish would use, for plot titles
SPANISH_NAMES = {
    "identity": "Identidad", "laplacian": "Laplaciano", "box_blur": "Desenfoque",
    "gaussian_blur": "Desenfoque gaussiano", "sharpen": "Enfoque",
    "sobel_x": "Bordes verticales (Sobel x)", "sobel_y": "Bordes horizontales (Sobel y)",
}

PHOTOS = ("china.jpg", "flower.jpg")  # the two pictures bundled with scikit-learn
GRAY_WEIGHTS = np.array([0.2989, 0.5870, 0.1140])  # ITU-R 601 luma, as tf.image uses


def to_gray(rgb) -> np.ndarray:
    """Colour (H, W, 3) to grey (H, W) with `tf.image.rgb_to_grayscale`'s weights."""
    rgb = check.float_array("rgb", rgb, ndims=(3,))
    if rgb.shape[2] != 3:
        raise check.invalid("rgb", "an image (H, W, 3) with channels R, G, B",
                            received=f"rgb.shape={rgb.shape}")
    return rgb @ GRAY_WEIGHTS.astype(rgb.dtype)  # (H, W)


def shrink(image, factor: int) -> np.ndarray:
    """Average ``factor × factor`` blocks: `avg_pool2d(image, factor)` without the loops."""
    x = check.float_array("image", image, ndims=(2, 3))
    f = check.integer("factor", factor, 1, min(x.shape[:2]))
    h, w = x.shape[0] // f, x.shape[1] // f  # whole blocks only
    blocks = x[:h * f, :w * f].reshape((h, f, w, f) + x.shape[2:])  # (h, f, w, f[, C])
    return blocks.mean(axis=(1, 3))  # (h, w[, C])


def sample_photo(name: str = "china.jpg", *, gray: bool = True, factor: int = 2) -> np.ndarray:
    """A photo that ships with scikit-learn (no download), as floats in [0, 1].

    Args:
        name: ``"china.jpg"`` or ``"flower.jpg"``, both 427×640. Defaults to ``"china.jpg"``.
        gray: Grey (H, W) rather than colour (H, W, 3). Defaults to True.
        factor: Shrink by this factor (block means); 1 keeps the full size. Defaults to 2.
    """
    check.one_of("name", name, PHOTOS)
    gray, factor = check.flag("gray", gray), check.positive_int("factor", factor)
    from sklearn.datasets import load_sample_image  # scikit-learn is slow to import

    photo = load_sample_image(name) / 255.0  # (427, 640, 3), uint8 → [0, 1]
    return shrink(to_gray(photo) if gray else photo, factor)


def sample_digit(index: int = 0) -> np.ndarray:
    """Training digit ``index`` (0 to 1256) of `tfcourse.data.load_digits(size=28)`, (28, 28)."""
    from tfcourse.data.bundled import load_digits

    x = load_digits(size=28).x_train  # (1257, 28, 28, 1)
    return x[check.integer("index", index, 0, len(x) - 1), :, :, 0]


def apply_kernel(image, kernel, *, padding: str = "same") -> np.ndarray:
    """Slide a 2-D ``kernel`` over ``image`` (H, W) or (H, W, C), stride 1: `conv2d` at once.

    ``padding="same"`` (the default) keeps the size; ``"valid"`` adds no zeros. Channels are
    filtered separately.
    """
    x = check.float_array("image", image, ndims=(2, 3))
    k = check.float_array("kernel", kernel, ndims=(2,))
    check.one_of("padding", padding, PADDINGS)
    if x.ndim == 3:  # one channel at a time, with the same kernel
        return np.stack([apply_kernel(x[:, :, c], k, padding=padding)
                         for c in range(x.shape[2])], axis=-1)
    x = np.pad(x, pad_widths(x.shape, k.shape, (1, 1), padding))  # (H + pads, W + pads)
    patches = np.lib.stride_tricks.sliding_window_view(x, k.shape)  # (out_h, out_w, kh, kw)
    return np.einsum("ijkl,kl->ij", patches, k)  # Σ patch × kernel at every position


def edge_magnitude(image) -> np.ndarray:
    """How strong the edge is at each pixel: √(sobel_x² + sobel_y²), shape of ``image``."""
    gx = apply_kernel(image, KERNELS["sobel_x"])
    gy = apply_kernel(image, KERNELS["sobel_y"])
    return np.hypot(gx, gy)
