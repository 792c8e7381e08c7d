"""Fine-tuning a transfer model: find its base, open the top of it, count what will learn."""

from __future__ import annotations

import keras
import numpy as np

from tfcourse import validation as check


def get_base(model: keras.Model) -> keras.Model:
    """The layer ``"base"`` of ``model``, else its first nested model but ``"augment"``."""
    nested = [layer for layer in model.layers if isinstance(layer, keras.Model)]
    bases = [layer for layer in nested if layer.name == "base"] or \
        [layer for layer in nested if layer.name != "augment"]
    if not bases:
        raise ValueError(f"Model {model.name!r} holds no pretrained base network: expected a "
                         f"model from build_transfer(). Received layers: "
                         f"{[layer.name for layer in model.layers]}")
    return bases[0]


def _all_layers(layer):
    """``layer`` and every layer nested inside it, depth first."""
    yield layer
    for sub in getattr(layer, "layers", ()):
        yield from _all_layers(sub)


def unfreeze(model: keras.Model, *, from_layer: int) -> keras.Model:
    """Open ``base.layers[from_layer:]`` for fine-tuning, in place; batch norm stays frozen.

    (Frozen, batch norm keeps its ImageNet statistics.) Compile again, at a smaller rate.

    Args:
        model: A model from `build_transfer` or `build_from_pretrained`.
        from_layer: Index of the first layer to open; ``-20`` opens the last 20, 0 all.

    Returns:
        ``model``, for chaining.
    """
    base = get_base(model)
    n = len(base.layers)
    from_layer = check.integer("from_layer", from_layer, -n, n, expected=(
        f"an integer in [{-n}, {n}] (an index into the {n} layers of base {base.name!r}; "
        "negative counts from the end)"))
    start = from_layer % n if from_layer < 0 else from_layer
    base.trainable = True
    # one layer at a time: on TensorFlow, `x.trainable = True` is skipped when x.trainable is
    # already True, so `base.trainable = True` alone would not re-open what an earlier call froze
    for i, layer in enumerate(base.layers):
        for sub in _all_layers(layer):
            sub.trainable = i >= start and not isinstance(sub, keras.layers.BatchNormalization)
    return model


def num_trainable_params(model: keras.Model) -> int:
    """How many numbers training will change: the sizes of ``model``'s trainable weights."""
    return int(sum(np.prod(w.shape) for w in model.trainable_weights))
