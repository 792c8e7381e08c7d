"""Classifier pictures: decision regions on a plane, and the confusion matrix.

Labels may be integers (N,), one row of scores or one-hot per example (N, K), or for two
classes the probability of class 1 (cut at 0.5), so a model's output works as it is.

Example:
    >>> confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2])  # rows: true class, columns: predicted
    array([[1, 1, 0],
           [0, 1, 0],
           [0, 0, 1]])
"""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.plots._base import _array, _finish, _pyplot

LABELS = "integer labels (N,), scores (N, K), or class-1 probabilities in [0, 1]"


def _labels(name: str, values) -> np.ndarray:
    """Integer class labels (N,) from any form the module docstring lists."""
    a = np.asarray(values)
    if a.dtype == bool:
        a = a.astype(int)  # e.g. y > 0
    if a.ndim == 2 and a.shape[1] > 1:
        return np.argmax(a, axis=1)  # (N, K) → (N,)
    if a.ndim == 2 and a.shape[1] == 1:
        a = a[:, 0]
    if a.ndim != 1 or not np.issubdtype(a.dtype, np.number) or not np.all(np.isfinite(a)):
        raise check.invalid(name, LABELS, received=f"an array of shape {a.shape} and dtype "
                            f"{a.dtype}")
    if np.all(a == np.round(a)) and np.all(a >= 0):
        return a.astype(int)
    if np.all((a >= 0) & (a <= 1)):
        return (a >= 0.5).astype(int)  # P(class 1) → 0 or 1
    raise check.invalid(name, LABELS, received=f"values from {a.min()} to {a.max()}")


def _num_classes(num_classes, *labels) -> int:
    """``num_classes``, or one more than the largest label if None."""
    seen = max(int(a.max()) + 1 if len(a) else 1 for a in labels)
    return check.integer("num_classes", num_classes, seen, allow_none=True, expected=f"an "
                         f"integer larger than every label (>= {seen})") or seen


def confusion_matrix(y_true, y_pred, num_classes: int | None = None) -> np.ndarray:
    """Count how often each true class was predicted as each class.

    Args:
        y_true, y_pred: True and predicted labels, in any form the module docstring lists.
        num_classes: Size of the matrix; None for one more than the largest label.

    Returns:
        An int array (K, K) whose ``[i, j]`` counts class ``i`` predicted as ``j``.
    """
    t, p = _labels("y_true", y_true), _labels("y_pred", y_pred)
    if len(t) != len(p):
        raise check.invalid("y_pred", "one prediction per true label",
                            received=f"len(y_true)={len(t)}, len(y_pred)={len(p)}")
    k = _num_classes(num_classes, t, p)
    # each pair (i, j) becomes one number i·k + j; counting those fills the matrix row by row
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def plot_confusion_matrix(y_true, y_pred, *, class_names=None, normalize: bool = False,
                          title: str = "Matriz de confusión — confusion matrix", path=None):
    """The confusion matrix as a heat map, every cell annotated with its count.

    Args:
        y_true, y_pred: True and predicted labels, as for `confusion_matrix`.
        class_names: Optional names, one per class; they also fix the number of classes.
        normalize: Colour by the fraction of each true class (the diagonal is the recall).
    """
    cm = confusion_matrix(y_true, y_pred)  # (K, K), K from the labels
    if class_names is not None:
        if len(class_names) < len(cm):
            raise check.invalid("class_names", f"a name for each of the {len(cm)} classes",
                                received=f"{len(class_names)} names")
        cm = confusion_matrix(y_true, y_pred, num_classes=len(class_names))
    k = len(cm)
    names = list(map(str, range(k) if class_names is None else class_names))
    totals = cm.sum(axis=1, keepdims=True)  # (K, 1) examples per true class
    shown = cm / np.maximum(totals, 1) if normalize else cm  # empty rows stay 0

    plt = _pyplot()
    size = max(4.0, 0.55 * k + 2.0)
    fig, ax = plt.subplots(figsize=(size + 1.0, size))
    image = ax.imshow(shown, cmap="Blues", vmin=0, vmax=1 if normalize else max(cm.max(), 1))
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.04,
                 label="fraction of the true class" if normalize else "count")
    fontsize = 9 if k <= 10 else 6
    for i in range(k):
        for j in range(k):
            text = f"{shown[i, j]:.2f}\n{cm[i, j]}" if normalize else f"{cm[i, j]}"
            dark = shown[i, j] > 0.55 * (1 if normalize else max(cm.max(), 1))
            ax.text(j, i, text, ha="center", va="center", fontsize=fontsize,
                    color="white" if dark else "black")
    accuracy = np.trace(cm) / max(cm.sum(), 1)
    ax.set_xticks(range(k), names, rotation=45 if max(map(len, names)) > 3 else 0)
    ax.set_yticks(range(k), names)
    ax.set(xlabel=f"predicted (accuracy {accuracy:.1%}, n = {cm.sum()})", ylabel="true",
           title=title)
    return _finish(fig, path)


def plot_decision_boundary(predict_fn, X, y, *, resolution: int = 200, class_names=None,
                           feature_names=("x1", "x2"),
                           title: str = "Frontera de decisión — decision boundary", path=None):
    """The regions of the plane a classifier gives to each class, with the data on top.

    Args:
        predict_fn: Maps points (N, 2) to classes, e.g. ``model.predict``.
        X, y: The data: two features per example (N, 2) and labels (N,).
        resolution: Grid points along each axis, at least 2. Defaults to 200.
        class_names: Optional names, one per class, for the legend.
        feature_names: Labels of the two axes. Defaults to ("x1", "x2").
    """
    X = _array("X", X, "an array of shape (N, 2): two features per example", ndims=(2,),
               columns=2)
    y = _labels("y", y)
    if len(y) != len(X):
        raise check.invalid("y", "one label per row of X",
                            received=f"len(X)={len(X)}, len(y)={len(y)}")
    resolution = check.integer("resolution", resolution, 2)

    lo, hi = X.min(axis=0), X.max(axis=0)  # (2,) each
    pad = np.where(hi > lo, 0.1 * (hi - lo), 0.5)
    G0, G1 = np.meshgrid(np.linspace(lo[0] - pad[0], hi[0] + pad[0], resolution),
                         np.linspace(lo[1] - pad[1], hi[1] + pad[1], resolution))  # (R, R)
    grid = np.c_[G0.ravel(), G1.ravel()]  # (R·R, 2)
    Z = _labels("predict_fn(points)", predict_fn(grid))
    if len(Z) != len(grid):
        raise check.invalid("predict_fn", "one class per point",
                            received=f"{len(Z)} classes for {len(grid)} points")
    Z = Z.reshape(G0.shape)  # (R, R)
    k = max(int(Z.max()), int(y.max())) + 1
    if class_names is not None and len(class_names) < k:
        raise check.invalid("class_names", f"a name for each of the {k} classes",
                            received=f"{len(class_names)} names")
    k = k if class_names is None else len(class_names)

    import matplotlib.colors

    plt = _pyplot()
    colors = [plt.get_cmap("tab10")(i % 10) for i in range(k)]
    cmap = matplotlib.colors.ListedColormap(colors)
    bounds = np.arange(k + 1) - 0.5  # class c fills the band (c - ½, c + ½)
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.contourf(G0, G1, Z, levels=bounds, cmap=cmap,
                norm=matplotlib.colors.BoundaryNorm(bounds, k), alpha=0.3)
    if len(np.unique(Z)) > 1:  # the boundary itself: where the predicted class changes
        ax.contour(G0, G1, Z, levels=bounds[1:-1], colors="black", linewidths=0.8)
    for c in range(k):
        mine = y == c
        if mine.any():
            name = class_names[c] if class_names is not None else f"class {c}"
            ax.scatter(X[mine, 0], X[mine, 1], s=18, color=colors[c], edgecolors="black",
                       linewidths=0.4, label=str(name))
    errors = int(np.sum(_labels("predict_fn(X)", predict_fn(X)) != y))
    ax.set(xlabel=feature_names[0], ylabel=feature_names[1],
           title=f"{title}\n{errors} of {len(y)} points misclassified")
    ax.legend(fontsize=8)
    return _finish(fig, path)
