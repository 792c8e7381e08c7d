"""Catch the data mistakes users really make, before Keras turns them into a deep traceback.

`check_data` compares a model with the arrays about to train or evaluate it and raises one
clear `ValueError` naming the argument, what was expected, what was received, and the fix:

- images without the channel axis (``(m, 28, 28)`` for a ``(28, 28, 1)`` input);
- one-hot labels for a sparse loss, or integer labels for a one-hot loss;
- labels outside ``0 .. num_classes - 1`` (the model was built with too few classes);
- raw 0–255 pixels for a model that expects [0, 1], or [0, 1] pixels for a transfer model
  that rescales raw pixels itself (``tfcourse.models.build_transfer``);
- fewer examples than the strategy has replicas.

Example:
    >>> import numpy as np
    >>> from tfcourse.models import build_mlp
    >>> check_data(build_mlp((4,), 3), np.zeros((5, 4)), np.array([0, 1, 2, 2, 5]),
    ...            loss="sparse_categorical_crossentropy")
    Traceback (most recent call last):
    ...
    ValueError: Argument `train_data` has labels up to 5, but the model has 3 outputs ...
"""

from __future__ import annotations

import numpy as np

_RESCALING_LAYERS = ("Rescaling", "ImagePreprocessing", "Normalization")


def _loss_kind(loss) -> str | None:
    """"sparse", "onehot" or None (not a classification loss we can check)."""
    name = loss if isinstance(loss, str) else type(loss).__name__
    name = name.lower().replace("_", "")
    if "sparsecategorical" in name:
        return "sparse"
    if "categoricalcrossentropy" in name or "categoricalfocal" in name:
        return "onehot"
    return None


def _rescales_itself(model) -> bool:
    """True if a layer inside the model (nested models too) rescales raw pixels."""
    for layer in model.layers:
        if type(layer).__name__ in _RESCALING_LAYERS:
            return True
        if hasattr(layer, "layers") and _rescales_itself(layer):
            return True
    return False


def check_data(model, x, y=None, *, loss=None, name: str = "train_data", replicas: int = 1):
    """Raise a clear `ValueError` if ``(x, y)`` does not fit ``model`` (see the module doc).

    Args:
        model: A built `keras.Model` with one input and one output.
        x: Input array, batch axis first.
        y: Labels or targets, or None.
        loss: The loss the model is (or will be) compiled with; label checks run only for
            (sparse) categorical cross-entropy.
        name: The argument name to report, e.g. ``"train_data"``. Defaults to "train_data".
        replicas: Replicas of the strategy; fewer examples than this is an error.
            Defaults to 1.

    Raises:
        ValueError: Naming the problem and its fix.
    """
    x = np.asarray(x)
    expected = tuple(model.inputs[0].shape[1:]) if len(model.inputs) == 1 else None
    if expected is not None:
        got = x.shape[1:]
        fits = len(got) == len(expected) and all(e is None or e == g
                                                  for e, g in zip(expected, got))
        if not fits:
            hint = ""
            if len(got) + 1 == len(expected) and expected[-1] == 1:
                hint = " Add the channel axis: x[..., None] (grayscale images have 1 channel)."
            raise ValueError(f"Argument `{name}` has inputs of shape {got} per example, but the "
                             f"model expects {expected}.{hint} Received: x.shape={x.shape}")
    if len(x) < replicas:
        raise ValueError(f"Argument `{name}` has {len(x)} example(s), fewer than the "
                         f"{replicas} replicas of the strategy: every replica needs at least "
                         f"one example per step. Use more data or fewer replicas.")
    if x.ndim == 4 and x.size and np.issubdtype(x.dtype, np.number):
        low, high = float(x.min()), float(x.max())
        if _rescales_itself(model):
            if low >= 0 and high <= 1.0 and np.issubdtype(model.inputs[0].dtype, np.floating) \
                    and any(type(la).__name__ == "ImagePreprocessing" for la in model.layers):
                raise ValueError(f"Argument `{name}` has pixel values in [0, 1], but this model "
                                 f"rescales raw 0-255 pixels itself (its preprocessing layer). "
                                 f"Pass the raw pixels (x * 255). Received: x.max()={high:g}")
        elif low >= 0 and high > 1.5:
            raise ValueError(f"Argument `{name}` has pixel values up to {high:g}, but the model "
                             f"expects them in [0, 1] (it has no rescaling layer). Divide by "
                             f"255: x / 255.0. Received: x.min()={low:g}, x.max()={high:g}")
    kind = _loss_kind(loss)
    if y is None or kind is None:
        return
    y = np.asarray(y)
    outputs = model.outputs[0].shape[-1]
    if kind == "sparse":
        if y.ndim == 2 and y.shape[1] > 1:
            raise ValueError(f"Argument `{name}` has one-hot labels of shape {y.shape}, but "
                             f"loss={loss!r} expects integer class ids of shape ({len(y)},). "
                             f"Use y.argmax(axis=1), or loss='categorical_crossentropy'.")
        if y.size and not (np.issubdtype(y.dtype, np.number) or np.issubdtype(y.dtype, np.bool_)):
            first = y.flat[0].item() if hasattr(y.flat[0], "item") else y.flat[0]
            raise ValueError(f"Argument `{name}` has labels that are not numbers (e.g. "
                             f"{first!r}); loss={loss!r} expects class ids 0..{outputs - 1}. "
                             f"Turn the class names into ids first: names, y = np.unique(y, "
                             f"return_inverse=True). Received: y.dtype={y.dtype}")
        if not (np.issubdtype(y.dtype, np.integer) or np.all(np.mod(y, 1) == 0)):
            raise ValueError(f"Argument `{name}` has non-integer labels (e.g. {y.flat[0]!r}); "
                             f"loss={loss!r} expects class ids 0..{outputs - 1}.")
        if y.size and y.min() < 0:
            raise ValueError(f"Argument `{name}` has negative labels (down to {int(y.min())}), "
                             f"but class ids count from 0 (classes 0..{outputs - 1}). Shift or "
                             f"re-map them, e.g. names, y = np.unique(y, return_inverse=True). "
                             f"Received: labels in [{int(y.min())}, {int(y.max())}]")
        if y.size and y.max() >= outputs:
            raise ValueError(f"Argument `{name}` has labels up to {int(y.max())}, but the model "
                             f"has {outputs} outputs (classes 0..{outputs - 1}). Build it with "
                             f"num_classes={int(y.max()) + 1}. Received: labels in "
                             f"[{int(y.min())}, {int(y.max())}]")
    else:
        if y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
            raise ValueError(f"Argument `{name}` has integer labels of shape {y.shape}, but "
                             f"loss={loss!r} expects one-hot rows of shape ({len(y)}, "
                             f"{outputs}). Use keras.utils.to_categorical(y, {outputs}), or "
                             f"loss='sparse_categorical_crossentropy'.")
        if y.shape[-1] != outputs:
            raise ValueError(f"Argument `{name}` has one-hot labels with {y.shape[-1]} classes, "
                             f"but the model has {outputs} outputs. Received: y.shape={y.shape}")
