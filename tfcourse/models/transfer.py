"""Transfer learning: a frozen ImageNet network (`TRANSFER_BASES`) with a new head.

Train the head, then `unfreeze` the top of the base and fine-tune (`tfcourse.train.fine_tune`).
"""

from __future__ import annotations

import keras

from tfcourse import validation as check
from tfcourse.models.augment import augment_from_option
from tfcourse.models.fine_tuning import get_base, num_trainable_params, unfreeze
from tfcourse.models.preprocessing import ImagePreprocessing
from tfcourse.models.transfer_bases import (
    TRANSFER_BASES,
    TransferBase,
    WeightsUnavailableError,
    check_base,
    load_base,
)

__all__ = ["build_transfer", "TRANSFER_BASES", "TransferBase", "WeightsUnavailableError",
           "get_base", "unfreeze", "num_trainable_params"]


def build_transfer(base: str = "mobilenet_v2", input_shape=(160, 160, 3), num_classes: int = 2,
                   *, weights="imagenet", augment=True, dropout: float = 0.2,
                   classifier_activation="softmax") -> keras.Model:
    """pixels 0-255 → [augment] → ImagePreprocessing → base (frozen) → pool → classifier.

    Args:
        base: A key of `TRANSFER_BASES`. Defaults to ``"mobilenet_v2"``.
        input_shape: Image shape, at least the base's ``min_size``. Defaults to ``(160, 160, 3)``.
        num_classes: Number of classes, at least 2. Defaults to 2.
        weights: ``"imagenet"`` (cached in ``~/.keras/models/``), None for random weights, or
            the path of a weights file for this base. Defaults to ``"imagenet"``.
        augment: Random transforms at the input (`augment_from_option`). Defaults to True.
        dropout: Dropout rate before the classifier, in [0, 1). Defaults to 0.2.
        classifier_activation: ``"softmax"``, or None for logits. Defaults to ``"softmax"``.

    Returns:
        A `keras.Model`: ``(B, H, W, C)`` RGB pixels → ``(B, num_classes)``.

    Raises:
        FileNotFoundError: If ``weights`` is a path that does not exist.
        WeightsUnavailableError: If the ImageNet weights cannot be downloaded.
    """
    spec, input_shape, weights = check_base(base, input_shape, weights)
    num_classes = check.integer("num_classes", num_classes, 2)
    augment = augment_from_option(input_shape, augment)
    dropout = check.fraction("dropout", dropout)
    check.activation("classifier_activation", classifier_activation, allow_none=True)
    base_model = load_base(base, input_shape, weights)

    inputs = keras.Input(shape=input_shape, name="image")  # (B, H, W, C), pixels 0..255
    x = inputs if augment is None else augment(inputs)  # (B, H, W, C), random in training
    x = ImagePreprocessing(spec.preprocessing, name="preprocess")(x)  # (B, H, W, C)
    # Keras 3 passes fit's training=True down anyway: the frozen batch norm is what keeps
    # inference mode (EfficientNet's stochastic-depth dropout does switch on)
    x = base_model(x, training=False)  # (B, h, w, F): h, w = H, W / 32 for most bases
    x = keras.layers.GlobalAveragePooling2D(name="pool")(x)  # (B, F)
    if dropout:
        x = keras.layers.Dropout(dropout, name="dropout")(x)  # (B, F)
    outputs = keras.layers.Dense(num_classes, activation=classifier_activation,
                                 name="classifier", dtype="float32")(x)  # (B, num_classes)
    return keras.Model(inputs, outputs, name=f"transfer_{base}")
