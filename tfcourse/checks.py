"""Checks of the data itself: the mistakes users really make, each with one clear message.

`check_data` compares a Keras model with the arrays about to train or evaluate it;
`check_features`, `check_targets` and `check_labels` check arrays without a model (the lessons
written from scratch). Each error names the argument, what was expected, what came in and the
fix: NaN or infinity (and the first example holding it), x and y of different lengths, images
without the channel axis, one-hot labels for a sparse loss (or the reverse), labels that are
not class ids 0..k-1, raw 0-255 pixels for a model expecting [0, 1] (or the reverse), and fewer
examples than replicas. NumPy only.

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

from tfcourse import validation as check

_RESCALING_LAYERS = ("Rescaling", "ImagePreprocessing", "Normalization")


def finite(name: str, values, part: str | None = None) -> np.ndarray:
    """``values`` as an array; a `ValueError` naming the first example with NaN or infinity."""
    arr = np.asarray(values)
    if arr.ndim and np.issubdtype(arr.dtype, np.floating) and not np.all(np.isfinite(arr)):
        first = int(np.argwhere(~np.isfinite(arr))[0][0])
        raise ValueError(f"Argument `{name}` holds NaN or infinite values"
                         f"{f' in {part}' if part else ''} (first in example {first}). "
                         f"Clean or impute them first.")
    return arr


def same_length(x, y, names=("x", "y")) -> None:
    """A `ValueError` unless ``x`` and ``y`` hold as many examples."""
    if len(x) != len(y):
        a, b = names
        raise ValueError(f"Arguments `{a}` and `{b}` must hold the same number of examples. "
                         f"Received: len({a})={len(x)}, len({b})={len(y)}")


def check_features(X, *, flatten: bool = False, name: str = "X") -> np.ndarray:
    """``X`` as a finite float64 matrix (m, n); (m,) is one feature, ``flatten`` flattens images."""
    arr = check.float_array(name, X, finite=False)
    if arr.ndim == 0 or arr.shape[0] == 0:
        raise ValueError(f"Argument `{name}` must hold at least one example. "
                         f"Received: {name}.shape={arr.shape}")
    arr = arr.reshape(len(arr), -1) if flatten else arr[:, None] if arr.ndim == 1 else arr
    if arr.ndim != 2:
        raise ValueError(f"Argument `{name}` must have shape (m,) or (m, n). "
                         f"Received: {name}.shape={np.shape(X)}")
    return finite(name, arr).astype(np.float64)


def check_targets(y, X, name: str = "y") -> np.ndarray:
    """Regression targets as finite float64 (m,), one per row of ``X``."""
    arr = check.float_array(name, y, finite=False)
    arr = arr[:, 0] if arr.ndim == 2 and arr.shape[1] == 1 else arr
    if arr.ndim != 1:
        raise ValueError(f"Argument `{name}` must have shape (m,). "
                         f"Received: {name}.shape={arr.shape}")
    same_length(X, arr, ("X", name))
    return finite(name, arr).astype(np.float64)


def class_ids(name: str, y, num_classes: int | None = None, *, expects: str,
              onehot_fix: str = "") -> np.ndarray:
    """``y`` as int64 class ids in 0..num_classes-1, or a `ValueError` that says the fix
    (``expects`` names who expects class ids; ``onehot_fix`` adds to the one-hot fix)."""
    y = np.asarray(y)
    ids = f"0..{num_classes - 1}" if num_classes else "0, 1, 2, ..."
    if y.ndim == 2 and y.shape[1] > 1:
        raise ValueError(f"Argument `{name}` has one-hot labels of shape {y.shape}, but {expects} "
                         f"expects integer class ids of shape ({len(y)},). Use "
                         f"y.argmax(axis=1){onehot_fix}.")
    if y.size and not (np.issubdtype(y.dtype, np.number) or y.dtype == bool):
        first = y.flat[0].item() if hasattr(y.flat[0], "item") else y.flat[0]
        raise ValueError(f"Argument `{name}` has labels that are not numbers (e.g. {first!r}); "
                         f"{expects} expects class ids {ids}. Turn the class names into ids "
                         f"first: names, y = np.unique(y, return_inverse=True). "
                         f"Received: y.dtype={y.dtype}")
    fractional = y != np.round(y) if np.issubdtype(y.dtype, np.floating) else np.zeros(0, bool)
    if fractional.any():
        raise ValueError(f"Argument `{name}` has non-integer labels (e.g. {y[fractional][0]}); "
                         f"{expects} expects class ids {ids}.")
    if not y.size:
        return y.astype(np.int64)
    low, high = int(y.min()), int(y.max())
    if low < 0:
        raise ValueError(f"Argument `{name}` has negative labels (down to {low}), but class ids "
                         f"count from 0 (classes {ids}). Shift or re-map them, e.g. names, y = "
                         f"np.unique(y, return_inverse=True). Received: labels in [{low}, {high}]")
    if num_classes is not None and high >= num_classes:
        raise ValueError(f"Argument `{name}` has labels up to {high}, but the model has "
                         f"{num_classes} outputs (classes {ids}). Build it with "
                         f"num_classes={high + 1}. Received: labels in [{low}, {high}]")
    return y.astype(np.int64)


def check_labels(y, X, num_classes: int | None = None) -> tuple[np.ndarray, int]:
    """Class ids (m,), one per row of ``X``, and the number of classes (the largest id + 1)."""
    num_classes = check.integer("num_classes", num_classes, 2, allow_none=True)
    labels = class_ids("y", finite("y", y), num_classes, expects="softmax regression")
    labels = labels.reshape(-1) if labels.ndim == 2 else labels  # (m, 1) -> (m,)
    if labels.ndim != 1:
        raise ValueError(f"Argument `y` must have shape (m,). Received: y.shape={labels.shape}")
    same_length(X, labels, ("X", "y"))
    num_classes = num_classes or int(labels.max()) + 1
    if num_classes < 2:
        raise ValueError("Argument `y` must hold at least two classes. Received: only class 0")
    return labels, num_classes


def _loss_kind(loss) -> str | None:
    """"sparse", "onehot" or None (not a classification loss we can check)."""
    name = (loss if isinstance(loss, str) else type(loss).__name__).lower().replace("_", "")
    if "sparsecategorical" in name:
        return "sparse"
    if "categoricalcrossentropy" in name or "categoricalfocal" in name:
        return "onehot"
    return None


def _rescales_itself(model) -> bool:
    """True if a layer inside the model (nested models too) rescales raw pixels."""
    return any(type(layer).__name__ in _RESCALING_LAYERS
               or (hasattr(layer, "layers") and _rescales_itself(layer)) for layer in model.layers)


def check_data(model, x, y=None, *, loss=None, name: str | None = "train_data",
               replicas: int = 1) -> None:
    """Raise a clear `ValueError` if ``(x, y)`` does not fit ``model`` (see the module doc).

    Args:
        model: A built `keras.Model` with one input and one output.
        x: Input array, batch axis first.
        y: Labels or targets, or None.
        loss: The loss the model is (or will be) compiled with; label checks run only for
            (sparse) categorical cross-entropy. Defaults to None.
        name: The argument holding ``(x, y)``, e.g. ``"train_data"``; None when ``x`` and
            ``y`` are arguments of their own. Defaults to "train_data".
        replicas: Replicas of the strategy; fewer examples than this is an error. Defaults to 1.

    Raises:
        ValueError: Naming the problem and its fix.
    """
    xname, yname = (name, name) if name else ("x", "y")
    x = finite(xname, x, "x" if name else None)
    if y is not None:
        same_length(x, y)
        y = finite(yname, y, "y" if name else None)
    expected = tuple(model.inputs[0].shape[1:]) if len(model.inputs) == 1 else None
    got = x.shape[1:]
    if expected is not None and not (len(got) == len(expected) and all(
            e is None or e == g for e, g in zip(expected, got))):
        hint = (" Add the channel axis: x[..., None] (grayscale images have 1 channel)."
                if len(got) + 1 == len(expected) and expected[-1] == 1 else "")
        raise ValueError(f"Argument `{xname}` has inputs of shape {got} per example, but the "
                         f"model expects {expected}.{hint} Received: x.shape={x.shape}")
    if len(x) < replicas:
        raise ValueError(f"Argument `{xname}` has {len(x)} example(s), fewer than the {replicas} "
                         f"replicas of the strategy: every replica needs at least one example "
                         f"per step. Use more data or fewer replicas.")
    if x.ndim == 4 and x.size and np.issubdtype(x.dtype, np.number):
        low, high = float(x.min()), float(x.max())
        if _rescales_itself(model):
            if low >= 0 and high <= 1.0 and np.issubdtype(model.inputs[0].dtype, np.floating) \
                    and any(type(la).__name__ == "ImagePreprocessing" for la in model.layers):
                raise ValueError(f"Argument `{xname}` has pixel values in [0, 1], but this model "
                                 f"rescales raw 0-255 pixels itself (its preprocessing layer). "
                                 f"Pass the raw pixels (x * 255). Received: x.max()={high:g}")
        elif low >= 0 and high > 1.5:
            raise ValueError(f"Argument `{xname}` has pixel values up to {high:g}, but the model "
                             f"expects them in [0, 1] (it has no rescaling layer). Divide by "
                             f"255: x / 255.0. Received: x.min()={low:g}, x.max()={high:g}")
    kind = _loss_kind(loss)
    if y is None or kind is None:
        return
    outputs = model.outputs[0].shape[-1]
    if kind == "sparse":
        class_ids(yname, y, outputs, expects=f"loss={loss!r}",
                  onehot_fix=", or loss='categorical_crossentropy'")
    elif y.ndim == 1 or (y.ndim == 2 and y.shape[1] == 1):
        raise ValueError(f"Argument `{yname}` has integer labels of shape {y.shape}, but "
                         f"loss={loss!r} expects one-hot rows of shape ({len(y)}, {outputs}). "
                         f"Use keras.utils.to_categorical(y, {outputs}), or "
                         f"loss='sparse_categorical_crossentropy'.")
    elif y.shape[-1] != outputs:
        raise ValueError(f"Argument `{yname}` has one-hot labels with {y.shape[-1]} classes, "
                         f"but the model has {outputs} outputs. Received: y.shape={y.shape}")
