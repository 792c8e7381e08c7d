"""Data augmentation as layers: random flips, turns, zooms and shifts, active in training only.

Inside the model, augmentation runs on the accelerator, is saved with the ``.keras`` file and
switches itself off in ``predict`` and ``evaluate``. `augmentation_block` builds the block;
`augment_from_option` reads the builders' ``augment=`` argument.

Example:
    >>> from tfcourse.models import augmentation_block
    >>> block = augmentation_block((28, 28, 1), flip=None)  # digits: a mirrored 3 is no 3
    >>> [layer.name for layer in block.layers]
    ['rotate', 'zoom', 'translate']
"""

from __future__ import annotations

import keras

from tfcourse import validation as check

FLIPS = ("horizontal", "vertical", "horizontal_and_vertical", None)
AUGMENT_OPTIONS = ("flip", "rotation", "zoom", "translation", "seed")  # augmentation_block's


def augmentation_block(input_shape, *, flip="horizontal", rotation=0.1, zoom=0.1,
                       translation=0.1, seed=None, name="augment") -> keras.Sequential:
    """A `keras.Sequential` of random image transforms, active only while training.

    Strengths are fractions: ``rotation=0.1`` turns by up to ±10% of a full turn (±36°),
    ``zoom`` and ``translation`` by up to that share of the size. 0 (or ``flip=None``) leaves a
    transform out.

    Args:
        input_shape: Image shape ``(height, width, channels)``.
        flip: ``"horizontal"``, ``"vertical"``, ``"horizontal_and_vertical"``, or None (for
            digits and text). Defaults to ``"horizontal"``.
        rotation: Largest turn, a fraction of a full turn in [0, 1). Defaults to 0.1.
        zoom: Largest zoom in or out, in [0, 1). Defaults to 0.1.
        translation: Largest shift, a fraction of height and width in [0, 1). Defaults to 0.1.
        seed: None for fresh randomness, or an integer to repeat the transforms. Defaults to None.
        name: Name of the block. Defaults to ``"augment"``.

    Returns:
        A `keras.Sequential` mapping ``(B, H, W, C)`` to ``(B, H, W, C)``; identity at inference.

    Raises:
        ValueError: If an argument is invalid, or every transform is off.

    Example:
        >>> import numpy as np
        >>> block = augmentation_block((8, 8, 3), seed=0)
        >>> x = np.random.rand(2, 8, 8, 3).astype("float32")
        >>> bool(np.allclose(block(x, training=False), x))
        True
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
    """The block a builder's ``augment=`` asks for, or None for no augmentation.

    Args:
        input_shape: Image shape ``(height, width, channels)``.
        augment: False or None for none, True for `augmentation_block`'s defaults, or a dict
            of its options (keys from `AUGMENT_OPTIONS`), e.g. ``{"flip": None}``.

    Returns:
        The `augmentation_block`, or None.

    Raises:
        ValueError: If ``augment`` is none of these, or an option is invalid.

    Example:
        >>> [layer.name for layer in augment_from_option((8, 8, 1), {"zoom": 0}).layers]
        ['flip', 'rotate', 'translate']
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
