"""Feature maps: what one image becomes inside a CNN, layer by layer.

`feature_maps` reads them from a Keras model (importing Keras only then); `plot_feature_maps`
draws them, one row per layer.

Example:
    >>> import numpy as np
    >>> fig = plot_feature_maps({"conv1": np.random.rand(28, 28, 6)}, max_maps=4)
    >>> fig.axes[0].get_ylabel()
    'conv1\\n28×28×6'
"""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.plots._base import _finish, _pyplot


def _named_maps(feature_maps) -> list[tuple[str, np.ndarray]]:
    """``[(name, (H, W, C)), ...]`` from a dict or a list of pairs; drops a batch of one."""
    items = list(feature_maps.items()) if isinstance(feature_maps, dict) else list(feature_maps)
    expected = "arrays (H, W, C) or (1, H, W, C), as a dict or a list of (name, array) pairs"
    if not items or not all(isinstance(i, (tuple, list)) and len(i) == 2 for i in items):
        raise check.invalid("feature_maps", f"a non-empty collection of {expected}",
                            feature_maps)
    named = []
    for name, maps in items:
        maps = np.asarray(maps, dtype=float)
        if maps.ndim == 4 and maps.shape[0] == 1:
            maps = maps[0]  # (H, W, C)
        if maps.ndim != 3:
            raise check.invalid("feature_maps", expected,
                                received=f"{name!r} of shape {maps.shape}")
        named.append((str(name), maps))
    return named


def plot_feature_maps(feature_maps, *, max_maps: int = 8,
                      title: str = "Mapas de características — feature maps", path=None):
    """One row per layer, one panel per channel (the first ``max_maps``, default 8).

    Args:
        feature_maps: A layer name → output mapping (or list of pairs), each (H, W, C) or
            (1, H, W, C), as `feature_maps` returns.
    """
    named = _named_maps(feature_maps)
    max_maps = check.positive_int("max_maps", max_maps)
    cols = min(max_maps, max(maps.shape[-1] for _, maps in named))

    plt = _pyplot()
    fig, axes = plt.subplots(len(named), cols, figsize=(1.4 * cols + 1.2, 1.5 * len(named)),
                             squeeze=False)
    for row, (name, maps) in zip(axes, named):
        h, w, c = maps.shape
        for j, ax in enumerate(row):
            ax.set_xticks([])
            ax.set_yticks([])
            if j < c:
                ax.imshow(maps[:, :, j], cmap="viridis")  # each channel on its own scale
                ax.set_title(f"ch {j}", fontsize=7)
            else:
                ax.axis("off")
        row[0].set_ylabel(f"{name}\n{h}×{w}×{c}", fontsize=8)
    fig.suptitle(title)
    return _finish(fig, path)


def feature_maps(model, image, layer_names=None) -> dict:
    """Run one image through a Keras model and keep what chosen layers output.

    Args:
        model: A Keras model with one input of known shape (start it with ``keras.Input``).
        image: One input, (H, W, C) or (1, H, W, C).
        layer_names: The layers to read, in order; None for every top-level convolution and
            pooling layer.

    Returns:
        A dict from layer name to its output without the batch axis, e.g. (28, 28, 6).
    """
    import keras

    try:
        inputs = model.inputs
    except (AttributeError, ValueError):
        inputs = None
    if not inputs or len(inputs) != 1:
        raise check.invalid("model", "a Keras model with one input of known shape (start it "
                            "with keras.Input)", getattr(model, "name", model))
    names = [layer.name for layer in model.layers]
    if layer_names is None:
        kinds = (keras.layers.Conv2D, keras.layers.DepthwiseConv2D, keras.layers.SeparableConv2D,
                 keras.layers.MaxPooling2D, keras.layers.AveragePooling2D)
        layers = [layer for layer in model.layers if isinstance(layer, kinds)]
        if not layers:
            raise check.invalid("model", "a model with convolution or pooling layers (or pass "
                                "layer_names)", received=f"layers {names}")
    else:
        unknown = [n for n in layer_names if n not in names]
        if isinstance(layer_names, str) or unknown or not layer_names:
            raise check.invalid("layer_names", f"a list of the model's layer names, from "
                                f"{names}", layer_names)
        layers = [model.get_layer(n) for n in layer_names]

    expected = tuple(inputs[0].shape[1:])  # (H, W, C); None where any size goes
    batch = np.asarray(image, dtype="float32")
    if batch.ndim == len(expected):
        batch = batch[None]  # (1, H, W, C)
    fits = batch.ndim == len(expected) + 1 and batch.shape[0] == 1 and all(
        e is None or e == s for e, s in zip(expected, batch.shape[1:]))
    if not fits:
        raise check.invalid("image", f"one input of shape {expected}, optionally with a batch "
                            "axis of 1", received=f"image.shape={np.shape(image)}")
    # one input tensor, not the list model.inputs, or Keras warns about the input structure
    extractor = keras.Model(inputs[0], [layer.output for layer in layers])
    outputs = extractor(batch, training=False)
    if not isinstance(outputs, (list, tuple)):
        outputs = [outputs]  # a single requested layer comes back bare
    return {layer.name: keras.ops.convert_to_numpy(out)[0]  # (H, W, C)
            for layer, out in zip(layers, outputs)}
