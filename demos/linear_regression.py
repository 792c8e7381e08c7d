# %% [markdown]
# # Regresión lineal — linear regression, three ways
#
# **Lesson 1 of the workshop** (talks 000 and 002). In a notebook: run the cells from the top
# (Run All), then change a setting and run again. From a shell:
# `python -m demos run linear_regression [--quick] [--steps 300] [--cpu-replicas 2]`
# (`--help` lists every setting).
#
# The slides fit a line to points by *descenso por gradiente* (gradient descent). We write it
# three ways and check that they are the same computation:
#
# 1. NumPy, with the slides' explicit, simultaneous updates for θ0 and θ1;
# 2. the talk's TensorFlow 1 style: a *grafo de flujo de datos* (dataflow graph) run in a
#    `Session` with `feed_dict`;
# 3. TensorFlow 2: `tf.GradientTape` inside `tf.function`, under a `tf.distribute` strategy.
#
# Then the same code fits ten real features at once (scikit-learn's diabetes data), and the exact
# least-squares solution (`np.linalg.lstsq`) tells us whether gradient descent got there.

# %%
# Setup: makes `tfcourse` importable where it is not installed yet (a fresh Colab runtime, a
# plain Jupyter): installs it from the copy of the repository this notebook sits in (or that
# was cloned here). Does nothing where tfcourse is installed.
import importlib.util, pathlib, subprocess, sys  # noqa: E401

if importlib.util.find_spec("tfcourse") is None:
    here = pathlib.Path.cwd().resolve()
    repo = next((p for p in (here, *here.parents, here / "tfcourse")
                 if (p / "tfcourse" / "lesson.py").exists()), None)
    if repo is None:
        raise ModuleNotFoundError(
            "tfcourse is not installed in this kernel, and no copy of the tfcourse repository "
            f"was found in {here} or above it. Get the repository (in Colab: run "
            "`!git clone <its URL>` in a cell; elsewhere: git clone or unzip it), then run this "
            "cell again; or install it yourself: `%pip install /path/to/tfcourse`.")
    print(f"Installing tfcourse from {repo} (once; a minute or more) ...")
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", str(repo)])
    importlib.invalidate_caches()

# %% [markdown]
# ## Ajustes — settings
# Every number the lesson uses is here. Change one, then run the cells again from this one.
# `quick = True` runs the same lesson with fewer steps, in seconds.

# %% tags=["parameters"]
quick = False  # fewer steps: the same lesson in seconds
steps = 1000  # gradient-descent steps (pasos)
lr = 0.5  # learning rate α (tasa de aprendizaje) on the line; the diabetes part uses lr / 5
seed = 0  # seed of the generated line's noise
strategy = "auto"  # tf.distribute strategy for the GradientTape version: auto, cpu, gpu, mirrored
cpu_replicas: int | None = None  # split the CPU into N replicas (restart the kernel to change it)
out = "out"  # results go to out/linear_regression/

# %%
if quick:
    steps = min(steps, 300)

# tfcourse.lesson starts TensorFlow quietly (its C++ start-up lines hidden)
from tfcourse.lesson import output_dir, print_setup, print_table, save_metrics  # noqa: E402

import numpy as np  # noqa: E402

from tfcourse import plots  # noqa: E402
from tfcourse.distribute import get_strategy  # noqa: E402
from tfcourse.lowlevel import linear_regression as linreg  # noqa: E402

dist_strategy = get_strategy(strategy, cpu_replicas=cpu_replicas)  # before any other TF op
results_dir = output_dir(out, "linear_regression")
print_setup(dist_strategy, results_dir)

# %% [markdown]
# ## 1. Los datos — points around a line
# `make_line` draws points around y = 4 + 3x with Gaussian noise, split 70/15/15 into
# *entrenamiento / validación / prueba* (train / validation / test). We fit on the training
# split only.

# %%
from tfcourse.data import make_line  # noqa: E402

data = make_line(seed=seed)
print(data)
plots.plot_regression_line(data.x_train, data.y_train, {}, path=f"{results_dir}/line_data.png",
                           title="Los datos — the training points")

# %% [markdown]
# ## 2. La hipótesis y la función de costo — the model and the cost
# The hypothesis is a line, and the *función de costo* (cost function) is half the mean squared
# error over the m training points:
#
# $$h_\theta(x) = \theta_0 + \theta_1 x, \qquad
#   J(\theta_0, \theta_1) = \frac{1}{2m} \sum_{i=1}^{m} \left(h_\theta(x^{(i)}) - y^{(i)}\right)^2$$
#
# Gradient descent repeats one step: compute both partial derivatives at the current θ, then
# move **both** parameters at once (*actualización simultánea*, simultaneous update) by the
# learning rate α times the derivative:
#
# $$\theta_j := \theta_j - \frac{\alpha}{m} \sum_{i=1}^{m}
#   \left(h_\theta(x^{(i)}) - y^{(i)}\right) x_j^{(i)} \qquad (x_0 = 1)$$
#
# Here is one step by hand, from θ = (0, 0). Both gradients use the *old* θ: updating θ0 first
# and then using the new θ0 for θ1 would be a different (wrong) algorithm.

# %%
x, y = np.ravel(data.x_train), data.y_train  # (m,), (m,)
theta0, theta1 = 0.0, 0.0
error = theta0 + theta1 * x - y  # h(x) − y, shape (m,)
print(f"J before the step: {np.mean(error ** 2) / 2:.3f}")
grad0, grad1 = np.mean(error), np.mean(error * x)  # ∂J/∂θ0, ∂J/∂θ1 at the old θ
theta0, theta1 = theta0 - lr * grad0, theta1 - lr * grad1  # simultaneous update
error = theta0 + theta1 * x - y
print(f"θ = ({theta0:.3f}, {theta1:.3f}), J after one step: {np.mean(error ** 2) / 2:.3f}")

# %% [markdown]
# ## 3. Tres implementaciones — NumPy, the TF1 graph, GradientTape
# `tfcourse.lowlevel.linear_regression` runs that step `steps` times, three ways:
#
# - `fit_numpy`: the formulas above, in NumPy;
# - `fit_graph`: the talk's style: placeholders, a graph of ops, `GradientDescentOptimizer`, and
#   a `tf.compat.v1.Session` that runs the training op with a `feed_dict`;
# - `fit_tape`: TensorFlow 2: `tf.Variable`s, the cost computed under `tf.GradientTape`, which
#   records the operations and returns the gradients, inside a `tf.function` under the strategy.
#
# All three start at θ = 0 and take the same steps, so they must end at the same θ. The oracle
# is the exact minimiser of J, which `np.linalg.lstsq` solves directly.

# %%
def fit_three_ways(X, y, lr, steps):
    return {
        "numpy": linreg.fit_numpy(X, y, lr=lr, steps=steps),
        "tf1 graph": linreg.fit_graph(X, y, lr=lr, steps=steps),
        "gradient tape": linreg.fit_tape(X, y, lr=lr, steps=steps, strategy=dist_strategy),
    }


def least_squares(X, y):
    """The exact minimiser of J: the oracle gradient descent should reach."""
    A = np.c_[np.ones(len(X)), np.reshape(X, (len(X), -1))]  # (m, 1 + n): a column of ones for θ0
    theta = np.linalg.lstsq(A, y, rcond=None)[0]  # (1 + n,)
    return theta[0], theta[1:]


fits = fit_three_ways(data.x_train, data.y_train, lr, steps)
b_ls, w_ls = least_squares(data.x_train, data.y_train)
line_rows = [{"implementation": name, "final cost J": float(f.losses[-1]), "θ0": f.bias,
              "θ1": float(f.weights[0]),
              "|θ − θ_lstsq|": float(np.abs(np.r_[f.bias - b_ls, f.weights - w_ls]).max()),
              "seconds": f.seconds} for name, f in fits.items()]
line_rows.append({"implementation": "np.linalg.lstsq", "final cost J": None, "θ0": float(b_ls),
                  "θ1": float(w_ls[0]), "|θ − θ_lstsq|": 0.0, "seconds": None})
print_table(line_rows, f"Descenso por gradiente — the line, lr={lr}, {steps} steps")
gap = max(r["|θ − θ_lstsq|"] for r in line_rows)
print(f"The three implementations {'reach' if gap < 1e-3 else 'do NOT reach'} the least-squares "
      f"line (largest |θ − θ_lstsq| = {gap:.1e}).")

# %% [markdown]
# The fitted lines (they lie on top of each other), and the cost J at every step: the three
# curves coincide too, step by step.

# %%
lines = {name: (f.bias, float(f.weights[0])) for name, f in fits.items()}
lines["least squares"] = (float(b_ls), float(w_ls[0]))
plots.plot_regression_line(data.x_train, data.y_train, lines, path=f"{results_dir}/line_fit.png",
                           title="Regresión lineal — h(x) = θ0 + θ1·x")

# %%
plots.plot_losses({k: f.losses for k, f in fits.items()}, path=f"{results_dir}/line_losses.png",
                  title="Función de costo — cost J per step (the curves coincide)")

# %% [markdown]
# ## 4. Superficie de costo — the cost surface and the descent's path
# With two parameters J(θ0, θ1) is a bowl. Each point of the path is θ after one more step:
# large steps first, where the slope is steep, then ever smaller ones near the bottom.
# (`plots.plot_cost_surface`; `fit_numpy` records the path.)

# %%
route = np.vstack([fits["numpy"].path[:, :2], [fits["numpy"].bias, fits["numpy"].weights[0]]])
lo, hi = route.min(axis=0), route.max(axis=0)  # (2,), (2,): the box the path visits
pad = 0.25 * (hi - lo) + 0.5
plots.plot_cost_surface(plots.linear_cost(x, y), (lo[0] - pad[0], hi[0] + pad[0]),
                        (lo[1] - pad[1], hi[1] + pad[1]), path_points=route,
                        path=f"{results_dir}/cost_surface.png",
                        title="Superficie de costo — J(θ0, θ1) and the descent's path")

# %% [markdown]
# ## 5. Muchas variables — ten real features (diabetes)
# The same code fits h(x) = θ0 + θ1x1 + … + θ10x10 to scikit-learn's diabetes data (disease
# progression from age, body-mass index, blood pressure and six blood measurements). The
# features are standardised with the training split's mean and deviation: with comparable
# scales one learning rate suits every θj. We report R² on the test split: the fraction of its
# variance the model explains (1 is perfect, 0 is no better than predicting the mean).

# %%
from tfcourse.data import load_diabetes  # noqa: E402

diabetes = load_diabetes(seed=0)
print(diabetes)
d_fits = fit_three_ways(diabetes.x_train, diabetes.y_train, lr / 5, steps)
d_b, d_w = least_squares(diabetes.x_train, diabetes.y_train)


def r2(pred):  # fraction of the test variance explained
    return float(1 - np.mean((diabetes.y_test - pred) ** 2) / np.var(diabetes.y_test))


diabetes_rows = [{"implementation": name, "final cost J": float(f.losses[-1]),
                  "test R²": r2(f.predict(diabetes.x_test)), "seconds": f.seconds}
                 for name, f in d_fits.items()]
diabetes_rows.append({"implementation": "np.linalg.lstsq", "final cost J": None,
                      "test R²": r2(d_b + diabetes.x_test @ d_w), "seconds": None})
print_table(diabetes_rows, f"Regresión lineal múltiple — diabetes, 10 features, lr={lr / 5}")

# %%
plots.plot_losses({k: f.losses for k, f in d_fits.items()},
                  path=f"{results_dir}/diabetes_losses.png", title="diabetes — cost J per step")

# %% [markdown]
# ## Resultados — what to take away
# - The three implementations are one algorithm: same θ, same cost at every step.
# - Gradient descent reaches the least-squares answer when α and the number of steps suit the
#   data. Try `lr = 2.5` (it diverges: a `DivergenceError` says so) or `steps = 20` (it stops
#   short of the bottom of the bowl).
#
# The numbers are saved to `metrics.json` in the results folder.

# %%
save_metrics(results_dir, {
    "settings": {"quick": quick, "steps": steps, "lr": lr, "seed": seed, "strategy": strategy,
                 "cpu_replicas": cpu_replicas, "out": out},
    "line": line_rows, "diabetes": diabetes_rows})

# %% [markdown]
# ## Ejercicios
# Replace each `____` with your answer and run the cell; the `check` under it says whether it is
# right and, if not, what is wrong. `ej.q1.hint()` gives a hint (call it again for the next one),
# `ej.q1.solution()` shows the answer. Messages are in Spanish; `ej.q1.check(cost, lang="en")`
# (or `TFCOURSE_LANG=en`) gives English.

# %%
import numpy as np  # noqa: E402

from tfcourse.exercises import ____, linear_regression as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 1 — el coste.** Write the cost J(θ0, θ1) = 1/(2m) Σ (θ0 + θ1·x⁽ⁱ⁾ − y⁽ⁱ⁾)² as a
# function `cost(theta0, theta1, x, y)` returning one number (`x` and `y` are NumPy arrays).

# %% tags=["exercise"]
def cost(theta0, theta1, x, y):
    return ____


# %%
ej.q1.check(cost)

# %% [markdown]
# **Ejercicio 2 — un paso simultáneo.** Write one gradient-descent step
# `step(theta0, theta1, x, y, alpha)` returning the new `(theta0, theta1)`, both updated from the
# *old* values: θj := θj − α ∂J/∂θj.

# %% tags=["exercise"]
def step(theta0, theta1, x, y, alpha):
    return ____


# %%
ej.q2.check(step)

# %% [markdown]
# **Ejercicio 3 — la tasa de aprendizaje.** Pick a learning rate α with which `fit_numpy` gets,
# in 100 steps on `make_line()`, within 1% of the least-squares cost.

# %% tags=["exercise"]
alpha = ____

# %%
ej.q3.check(alpha)
