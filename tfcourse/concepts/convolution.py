"""Convolution, stride, padding and pooling, as loops you can follow ("Convolución").

A convolutional layer slides a small kernel over the image ("ventaneo") and, at each
position, takes the dot product of the kernel with the patch under it (talk 003). Two
hyper-parameters set how many positions there are:

* stride ("paso") S: how far the kernel moves each time; a larger stride gives a smaller map;
* padding ("relleno") P: rows and columns of zeros added around the image; P = (K − 1)/2
  keeps the map as large as the input.

The slide's formula for the size of the map, for an input of width W and a kernel of width K:

    (W − K + 2P) / S + 1             5×5 input, 3×3 kernel, P = 0, S = 1  →  3×3

Pooling ("muestreo") slides a window the same way but takes the maximum (max pooling,
"muestreo máximo") or the mean (average pooling) of each patch, per channel; it has no weights.

Like `tf.nn.conv2d`, `conv2d` does not flip the kernel: mathematically it is a
cross-correlation. A "true" convolution is ``conv2d(image, np.flip(kernel, (0, 1)))``;
for learned kernels the difference does not matter (the network would learn them flipped).

TensorFlow names two paddings: ``"valid"`` (no padding; the map is ⌈(W − K + 1)/S⌉ wide)
and ``"same"`` (the map is ⌈W/S⌉ wide; TF pads ``max((⌈W/S⌉ − 1)·S + K − W, 0)`` in total,
the odd one at the end). Everything here matches `tf.nn.conv2d`, `tf.nn.max_pool2d` and
`tf.nn.avg_pool2d`, including "same" average pooling, which divides by the number of real
(not padded) cells under the window. ``tests/test_concepts_convolution.py`` checks it.

Example:
    >>> import numpy as np
    >>> from tfcourse.concepts.convolution import conv2d, max_pool2d, output_size
    >>> output_size(5, 3)  # (5 − 3 + 0)/1 + 1
    3
    >>> image = np.arange(25.0).reshape(5, 5)
    >>> conv2d(image, np.ones((3, 3))).shape
    (3, 3)
    >>> max_pool2d(image, 3, strides=1).shape  # the slide: 5×5 in, 3×3 out, stride 1×1
    (3, 3)
"""

from __future__ import annotations

import math

import numpy as np

from tfcourse import validation as check

__all__ = ["PADDINGS", "avg_pool2d", "conv2d", "explain_output_size", "max_pool2d",
           "output_size", "same_padding", "tf_output_size"]

PADDINGS = ("valid", "same")


def output_size(W: int, K: int, P: int = 0, S: int = 1) -> int:
    """The slide's formula (W − K + 2P)/S + 1, rounded down as every framework does.

    When S does not divide W − K + 2P, the last (W − K + 2P) mod S rows cannot be reached by a
    window that stays inside the padded input: TensorFlow, PyTorch and Keras drop them, so the
    output is ⌊(W − K + 2P)/S⌋ + 1 wide. ResNet-50's first layer (W=224, K=7, P=3, S=2) gives
    ⌊223/2⌋ + 1 = 112. `explain_output_size` says which rows are dropped.

    Args:
        W: Input width (or height).
        K: Kernel width.
        P: Zeros added on each side. Defaults to 0.
        S: Stride. Defaults to 1.

    Returns:
        The width of the output, an ``int`` >= 1.

    Raises:
        ValueError: If a value is not a positive integer (P: non-negative), or the kernel is
            wider than the padded input.

    Example:
        >>> output_size(224, 7, 3, 2)
        112
    """
    W, S = check.positive_int("W", W), check.positive_int("S", S)
    P = check.non_negative_int("P", P)
    K = check.integer("K", K, 1, W + 2 * P, expected=f"a positive integer that fits in the "
                      f"padded input, K <= W + 2P = {W + 2 * P}")
    return (W - K + 2 * P) // S + 1


def explain_output_size(W: int, K: int, P: int = 0, S: int = 1) -> str:
    """`output_size` worked out in words, saying which rows the stride cannot reach.

    Example:
        >>> print(explain_output_size(224, 7, 3, 2))
        (224 − 7 + 2·3)/2 + 1 = 223/2 + 1 → 112: the stride leaves 1 row at the end that no window reaches; it is dropped, as in TensorFlow.
    """
    out = output_size(W, K, P, S)
    span, left = W - K + 2 * P, (W - K + 2 * P) % S
    text = f"({W} − {K} + 2·{P})/{S} + 1 = {span}/{S} + 1 → {out}"
    if not left:
        return text
    return (f"{text}: the stride leaves {left} row{'s' * (left > 1)} at the end that no window "
            f"reaches; {'it is' if left == 1 else 'they are'} dropped, as in TensorFlow.")


def tf_output_size(size: int, kernel_size: int, *, strides: int = 1,
                   padding: str = "valid") -> int:
    """The output width TensorFlow gives for ``padding="valid"`` or ``"same"``.

    Args:
        size: Input width W.
        kernel_size: Kernel (or pooling window) width K.
        strides: Stride S. Defaults to 1.
        padding: ``"valid"``: ⌈(W − K + 1)/S⌉; ``"same"``: ⌈W/S⌉. Defaults to ``"valid"``.

    Returns:
        The output width, an ``int`` >= 1.

    Raises:
        ValueError: On non-positive sizes, an unknown padding, or K > W with "valid".
    """
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


def _pads(shape, window, strides, padding, name) -> list[tuple[int, int]]:
    """Zeros (before, after) on rows and columns; checks that the window (``name``) fits."""
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
    """Both as 3-D (H, W, C_in) and 4-D (kh, kw, C_in, C_out) arrays, and whether it was grey."""
    x = check.float_array("image", image, ndims=(2, 3))
    k = check.float_array("kernel", kernel)
    grey = x.ndim == 2
    if k.ndim != (2 if grey else 4) or not grey and k.shape[2] != x.shape[2]:
        raise check.invalid("kernel", "shape (kh, kw) for a grey image (H, W), or "
                            "(kh, kw, C_in, C_out) for an image (H, W, C_in)",
                            received=f"image.shape={x.shape}, kernel.shape={k.shape}")
    if grey:
        x, k = x[:, :, None], k[:, :, None, None]  # (H, W, 1), (kh, kw, 1, 1)
    return x, k, grey


def conv2d(image, kernel, *, strides=1, padding="valid") -> np.ndarray:
    """Slide ``kernel`` over ``image``: each output is Σ (patch × kernel), like `tf.nn.conv2d`.

    Args:
        image: A grey image (H, W), or a map with channels (H, W, C_in).
        kernel: (kh, kw) for a grey image; (kh, kw, C_in, C_out) for channels.
        strides: Step between positions, an int or (rows, cols). Defaults to 1.
        padding: ``"valid"`` (none), ``"same"`` (TensorFlow's rule), or an int P of zeros on
            every side as in the slide's formula. Defaults to ``"valid"``.

    Returns:
        The feature map, (out_h, out_w) for a grey image, else (out_h, out_w, C_out).

    Raises:
        TypeError: If the arrays are not numeric.
        ValueError: If the shapes do not fit together or an argument is out of range.
    """
    x, k, grey = _image_and_kernel(image, kernel)  # (H, W, C_in), (kh, kw, C_in, C_out)
    (kh, kw), (sh, sw) = k.shape[:2], _pair("strides", strides)
    x = np.pad(x, _pads(x.shape[:2], (kh, kw), (sh, sw), padding, "kernel") + [(0, 0)])  # zeros
    out_h, out_w = (x.shape[0] - kh) // sh + 1, (x.shape[1] - kw) // sw + 1

    out = np.zeros((out_h, out_w, k.shape[3]), dtype=np.result_type(x, k))  # (.., .., C_out)
    for i in range(out_h):
        for j in range(out_w):
            patch = x[i * sh:i * sh + kh, j * sw:j * sw + kw]  # (kh, kw, C_in)
            out[i, j] = np.sum(patch[..., None] * k, axis=(0, 1, 2))  # (C_out,)
    return out[:, :, 0] if grey else out


def _pool(x, pool_size, strides, padding, reduce) -> np.ndarray:
    """Apply ``reduce`` (np.max or np.mean) to every window, channel by channel."""
    x = check.float_array("x", x, ndims=(2, 3))  # (H, W) or (H, W, C)
    ph, pw = _pair("pool_size", pool_size)
    sh, sw = (ph, pw) if strides is None else _pair("strides", strides)
    check.one_of("padding", padding, PADDINGS)
    (top, _), (left, _) = _pads(x.shape[:2], (ph, pw), (sh, sw), padding, "pool_size")
    out_h = tf_output_size(x.shape[0], ph, strides=sh, padding=padding)
    out_w = tf_output_size(x.shape[1], pw, strides=sw, padding=padding)

    out = np.zeros((out_h, out_w) + x.shape[2:], dtype=x.dtype)  # (out_h, out_w[, C])
    for i in range(out_h):
        for j in range(out_w):
            r, c = i * sh - top, j * sw - left  # the window's corner, before padding
            # the padded cells are simply left out of the window: for max pooling that is
            # padding with −inf, for average pooling it divides by the real cells only (as TF)
            window = x[max(r, 0):r + ph, max(c, 0):c + pw]  # (≤ph, ≤pw[, C])
            out[i, j] = reduce(window, axis=(0, 1))
    return out


def max_pool2d(x, pool_size=2, *, strides=None, padding="valid") -> np.ndarray:
    """The maximum of each window ("muestreo máximo"), like `tf.nn.max_pool2d`.

    Args:
        x: A map (H, W) or (H, W, C); channels are pooled separately.
        pool_size: Window size, an int or (rows, cols). Defaults to 2.
        strides: Step between windows; None means ``pool_size`` (no overlap). Defaults to None.
        padding: ``"valid"`` or ``"same"``. Defaults to ``"valid"``.

    Returns:
        The pooled map, (out_h, out_w) or (out_h, out_w, C).

    Raises:
        TypeError: If ``x`` is not numeric.
        ValueError: If an argument is out of range or the window does not fit.
    """
    return _pool(x, pool_size, strides, padding, np.max)


def avg_pool2d(x, pool_size=2, *, strides=None, padding="valid") -> np.ndarray:
    """The mean of each window, like `tf.nn.avg_pool2d`.

    With ``padding="same"``, a window hanging over the border averages only the real cells
    under it (TensorFlow's rule), so a constant image stays constant.

    Args:
        x: A map (H, W) or (H, W, C); channels are pooled separately.
        pool_size: Window size, an int or (rows, cols). Defaults to 2.
        strides: Step between windows; None means ``pool_size`` (no overlap). Defaults to None.
        padding: ``"valid"`` or ``"same"``. Defaults to ``"valid"``.

    Returns:
        The pooled map, (out_h, out_w) or (out_h, out_w, C).

    Raises:
        TypeError: If ``x`` is not numeric.
        ValueError: If an argument is out of range or the window does not fit.
    """
    return _pool(x, pool_size, strides, padding, np.mean)
