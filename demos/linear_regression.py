# %% [markdown]
# # Regresión lineal — linear regression, three ways
#
# **Run it:** `python -m demos run linear_regression [--quick] [--cpu-replicas 2]`
#
# The slides fit a line h(x) = θ0 + θ1·x to points by *descenso por gradiente* (gradient
# descent) on the cost J(θ) = 1/(2m) Σ (h(x) − y)². We write it three ways and check that they
# are the same computation:
#
# 1. NumPy with the slides' explicit, simultaneous updates for θ0 and θ1;
# 2. the talk's TensorFlow 1 style: a dataflow graph run in a `Session` with `feed_dict`;
# 3. TensorFlow 2: `tf.GradientTape` inside `tf.function`, under a `tf.distribute` strategy.
#
# Then the same code fits ten real features at once (scikit-learn's diabetes data), and the
# least-squares solution (`np.linalg.lstsq`) tells us whether gradient descent got there.

# %%
from __future__ import annotations

import dataclasses

import numpy as np

from demos._util import finish, output_dir, print_table, start


@dataclasses.dataclass
class Config:
    quick: bool = dataclasses.field(default=False, metadata={"help": "fewer steps: seconds"})
    out: str = dataclasses.field(default="out", metadata={"help": "output root folder"})
    lr: float = dataclasses.field(default=0.5, metadata={"help": "learning rate α"})
    steps: int = dataclasses.field(default=1000, metadata={"help": "gradient-descent steps"})
    strategy: str = dataclasses.field(default="auto", metadata={"help": "tf.distribute kind"})
    cpu_replicas: int = dataclasses.field(default=None, metadata={
        "type": int, "help": "split the CPU into N replicas for the GradientTape version"})


# %% [markdown]
# ## 1. La recta de las diapositivas — the slides' line
# Points around y = 4 + 3x. All three implementations start at θ = 0 and take the same steps.


# %%
def fit_three_ways(X, y, cfg: Config, strategy):
    from tfcourse.lowlevel import linear_regression as lr

    return {
        "numpy": lr.fit_numpy(X, y, lr=cfg.lr, steps=cfg.steps),
        "tf1 graph": lr.fit_graph(X, y, lr=cfg.lr, steps=cfg.steps),
        "gradient tape": lr.fit_tape(X, y, lr=cfg.lr, steps=cfg.steps, strategy=strategy),
    }


def least_squares(X, y):
    """The exact minimiser of J: the oracle gradient descent should reach."""
    A = np.c_[np.ones(len(X)), np.reshape(X, (len(X), -1))]  # (m, 1 + n)
    theta = np.linalg.lstsq(A, y, rcond=None)[0]
    return theta[0], theta[1:]


def the_line(cfg: Config, strategy, out: str) -> dict:
    from tfcourse import plots
    from tfcourse.data import make_line

    data = make_line(seed=0)
    fits = fit_three_ways(data.x_train, data.y_train, cfg, strategy)
    b_ls, w_ls = least_squares(data.x_train, data.y_train)
    rows = [{"implementation": name, "final cost J": float(f.losses[-1]), "θ0": f.bias,
             "θ1": float(f.weights[0]), "|θ − θ_lstsq|": float(np.abs(
                 np.r_[f.bias - b_ls, f.weights - w_ls]).max()), "seconds": f.seconds}
            for name, f in fits.items()]
    rows.append({"implementation": "np.linalg.lstsq", "final cost J": None, "θ0": float(b_ls),
                 "θ1": float(w_ls[0]), "|θ − θ_lstsq|": 0.0, "seconds": None})
    print_table(rows, "Descenso por gradiente — gradient descent on the line (train split)")

    lines = {name: (f.bias, float(f.weights[0])) for name, f in fits.items()}
    lines["least squares"] = (float(b_ls), float(w_ls[0]))
    plots.plot_regression_line(data.x_train, data.y_train, lines, path=f"{out}/line_fit.png",
                               title="Regresión lineal — h(x) = θ0 + θ1·x")
    plots.plot_losses({k: f.losses for k, f in fits.items()}, path=f"{out}/line_losses.png",
                      title="Función de costo — cost J per step (the curves coincide)")
    descent_path(data, fits["numpy"], out)
    return {"line": rows}


def descent_path(data, fit, out: str) -> None:
    """The cost surface J(θ0, θ1) as contours, and the route gradient descent took over it."""
    from tfcourse import plots

    route = np.vstack([fit.path[:, :2], [fit.bias, fit.weights[0]]])  # (steps + 1, 2)
    lo, hi = route.min(axis=0), route.max(axis=0)  # (2,), (2,)
    pad = 0.25 * (hi - lo) + 0.5
    plots.plot_cost_surface(plots.linear_cost(np.ravel(data.x_train), data.y_train),
                            (lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1]),
                            path_points=route, path=f"{out}/cost_surface.png",
                            title="Superficie de costo — J(θ0, θ1) and the descent's path")


# %% [markdown]
# ## 2. Muchas variables — ten real features (diabetes)
# The features are standardised with the training split's mean and deviation: gradient descent
# needs comparable scales to converge with one learning rate.


# %%
def diabetes(cfg: Config, strategy, out: str) -> dict:
    from tfcourse import plots
    from tfcourse.data import load_diabetes

    data = load_diabetes(seed=0)
    fits = fit_three_ways(data.x_train, data.y_train, dataclasses.replace(cfg, lr=0.1), strategy)
    b_ls, w_ls = least_squares(data.x_train, data.y_train)

    def r2(pred):  # fraction of the test variance explained
        return float(1 - np.mean((data.y_test - pred) ** 2) / np.var(data.y_test))

    rows = [{"implementation": name, "final cost J": float(f.losses[-1]),
             "test R²": r2(f.predict(data.x_test)), "seconds": f.seconds}
            for name, f in fits.items()]
    rows.append({"implementation": "np.linalg.lstsq", "final cost J": None,
                 "test R²": r2(b_ls + data.x_test @ w_ls), "seconds": None})
    print_table(rows, "Regresión lineal múltiple — diabetes, 10 features")
    plots.plot_losses({k: f.losses for k, f in fits.items()}, path=f"{out}/diabetes_losses.png",
                      title="diabetes — cost J per step")
    return {"diabetes": rows}


# %%
def main(argv=None) -> int:
    cfg, strategy = start(Config, argv, description="Linear regression three ways",
                          quick={"steps": 300})
    out = output_dir(cfg.out, "linear_regression")
    return finish(cfg, out, {**the_line(cfg, strategy, out), **diabetes(cfg, strategy, out)})


if __name__ == "__main__":
    raise SystemExit(main())
