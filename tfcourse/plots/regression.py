"""Regression pictures: the fitted line, and the cost surface J(θ0, θ1) gradient descent walks.

Example:
    >>> import numpy as np
    >>> J = linear_cost([0.0, 1.0, 2.0], [1.0, 3.0, 5.0])  # the data lie on y = 1 + 2x
    >>> np.round(J([1.0, 0.0], [2.0, 2.0]), 12)  # the true line, then one shifted down by 1
    array([0. , 0.5])
"""

from __future__ import annotations

import numpy as np

from tfcourse import validation as check
from tfcourse.plots._base import _array, _finish, _pyplot

STYLES = ["-", "--", ":", "-."]


def plot_regression_line(x, y, lines: dict, *, title: str = "Fitted line", xlabel: str = "x",
                         ylabel: str = "y", path=None):
    """Scatter 1-D data ``x``, ``y`` (m,) and draw each ``label: (theta0, theta1)`` of ``lines``."""
    plt = _pyplot()
    x, y = np.asarray(x, dtype=float).reshape(-1), np.asarray(y, dtype=float).reshape(-1)
    fig, ax = plt.subplots(figsize=(6, 4))
    ax.scatter(x, y, s=12, alpha=0.6, label="data")
    grid = np.linspace(x.min(), x.max(), 50)
    for i, (label, (theta0, theta1)) in enumerate(lines.items()):
        ax.plot(grid, theta0 + theta1 * grid, STYLES[i % 4], lw=2,
                label=f"{label}: y = {theta0:.3f} + {theta1:.3f}·x")
    ax.set(xlabel=xlabel, ylabel=ylabel, title=title)
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    return _finish(fig, path)


def linear_cost(x, y):
    """J(θ0, θ1) = ½·mean((θ0 + θ1·x − y)²) on data ``x``, ``y`` (m,), for `plot_cost_surface`.

    The returned ``J(theta0, theta1)`` takes numbers or arrays of one shape (a whole grid) and
    needs only five means of the data, so a 200×200 grid costs no more memory than one point.
    """
    x, y = np.asarray(x, dtype=float).reshape(-1), np.asarray(y, dtype=float).reshape(-1)
    if len(x) != len(y) or len(x) == 0:
        raise check.invalid("y", "as many targets as inputs (at least one)",
                            received=f"len(x)={len(x)}, len(y)={len(y)}")
    mx, my, mxx, mxy, myy = x.mean(), y.mean(), (x * x).mean(), (x * y).mean(), (y * y).mean()

    def cost(theta0, theta1):
        t0, t1 = np.asarray(theta0, dtype=float), np.asarray(theta1, dtype=float)
        j = 0.5 * (t0 * t0 + 2 * t0 * t1 * mx + t1 * t1 * mxx - 2 * t0 * my - 2 * t1 * mxy + myy)
        return np.maximum(j, 0.0)  # a perfect fit can round to -1e-16; J is never negative

    return cost


def _range(name: str, value) -> tuple[float, float]:
    """``(low, high)`` as two finite floats with low < high."""
    if not (isinstance(value, (tuple, list, np.ndarray)) and len(value) == 2
            and all(map(check.is_number, value)) and value[0] < value[1]):
        raise check.invalid(name, "a pair (low, high) of finite numbers with low < high", value)
    return float(value[0]), float(value[1])


def _evaluate(cost_fn, T0, T1, vectorized: bool) -> np.ndarray:
    """``cost_fn`` on the grid (R, R), checked to be finite."""
    if vectorized:
        J = np.asarray(cost_fn(T0, T1), dtype=float)  # (R, R) in one call
        if J.shape != T0.shape:
            raise check.invalid("cost_fn", f"a vectorized function returning the grid's shape "
                                f"{T0.shape} when given two arrays of that shape (or pass "
                                "vectorized=False to call it once per point)",
                                received=f"an array of shape {J.shape}")
    else:
        J = np.array([[cost_fn(float(a), float(b)) for a, b in zip(r0, r1)]
                      for r0, r1 in zip(T0, T1)], dtype=float)  # (R, R), one call per point
    if not np.all(np.isfinite(J)):
        raise check.invalid("cost_fn", "finite costs over the whole grid",
                            received=f"{np.sum(~np.isfinite(J))} NaN or infinite values")
    return J


def plot_cost_surface(cost_fn, theta0_range, theta1_range, *, path_points=None, levels=30,
                      resolution: int = 100, vectorized: bool = True,
                      title: str = "Superficie de costo — cost surface J(θ0, θ1)", path=None):
    """Contours of a cost J(θ0, θ1), with the path gradient descent took across them.

    When J > 0 the levels are spaced logarithmically, so the flat valley shows. The lowest grid
    point is marked "×".

    Args:
        cost_fn: ``J(theta0, theta1)``: with ``vectorized``, called once on two (R, R) grids
            (as `linear_cost`'s is); otherwise once per point with two floats.
        theta0_range, theta1_range: ``(low, high)`` of θ0 (horizontal) and θ1 (vertical).
        path_points: Optional ``(theta0, theta1)`` after each step, (steps, 2).
        levels: Number of contour levels, or the levels. Defaults to 30.
        resolution: Grid points R along each axis, at least 2. Defaults to 100.
    """
    lo0, hi0 = _range("theta0_range", theta0_range)
    lo1, hi1 = _range("theta1_range", theta1_range)
    resolution = check.integer("resolution", resolution, 2)
    points = None if path_points is None else _array(
        "path_points", path_points, "a sequence of (theta0, theta1) pairs, shape (steps, 2)",
        ndims=(2,), columns=2)
    T0, T1 = np.meshgrid(np.linspace(lo0, hi0, resolution),
                         np.linspace(lo1, hi1, resolution))  # (R, R) each; rows follow θ1
    J = _evaluate(cost_fn, T0, T1, vectorized)  # (R, R)

    import matplotlib.colors

    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(6.5, 5))
    norm = None
    if check.is_int(levels) and J.min() > 0 and J.max() > J.min():
        levels = np.geomspace(J.min(), J.max(), levels)
        norm = matplotlib.colors.LogNorm(J.min(), J.max())
    filled = ax.contourf(T0, T1, J, levels=levels, cmap="viridis", norm=norm, alpha=0.85)
    ax.contour(T0, T1, J, levels=filled.levels, colors="k", linewidths=0.3, alpha=0.4)
    ticks = filled.levels[::max(1, len(filled.levels) // 6)]  # a readable few, log or not
    fig.colorbar(filled, ax=ax, label="J(θ0, θ1)", ticks=ticks, format="{x:.3g}")
    best = np.unravel_index(np.argmin(J), J.shape)
    ax.plot(T0[best], T1[best], "x", color="black", ms=10, mew=2,
            label=f"min on grid: J({T0[best]:.3g}, {T1[best]:.3g}) = {J[best]:.4g}")
    if points is not None:
        ax.plot(points[:, 0], points[:, 1], "-", color="tab:red", lw=1.5, marker=".", ms=3,
                label=f"gradient descent ({len(points) - 1} steps)")
        ax.plot(*points[0], "o", color="white", mec="black", ms=8, label="start")
        ax.plot(*points[-1], "*", color="tab:red", mec="black", ms=14, label="end")
    ax.set(xlabel="θ0 (bias)", ylabel="θ1 (weight)", title=title)
    ax.legend(fontsize=8, loc="upper right")
    return _finish(fig, path)
