"""Data augmentation as layers: random flips, turns, zooms and shifts, on in training only.

Putting augmentation *inside* the model (rather than in the data pipeline) means it runs on
the accelerator, travels with the saved ``.keras`` file, and switches itself off at
inference: Keras' random preprocessing layers pass images through unchanged unless the model
is called with ``training=True`` (which ``fit`` does and ``predict``/``evaluate`` don't).

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


def augmentation_block(input_shape, *, flip="horizontal", rotation=0.1, zoom=0.1,
                       translation=0.1, seed=None, name="augment") -> keras.Sequential:
    """A `keras.Sequential` of random image transforms, active only while training.

    Each strength is a fraction: ``rotation=0.1`` turns by up to ±10% of a full circle (±36°),
    ``zoom=0.1`` zooms in or out by up to 10%, ``translation=0.1`` shifts by up to 10% of the
    height and width. A strength of 0 (or ``flip=None``) leaves that transform out.

    Args:
        input_shape: Image shape ``(height, width, channels)``, without the batch axis.
        flip: ``"horizontal"``, ``"vertical"``, ``"horizontal_and_vertical"``, or None for no
            flipping. Use None for digits and text, whose mirror image means something else.
            Defaults to ``"horizontal"``.
        rotation: Largest rotation, as a fraction of a full turn, in [0, 1). Defaults to 0.1.
        zoom: Largest zoom in or out, as a fraction of the size, in [0, 1). Defaults to 0.1.
        translation: Largest shift, as a fraction of height and width, in [0, 1).
            Defaults to 0.1.
        seed: None for fresh randomness each run, or an integer to repeat the same sequence
            of transforms. Defaults to None.
        name: Name of the block. Defaults to ``"augment"``.

    Returns:
        A `keras.Sequential` mapping ``(B, H, W, C)`` to ``(B, H, W, C)``; identity at inference.

    Raises:
        ValueError: If an argument is invalid, or every transform is switched off.

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

    def seeded(i):  # a different stream per layer, so rotation and zoom don't move in step
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
