"""Data augmentation as layers inside the model: saved with it, off in predict and evaluate."""

from __future__ import annotations

import keras

from tfcourse import validation as check

FLIPS = ("horizontal", "vertical", "horizontal_and_vertical", None)
AUGMENT_OPTIONS = ("flip", "rotation", "zoom", "translation", "seed")  # augmentation_block's


def augmentation_block(input_shape, *, flip="horizontal", rotation=0.1, zoom=0.1,
                       translation=0.1, seed=None, name="augment") -> keras.Sequential:
    """Random image transforms, active only while training; a strength of 0 leaves one out.

    Args:
        input_shape: Image shape ``(height, width, channels)``.
        flip: One of `FLIPS`; None for digits and text. Defaults to ``"horizontal"``.
        rotation: Largest turn, a fraction of a full turn in [0, 1) (0.1: ±36°). Defaults to 0.1.
        zoom: Largest zoom in or out, a fraction in [0, 1). Defaults to 0.1.
        translation: Largest shift, a fraction of height and width in [0, 1). Defaults to 0.1.
        seed: An integer to repeat the transforms, or None. Defaults to None.
        name: Name of the block. Defaults to ``"augment"``.

    Returns:
        A `keras.Sequential`: ``(B, H, W, C)`` → ``(B, H, W, C)``, identity at inference.

    Example:
        >>> block = augmentation_block((28, 28, 1), flip=None)  # digits: a mirrored 3 is no 3
        >>> [layer.name for layer in block.layers]
        ['rotate', 'zoom', 'translate']
    """
    input_shape = check.input_shape(input_shape, layout="(height, width, channels)", ranks=(3,))
    check.one_of("flip", flip, FLIPS)
    rotation = check.fraction("rotation", rotation)
    zoom = check.fraction("zoom", zoom)
    translation = check.fraction("translation", translation)
    seed = check.seed(seed, allow_none=True)
    if not isinstance(name, str) or not name:
        raise check.invalid("name", "a non-empty string", name)

    def seeded(i):  # a stream per layer, so rotation and zoom don't move in step
        return None if seed is None else seed + i

    layers = []
    if flip:
        layers.append(keras.layers.RandomFlip(flip, seed=seeded(0), name="flip"))
    if rotation:
        layers.append(keras.layers.RandomRotation(rotation, seed=seeded(1), name="rotate"))
    if zoom:
        layers.append(keras.layers.RandomZoom(zoom, seed=seeded(2), name="zoom"))
    if translation:
        layers.append(keras.layers.RandomTranslation(translation, translation, seed=seeded(3),
                                                      name="translate"))
    if not layers:
        raise ValueError(
            "augmentation_block() needs at least one transform, but all are off. Received: "
            f"flip={flip!r}, rotation={rotation!r}, zoom={zoom!r}, translation={translation!r}. "
            "To train without augmentation, leave the block out (e.g. build_cnn(augment=False))."
        )
    return keras.Sequential([keras.Input(shape=input_shape, name="image"), *layers], name=name)


def augment_from_option(input_shape, augment) -> keras.Sequential | None:
    """The `augmentation_block` a builder's ``augment=`` asks for, or None.

    Args:
        input_shape: Image shape ``(height, width, channels)``.
        augment: False or None for none, True for the defaults, or a dict of options (keys
            from `AUGMENT_OPTIONS`), e.g. ``{"flip": None}`` for digits.
    """
    if augment is None or augment is False:
        return None
    if augment is True:
        augment = {}
    if not isinstance(augment, dict):
        raise check.invalid("augment", f"True, False, None, or a dict with keys from "
                            f"{AUGMENT_OPTIONS} (the options of augmentation_block)", augment)
    unknown = sorted(set(augment) - set(AUGMENT_OPTIONS))
    if unknown:
        raise check.invalid("augment", f"a dict with keys from {AUGMENT_OPTIONS}; unknown "
                            f"option(s) {unknown}", augment)
    return augmentation_block(input_shape, **augment)
