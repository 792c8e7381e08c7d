"""Convolutional networks: LeNet-5 (1998) beside a small modern CNN.

Example:
    >>> from tfcourse.models import build_cnn, build_lenet
    >>> build_lenet().count_params()  # most of it in the first dense layer
    61706
    >>> [layer.name for layer in build_cnn((28, 28, 1), 10, augment=True).layers][:3]
    ['image', 'augment', 'block1_conv1']
"""

from __future__ import annotations

import keras

from tfcourse import validation as check
from tfcourse.models.augment import augment_from_option

IMAGE = "(height, width, channels)"


def _image(input_shape, num_classes, minimum: int, why: str):
    """Checked ``(input_shape, num_classes)`` of an image classifier at least ``minimum`` wide."""
    input_shape = check.input_shape(input_shape, layout=IMAGE, ranks=(3,))
    if min(input_shape[:2]) < minimum:
        raise check.invalid("input_shape", f"an image of at least {minimum}×{minimum} pixels "
                            f"({why})", input_shape)
    return input_shape, check.integer("num_classes", num_classes, 2)


def _classifier(x, num_classes, activation):
    """The last layer, in float32 even under mixed precision."""
    return keras.layers.Dense(num_classes, activation=activation, name="predictions",
                              dtype="float32")(x)  # (B, num_classes)


def build_lenet(input_shape=(28, 28, 1), num_classes=10, *, activation="relu",
                classifier_activation="softmax") -> keras.Model:
    """LeNet-5, max-pooled: conv 6@5×5, pool, conv 16@5×5, pool, dense 120, 84, num_classes.

    Args:
        input_shape: Image shape, at least 12×12. Defaults to ``(28, 28, 1)``.
        num_classes: Number of classes, at least 2. Defaults to 10.
        activation: Hidden activation; the original used ``"tanh"``. Defaults to ``"relu"``.
        classifier_activation: ``"softmax"``, or None for logits. Defaults to ``"softmax"``.

    Returns:
        A `keras.Model` named ``"lenet5"``: ``(B, H, W, C)`` → ``(B, num_classes)``.
    """
    # 12 → pool 6 → 5×5 valid conv 2 → pool 1: the smallest image that leaves a pixel
    input_shape, num_classes = _image(input_shape, num_classes, 12,
                                      "LeNet-5 has two 5×5 convolutions and two 2×2 poolings")
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
    return keras.Model(inputs, _classifier(x, num_classes, classifier_activation), name="lenet5")


def build_cnn(input_shape, num_classes, *, filters=(32, 64), dropout=0.5, batch_norm=True,
              augment=False, classifier_activation="softmax") -> keras.Model:
    """A modern CNN: blocks of (conv 3×3 → [BN] → ReLU) × 2 → max pool, then global pooling.

    Args:
        input_shape: Image shape, at least ``2**len(filters)`` pixels on each side.
        num_classes: Number of classes, at least 2.
        filters: Filters of each block, first to last. Defaults to ``(32, 64)``.
        dropout: Dropout rate before the classifier, in [0, 1). Defaults to 0.5.
        batch_norm: Synchronized batch norm after each convolution. Defaults to True.
        augment: Random transforms at the input (`augment_from_option`). Defaults to False.
        classifier_activation: ``"softmax"``, or None for logits. Defaults to ``"softmax"``.

    Returns:
        A `keras.Model` ``"cnn"``: ``(B, H, W, C)`` pixels in [0, 1] → ``(B, num_classes)``.
    """
    filters = check.positive_ints("filters", filters)
    input_shape, num_classes = _image(input_shape, num_classes, 2 ** len(filters),
                                      f"{len(filters)} block(s), each halving height and width")
    dropout = check.fraction("dropout", dropout)
    check.flag("batch_norm", batch_norm)
    check.activation("classifier_activation", classifier_activation, allow_none=True)
    augment = augment_from_option(input_shape, augment)

    inputs = keras.Input(shape=input_shape, name="image")  # (B, H, W, C)
    x = inputs if augment is None else augment(inputs)  # (B, H, W, C), random in training
    for i, f in enumerate(filters, start=1):
        for j in (1, 2):
            x = keras.layers.Conv2D(f, 3, padding="same", use_bias=not batch_norm,
                                    name=f"block{i}_conv{j}")(x)  # (B, h, w, f)
            if batch_norm:  # synchronized: one set of moving averages for all replicas
                # momentum 0.9, not 0.99: with few steps an epoch, 0.99's moving variance still
                # remembers its initial 1.0 after several epochs, and inference sits at chance
                x = keras.layers.BatchNormalization(
                    momentum=0.9, synchronized=True, name=f"block{i}_bn{j}")(x)  # (B, h, w, f)
            x = keras.layers.Activation("relu", name=f"block{i}_relu{j}")(x)  # (B, h, w, f)
        x = keras.layers.MaxPooling2D(2, name=f"block{i}_pool")(x)  # (B, h/2, w/2, f)
    x = keras.layers.GlobalAveragePooling2D(name="avg_pool")(x)  # (B, filters[-1])
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)  # (B, filters[-1])
    return keras.Model(inputs, _classifier(x, num_classes, classifier_activation), name="cnn")
