"""Convolution, padding, stride and pooling as loops you can follow ("Convolución", talk 003).

`conv2d`, `max_pool2d` and `avg_pool2d` take Keras's argument names and give `tf.nn`'s numbers;
`output_size` is the slide's (W − K + 2P)/S + 1.

Example:
    >>> image = np.arange(25.0).reshape(5, 5)
    >>> conv2d(image, np.ones((3, 3))).shape, max_pool2d(image, 3, strides=1).shape
    ((3, 3), (3, 3))
"""

from __future__ import annotations

import math

import numpy as np

from tfcourse import validation as check

__all__ = ["PADDINGS", "avg_pool2d", "conv2d", "explain_output_size", "max_pool2d",
           "output_size", "pad_widths", "same_padding", "tf_output_size"]

PADDINGS = ("valid", "same")


def output_size(W: int, K: int, P: int = 0, S: int = 1) -> int:
    """The slide's (W − K + 2P)/S + 1 for width W, kernel K, P zeros a side, stride S.

    Rows the stride cannot reach are dropped, as in every framework (`explain_output_size`).

    Example:
        >>> output_size(224, 7, 3, 2)  # ResNet-50's first layer: ⌊223/2⌋ + 1
        112
    """
    W, S = check.positive_int("W", W), check.positive_int("S", S)
    P = check.non_negative_int("P", P)
    K = check.integer("K", K, 1, W + 2 * P, expected=f"a positive integer that fits in the "
                      f"padded input, K <= W + 2P = {W + 2 * P}")
    return (W - K + 2 * P) // S + 1


def explain_output_size(W: int, K: int, P: int = 0, S: int = 1) -> str:
    """`output_size` worked out in words, saying which rows the stride cannot reach."""
    out = output_size(W, K, P, S)
    span, left = W - K + 2 * P, (W - K + 2 * P) % S
    text = f"({W} − {K} + 2·{P})/{S} + 1 = {span}/{S} + 1 → {out}"
    if not left:
        return text
    return (f"{text}: the stride leaves {left} row{'s' * (left > 1)} at the end that no window "
            f"reaches; {'it is' if left == 1 else 'they are'} dropped, as in TensorFlow.")


def tf_output_size(size: int, kernel_size: int, *, strides: int = 1,
                   padding: str = "valid") -> int:
    """The output width TensorFlow gives: ⌈(W − K + 1)/S⌉ for ``"valid"``, ⌈W/S⌉ for ``"same"``."""
    size = check.positive_int("size", size)
    kernel_size = check.positive_int("kernel_size", kernel_size)
    strides = check.positive_int("strides", strides)
    if check.one_of("padding", padding, PADDINGS) == "same":
        return math.ceil(size / strides)
    if kernel_size > size:
        raise check.invalid("kernel_size", f"a kernel that fits in the input (size={size}) with "
                            "padding='valid'", kernel_size)
    return (size - kernel_size) // strides + 1


def same_padding(size: int, kernel_size: int, strides: int = 1) -> tuple[int, int]:
    """TensorFlow's "same" padding: (zeros before, zeros after), the odd one after."""
    out = tf_output_size(size, kernel_size, strides=strides, padding="same")
    total = max((out - 1) * strides + kernel_size - size, 0)
    return total // 2, total - total // 2


def _pair(name: str, value) -> tuple[int, int]:
    """An int or a pair of ints as (rows, cols)."""
    pair = (value, value) if check.is_int(value) else value
    if not isinstance(pair, (tuple, list)) or len(pair) != 2 \
            or not all(check.is_int(v) and v >= 1 for v in pair):
        raise check.invalid(name, "a positive integer or a pair of them", value)
    return int(pair[0]), int(pair[1])


def pad_widths(shape, window, strides, padding, name: str = "kernel") -> list[tuple[int, int]]:
    """The zeros (before, after) ``padding`` adds to each axis of ``shape``; the window must fit."""
    if not (check.is_int(padding) and padding >= 0
            or isinstance(padding, str) and padding in PADDINGS):
        raise check.invalid("padding", "'valid', 'same' or a non-negative integer", padding)
    pads = ([(int(padding), int(padding))] * 2 if check.is_int(padding)
            else [same_padding(n, k, s) for n, k, s in zip(shape, window, strides)]
            if padding == "same" else [(0, 0)] * 2)
    if any(k > n + a + b for n, k, (a, b) in zip(shape, window, pads)):
        raise check.invalid(name, f"a window that fits in the input {tuple(shape)} with "
                            f"padding={padding!r}", received=f"{name} of size {tuple(window)}")
    return pads


def _image_and_kernel(image, kernel):
    """(H, W, C_in) and (kh, kw, C_in, C_out) arrays, and whether the image was grey."""
    x = check.float_array("image", image, ndims=(2, 3))
    k = check.float_array("kernel", kernel)
    grey = x.ndim == 2
    if k.ndim != (2 if grey else 4) or not grey and k.shape[2] != x.shape[2]:
        raise check.invalid("kernel", "shape (kh, kw) for a grey image (H, W), or "
                            "(kh, kw, C_in, C_out) for an image (H, W, C_in), same C_in",
                            received=f"image.shape={x.shape}, kernel.shape={k.shape}")
    if grey:
        x, k = x[:, :, None], k[:, :, None, None]  # (H, W, 1), (kh, kw, 1, 1)
    return x, k, grey


def conv2d(image, kernel, *, strides=1, padding="valid") -> np.ndarray:
    """Slide ``kernel`` over ``image``, each output Σ (patch × kernel), like `tf.nn.conv2d`.

    Args:
        image: A grey image (H, W), or (H, W, C_in).
        kernel: (kh, kw) for a grey image, else (kh, kw, C_in, C_out).
        strides: Step between positions, an int or (rows, cols). Defaults to 1.
        padding: ``"valid"``, ``"same"`` (TensorFlow's rule), or P zeros on every side.
            Defaults to ``"valid"``.

    Returns:
        The feature map, (out_h, out_w) for a grey image, else (out_h, out_w, C_out).
    """
    x, k, grey = _image_and_kernel(image, kernel)  # (H, W, C_in), (kh, kw, C_in, C_out)
    (kh, kw), (sh, sw) = k.shape[:2], _pair("strides", strides)
    x = np.pad(x, pad_widths(x.shape[:2], (kh, kw), (sh, sw), padding) + [(0, 0)])  # zeros
    out_h, out_w = (x.shape[0] - kh) // sh + 1, (x.shape[1] - kw) // sw + 1

    out = np.zeros((out_h, out_w, k.shape[3]), dtype=np.result_type(x, k))  # (.., .., C_out)
    for i in range(out_h):
        for j in range(out_w):
            patch = x[i * sh:i * sh + kh, j * sw:j * sw + kw]  # (kh, kw, C_in)
            # (C_out,); the kernel is not flipped: a cross-correlation, as in TensorFlow
            out[i, j] = np.sum(patch[..., None] * k, axis=(0, 1, 2))
    return out[:, :, 0] if grey else out


def _pool(x, pool_size, strides, padding, reduce) -> np.ndarray:
    """Apply ``reduce`` (np.max or np.mean) to every window, channel by channel."""
    x = check.float_array("x", x, ndims=(2, 3))  # (H, W) or (H, W, C)
    ph, pw = _pair("pool_size", pool_size)
    sh, sw = (ph, pw) if strides is None else _pair("strides", strides)
    check.one_of("padding", padding, PADDINGS)
    (top, _), (left, _) = pad_widths(x.shape[:2], (ph, pw), (sh, sw), padding, "pool_size")
    out_h = tf_output_size(x.shape[0], ph, strides=sh, padding=padding)
    out_w = tf_output_size(x.shape[1], pw, strides=sw, padding=padding)

    out = np.zeros((out_h, out_w) + x.shape[2:], dtype=x.dtype)  # (out_h, out_w[, C])
    for i in range(out_h):
        for j in range(out_w):
            r, c = i * sh - top, j * sw - left  # the window's corner, before padding
            # padded cells are left out: for max that is padding with −inf, and average
            # pooling divides by the real cells only, as TensorFlow does
            window = x[max(r, 0):r + ph, max(c, 0):c + pw]  # (≤ph, ≤pw[, C])
            out[i, j] = reduce(window, axis=(0, 1))
    return out


def max_pool2d(x, pool_size=2, *, strides=None, padding="valid") -> np.ndarray:
    """The maximum of each window ("muestreo máximo"), like `keras.layers.MaxPooling2D`.

    Args:
        x: A map (H, W) or (H, W, C); channels are pooled separately.
        pool_size: Window size, an int or (rows, cols). Defaults to 2.
        strides: Step between windows, an int or a pair; None means ``pool_size``.
        padding: ``"valid"`` or ``"same"``. Defaults to ``"valid"``.
    """
    return _pool(x, pool_size, strides, padding, np.max)


def avg_pool2d(x, pool_size=2, *, strides=None, padding="valid") -> np.ndarray:
    """The mean of each window, like `keras.layers.AveragePooling2D`; arguments as `max_pool2d`."""
    return _pool(x, pool_size, strides, padding, np.mean)
