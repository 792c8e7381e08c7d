"""Convolutional networks: LeNet-5 (1998) beside a small modern CNN.

LeNet-5 is the classic: two 5×5 convolutions with pooling, then three dense layers; most of
its 61,706 parameters sit in the first dense layer. The modern CNN stacks 3×3 convolutions
with batch norm, and swaps that big dense layer for global average pooling, so its size
depends on the filters, not on the image size.

Example:
    >>> from tfcourse.models import build_cnn, build_lenet
    >>> build_lenet().count_params()
    61706
    >>> build_cnn((28, 28, 1), 10).output_shape
    (None, 10)
"""

from __future__ import annotations

import keras

from tfcourse import validation as check
from tfcourse.models.augment import augment_from_option

IMAGE = "(height, width, channels)"


def _check_image_size(input_shape, minimum: int, why: str) -> None:
    if min(input_shape[:2]) < minimum:
        raise check.invalid("input_shape", f"an image of at least {minimum}×{minimum} pixels "
                            f"({why})", input_shape)


def build_lenet(input_shape=(28, 28, 1), num_classes=10, *, activation="relu",
                classifier_activation="softmax") -> keras.Model:
    """LeNet-5 (LeCun et al., 1998) with max pooling and a choice of activation (uncompiled).

    conv 6@5×5 (same) → pool 2×2 → conv 16@5×5 (valid) → pool 2×2 → dense 120 → dense 84 →
    dense ``num_classes``. On 28×28×1 images with 10 classes it has 61,706 parameters.

    Args:
        input_shape: Image shape ``(height, width, channels)``, at least 12×12.
            Defaults to ``(28, 28, 1)``.
        num_classes: Number of classes, at least 2. Defaults to 10.
        activation: Activation of the convolutions and hidden dense layers; the 1998 original
            used ``"tanh"``. Defaults to ``"relu"``.
        classifier_activation: ``"softmax"`` for probabilities, or None for logits (compile
            with ``from_logits=True``). Defaults to ``"softmax"``.

    Returns:
        An uncompiled `keras.Model` named ``"lenet5"`` mapping ``(B, H, W, C)`` to
        ``(B, num_classes)``.

    Raises:
        ValueError: If an argument is invalid or the images are smaller than 12×12.

    Example:
        >>> model = build_lenet((32, 32, 3), 10)
        >>> model.get_layer("flatten").output.shape  # 32 → 16 → 12 → 6
        (None, 576)
    """
    input_shape = check.input_shape(input_shape, layout=IMAGE, ranks=(3,))
    # 12 → pool 6 → 5×5 valid conv 2 → pool 1: the smallest image that leaves a pixel
    _check_image_size(input_shape, 12, "LeNet-5 has two 5×5 convolutions and two 2×2 poolings")
    num_classes = check.integer("num_classes", num_classes, 2)
    check.activation("activation", activation)
    check.activation("classifier_activation", classifier_activation, allow_none=True)

    Conv, Pool, Dense = keras.layers.Conv2D, keras.layers.MaxPooling2D, keras.layers.Dense
    inputs = keras.Input(shape=input_shape, name="image")  # (B, 28, 28, 1)
    x = Conv(6, 5, padding="same", activation=activation, name="conv1")(inputs)  # (B, 28, 28, 6)
    x = Pool(2, name="pool1")(x)  # (B, 14, 14, 6)
    x = Conv(16, 5, activation=activation, name="conv2")(x)  # (B, 10, 10, 16)
    x = Pool(2, name="pool2")(x)  # (B, 5, 5, 16)
    x = keras.layers.Flatten(name="flatten")(x)  # (B, 400)
    x = Dense(120, activation=activation, name="fc1")(x)  # (B, 120)
    x = Dense(84, activation=activation, name="fc2")(x)  # (B, 84)
    outputs = Dense(num_classes, activation=classifier_activation,
                    name="predictions", dtype="float32")(x)  # (B, 10)
    return keras.Model(inputs, outputs, name="lenet5")


def build_cnn(input_shape, num_classes, *, filters=(32, 64), dropout=0.5, batch_norm=True,
              augment=False, classifier_activation="softmax") -> keras.Model:
    """A small modern CNN: blocks of two 3×3 convolutions, then global average pooling.

    Each entry of ``filters`` adds a block: conv 3×3 → batch norm → ReLU → conv 3×3 → batch
    norm → ReLU → max pool 2×2, halving height and width. Then global average pooling →
    dropout → dense ``num_classes``. There is no Rescaling layer: feed pixels in [0, 1], as
    `tfcourse.data` returns them.

    Args:
        input_shape: Image shape ``(height, width, channels)``, at least ``2**len(filters)``
            pixels on each side.
        num_classes: Number of classes, at least 2.
        filters: Number of filters of each block, first to last. Defaults to ``(32, 64)``.
        dropout: Dropout rate before the classifier, in [0, 1); 0 adds no Dropout layer.
            Defaults to 0.5.
        batch_norm: Put batch norm (synchronized across replicas) after each convolution,
            which then needs no bias. Defaults to True.
        augment: Random transforms at the input (see `augment_from_option`): False or None
            for none, True for the defaults, or a dict of options; for digits
            ``{"flip": None}``. Defaults to False.
        classifier_activation: ``"softmax"`` for probabilities, or None for logits (compile
            with ``from_logits=True``). Defaults to ``"softmax"``.

    Returns:
        An uncompiled `keras.Model` named ``"cnn"`` mapping ``(B, H, W, C)`` to
        ``(B, num_classes)``.

    Raises:
        ValueError: If an argument is invalid or the images are too small for the blocks.

    Example:
        >>> model = build_cnn((28, 28, 1), 10, augment={"flip": None})
        >>> [layer.name for layer in model.layers][:3]
        ['image', 'augment', 'block1_conv1']
    """
    input_shape = check.input_shape(input_shape, layout=IMAGE, ranks=(3,))
    num_classes = check.integer("num_classes", num_classes, 2)
    filters = check.positive_ints("filters", filters)
    _check_image_size(input_shape, 2 ** len(filters),
                      f"{len(filters)} block(s), each halving height and width")
    dropout = check.fraction("dropout", dropout)
    check.flag("batch_norm", batch_norm)
    check.activation("classifier_activation", classifier_activation, allow_none=True)
    augment = augment_from_option(input_shape, augment)

    inputs = keras.Input(shape=input_shape, name="image")  # (B, H, W, C)
    x = inputs
    if augment is not None:
        x = augment(x)  # (B, H, W, C), transformed in training only
    for i, f in enumerate(filters, start=1):
        for j in (1, 2):
            x = keras.layers.Conv2D(f, 3, padding="same", use_bias=not batch_norm,
                                    name=f"block{i}_conv{j}")(x)  # (B, h, w, f)
            if batch_norm:  # synchronized: one set of moving averages for all replicas
                # momentum 0.9, not Keras's 0.99: with small datasets (40 steps an epoch on
                # digits) the 0.99 moving variance still remembers its initial 1.0 after
                # several epochs, and inference-mode accuracy sits at chance (measured here)
                x = keras.layers.BatchNormalization(
                    momentum=0.9, synchronized=True, name=f"block{i}_bn{j}")(x)  # (B, h, w, f)
            x = keras.layers.Activation("relu", name=f"block{i}_relu{j}")(x)  # (B, h, w, f)
        x = keras.layers.MaxPooling2D(2, name=f"block{i}_pool")(x)  # (B, h/2, w/2, f)
    x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)  # (B, filters[-1])
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)  # (B, filters[-1])
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="predictions", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name="cnn")

