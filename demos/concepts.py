# %% [markdown]
# # Conceptos — what happens inside a network, by hand and checked against TensorFlow
#
# **Lesson 3 of the workshop** (talks 000, 001 and 003). In a notebook: run the cells from the
# top (Run All), then change a setting and run again. From a shell:
# `python -m demos run concepts [--quick] [--seed 1]` (`--help` lists every setting).
#
# Before the talks call Keras they open the box. This lesson does the same, one idea at a time,
# each written from scratch in NumPy (`tfcourse.concepts`) and then compared with what
# TensorFlow computes:
#
# 1. *funciones de activación* (activation functions) and their derivatives;
# 2. the *perceptrón* (perceptron), which learns AND and OR but never XOR, and the hidden layer
#    that fixes it;
# 3. *retropropagación* (backpropagation): Mitchell's δ rules on the talk's 5-8-2 network,
#    against `tf.GradientTape`;
# 4. *convolución* and *muestreo* (convolution and pooling) as loops, against `tf.nn`; the
#    output-size formula and a convolutional layer's parameter count;
# 5. classic *kernels* on a photograph and on a handwritten digit.
#
# Nothing here trains a Keras model: the point is to see the numbers a layer computes.

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
# `quick = True` runs the same lesson with fewer training epochs, in seconds. Everything runs
# eagerly on small arrays, so this lesson needs no `tf.distribute` strategy.

# %% tags=["parameters"]
quick = False  # fewer training epochs (XOR network, backprop): the same lesson in seconds
out = "out"  # results go to out/concepts/
seed = 0  # seed of the random inputs, images and starting weights

# %%
xor_epochs, backprop_epochs = 500, 300  # gradient-descent epochs of the XOR and 5-8-2 networks
if quick:
    xor_epochs, backprop_epochs = min(xor_epochs, 200), min(backprop_epochs, 100)

from tfcourse.lesson import output_dir, print_table, save_metrics  # noqa: E402 (starts TF quietly)

import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from tfcourse import plots  # noqa: E402

results_dir = output_dir(out, "concepts")
print(f"Results go to {results_dir}")

# %% [markdown]
# ## 1. Funciones de activación — activation functions and their derivatives
# A neuron computes a weighted sum z = w·x + b and passes it through a non-linear function
# (*unidades no lineales*, non-linear units): without it, any stack of layers would still be a
# single linear map. The talks use three element-wise ones, the *sigmoide* (sigmoid), the
# *tangente hiperbólica* (tanh) and *ReLU*:
#
# $$\sigma(z) = \frac{1}{1 + e^{-z}}, \qquad \sigma'(z) = \sigma(z)\,\bigl(1 - \sigma(z)\bigr)$$
#
# $$\tanh(z) = \frac{e^{z} - e^{-z}}{e^{z} + e^{-z}}, \qquad \tanh'(z) = 1 - \tanh^2(z)$$
#
# $$\mathrm{ReLU}(z) = \max(0, z), \qquad \mathrm{ReLU}'(z) = \begin{cases} 1 & z > 0 \\
#   0 & z \le 0 \end{cases}$$
#
# and, for a multiclass output, *softmax*, which turns k scores into k probabilities:
# $\mathrm{softmax}(z)_j = e^{z_j} / \sum_k e^{z_k}$.
#
# The derivatives matter because backpropagation (section 3) multiplies by them at every layer.
# `tfcourse.concepts.activations` holds each function and its derivative; here they are at a
# few points.

# %%
from tfcourse.concepts import activations as act  # noqa: E402

z = np.array([-4.0, -1.0, 0.0, 1.0, 4.0])  # (5,)
print_table([{"z": float(zi),
              "σ(z)": float(act.sigmoid(zi)), "σ'(z)": float(act.sigmoid_grad(zi)),
              "tanh(z)": float(act.tanh(zi)), "tanh'(z)": float(act.tanh_grad(zi)),
              "ReLU(z)": float(act.relu(zi)), "ReLU'(z)": float(act.relu_grad(zi))} for zi in z],
            "Funciones de activación — values and derivatives at a few points")
grid = np.linspace(-10, 10, 2001)  # (2001,)
print(f"Largest σ'(z) on [−10, 10]: {act.sigmoid_grad(grid).max():.4f}, at "
      f"z = {grid[act.sigmoid_grad(grid).argmax()]:.1f}; largest tanh'(z): "
      f"{act.tanh_grad(grid).max():.4f}. ReLU' is exactly 1 wherever z > 0.")

# %% [markdown]
# Each function (solid) and its derivative (dashed). The sigmoid's slope is at most 1/4, so
# every sigmoid layer multiplies the error signal travelling backwards by at most 1/4 (before
# the weights); tanh's slope is at most 1; ReLU's is 1 for any positive input, which is one
# reason it became the default for hidden layers (*ReLu: capas ocultas*, talk 000).

# %%
plots.plot_activations(act.ACTIVATIONS, path=f"{results_dir}/activations.png")

# %% [markdown]
# **Checked against Keras.** The same functions on 640 random normal inputs (standard
# deviation 4), in
# NumPy (float64) and in `keras.activations` (float32). The last row feeds softmax the logits
# 1000, 1001, 1002: the naive formula computes e¹⁰⁰⁰, which overflows; ours subtracts the
# largest logit first, which changes nothing mathematically (the factor cancels).

# %%
x = np.random.default_rng(seed).normal(scale=4.0, size=(64, 10))  # (64, 10)
x32 = tf.constant(x, tf.float32)  # (64, 10)
activation_rows = []
for name, ours, theirs in (("sigmoid", act.sigmoid, keras.activations.sigmoid),
                           ("tanh", act.tanh, keras.activations.tanh),
                           ("relu", act.relu, keras.activations.relu),
                           ("softmax", act.softmax, keras.activations.softmax)):
    diff = np.abs(ours(x) - np.asarray(theirs(x32))).max()
    activation_rows.append({"función — function": name, "max |NumPy − Keras|": float(diff)})
big = np.array([[1000.0, 1001.0, 1002.0]])  # (1, 3)
activation_rows.append({"función — function": "softmax([1000, 1001, 1002])",
                        "max |NumPy − Keras|": float(np.abs(act.softmax(big) - np.asarray(
                            keras.activations.softmax(tf.constant(big)))).max())})
print_table(activation_rows, "Funciones de activación — NumPy against keras.activations")
with np.errstate(over="ignore", invalid="ignore"):  # e^1000 = inf, inf/inf = nan
    naive = np.exp(big) / np.exp(big).sum()
print(f"softmax([1000, 1001, 1002]): naive {naive[0]}, ours {act.softmax(big)[0].round(4)}")
worst = max(r["max |NumPy − Keras|"] for r in activation_rows)
print(f"Largest difference {worst:.1e}: "
      + ("float32 rounding (about 1e-7), so NumPy and Keras compute the same functions."
         if worst < 1e-6 else "LARGER than float32 rounding: the two disagree."))

# %% [markdown]
# ## 2. Perceptrón — the perceptron rule, and XOR
# The *perceptrón* (talk 001) is "un clasificador lineal simple que puede resolver problemas de
# clasificación que son linealmente separables". It learns a decision function
#
# $$f(\mathbf{x}) = \operatorname{sign}(\mathbf{w}\cdot\mathbf{x} + b), \qquad
#   \mathbf{w} \in \mathbb{R}^d,\ t \in \{-1, 1\}$$
#
# with its learning rule: visit the examples one by one; when the prediction o = f(x) is right,
# change nothing; on a mistake, push the boundary towards the example:
#
# $$\mathbf{w} \leftarrow \mathbf{w} + \eta\, t\, \mathbf{x}, \qquad b \leftarrow b + \eta\, t$$
#
# (The slide writes Δw = η (t − o) x, which is the same rule: it is 0 when o = t, and 2ηt x on
# a mistake, the 2 folded into η; `train_perceptron` uses the slide's form.)
# *Convergencia está garantizada* (convergence is guaranteed) when a line separates the
# classes. `tfcourse.concepts.perceptron.train_perceptron` runs the rule on the truth tables
# of three *compuertas lógicas* (logic gates), reading the output 0 as t = −1.

# %%
from tfcourse.concepts import perceptron as pc  # noqa: E402

X_gate, _ = pc.logic_gate("and")  # (4, 2): the inputs (0,0), (0,1), (1,0), (1,1)
print_table([{"x1": int(a), "x2": int(b), **{g.upper(): pc.GATES[g][i] for g in pc.GATES}}
             for i, (a, b) in enumerate(X_gate)], "Tablas de verdad — truth tables")

perceptron_rows, perceptron_fits = [], {}
for gate in ("and", "or", "xor"):
    X, y = pc.logic_gate(gate)  # (4, 2), (4,)
    fit = pc.train_perceptron(X, y, max_epochs=100, seed=seed)
    perceptron_fits[gate] = fit
    perceptron_rows.append({"compuerta — gate": gate.upper(), "model": "perceptron",
                            "converged": fit.converged, "epochs": len(fit.errors),
                            "outputs": (fit.predict(X) > 0).astype(int).tolist()})
    print(f"{gate.upper()}: w = {fit.weights.round(2)}, b = {fit.bias:.2f}. {fit.message}")
print(f"XOR: mistakes in the perceptron's last 8 epochs: {perceptron_fits['xor'].errors[-8:]}")

# %% [markdown]
# XOR is 1 when exactly one input is 1: (0,1) and (1,0) on one side, (0,0) and (1,1) on the
# other. No straight line separates them, so the rule keeps moving the line back and forth
# and never stops making mistakes. A network with one *capa oculta* (hidden layer) of four
# sigmoid units can draw two lines and combine them. `pc.solve_xor` trains such a 2-4-1 network
# with backpropagation (the algorithm of the next section): all four rows per step, η = 1,
# momentum 0.9. A network output above 0.5 reads as 1.

# %%
xor = pc.solve_xor(seed=seed, epochs=xor_epochs)
solved = bool((xor.predictions == [0, 1, 1, 0]).all())
perceptron_rows.append({"compuerta — gate": "XOR", "model": "2-4-1 sigmoid network",
                        "converged": solved, "epochs": len(xor.errors) - 1,
                        "outputs": xor.predictions.tolist()})
X, y = pc.logic_gate("xor")  # (4, 2), (4,)
print_table([{"x1": int(a), "x2": int(b), "XOR t": int(t),
              "perceptron": int(p > 0), "network o": float(o), "network o > 0.5": int(o > 0.5)}
             for (a, b), t, p, o in zip(X, y, perceptron_fits["xor"].predict(X), xor.outputs)],
            "XOR — the truth table, the perceptron's outputs and the network's")
print_table(perceptron_rows, "Perceptrón — what a single unit can and cannot learn")

# %%
learned = [r["compuerta — gate"] for r in perceptron_rows
           if r["model"] == "perceptron" and r["converged"]]
failed = [r["compuerta — gate"] for r in perceptron_rows
          if r["model"] == "perceptron" and not r["converged"]]
print(f"The perceptron learned {' and '.join(learned) or 'no gate'}"
      + (f" and did not converge on {' and '.join(failed)}" if failed else "")
      + "; the 2-4-1 network "
      + (f"outputs {xor.predictions.tolist()}: XOR solved." if solved else
         f"outputs {xor.predictions.tolist()}: XOR NOT solved in {xor_epochs} epochs "
         "(try more epochs or another seed)."))

# %% [markdown]
# The network's *frontera de decisión* (decision boundary): the plane coloured by the class it
# predicts. The 0s lie in a band between two lines and the 1s outside it: a shape no single
# perceptron, with its one line, can draw.

# %%
plots.plot_decision_boundary(lambda p: (xor.network.predict(p)[:, 0] > 0.5).astype(int),
                             X, y, class_names=["0", "1"],
                             title="XOR — one hidden layer draws two lines",
                             path=f"{results_dir}/xor_boundary.png")

# %% [markdown]
# ## 3. Retropropagación — backpropagation by hand vs `tf.GradientTape`
# Talk 001's network has 5 inputs, 8 hidden sigmoid units and 2 outputs, "definida por
# matrices de pesos: U (5x8) y W (8x2)", with the slide's values (`bp.TALK_U`, `bp.TALK_W`):
#
# $$\mathbf{o}_h = \sigma(\mathbf{x} U + \mathbf{c}), \qquad
#   \mathbf{o} = \sigma(\mathbf{o}_h W + \mathbf{b}), \qquad
#   E = \tfrac12 \sum_{d} \sum_{k} (t_{kd} - o_{kd})^2$$
#
# T. Mitchell's BACKPROPAGATION (Machine Learning, 1997, table 4.2), as the talk shows it:
# propagate an example forward, then compute an error term δ for every output unit k and every
# hidden unit h, from the outputs backwards,
#
# $$\delta_k = o_k (1 - o_k)(t_k - o_k) \qquad\qquad
#   \delta_h = o_h (1 - o_h) \sum_{k} w_{kh}\, \delta_k$$
#
# and move every weight by its δ times its input (a bias is a weight whose input is 1), with
# Mitchell's *momentum* α reusing a part of the previous step:
#
# $$\Delta w_{ji}(n) = \eta\, \delta_j\, x_{ji} + \alpha\, \Delta w_{ji}(n-1), \qquad
#   w_{ji} \leftarrow w_{ji} + \Delta w_{ji}(n)$$
#
# The o(1 − o) factors are σ' from section 1, and the sum over k is the *regla de la cadena*
# (chain rule) carrying the error back through W: δ is exactly −∂E/∂(weighted sum), so
# ηδx = −η ∂E/∂w is a gradient-descent step.
#
# Here is one example by hand, x = (1, 0, 1, 0, 1). Its targets: output 1 says "at least three
# inputs are 1", output 2 says "x₁ or x₅ is 1"; both are true, and, as Mitchell does, we ask
# for 0.9 rather than 1 (and 0.1 rather than 0), values a sigmoid can reach.

# %%
from tfcourse.concepts import backprop as bp  # noqa: E402

net = bp.talk_network()  # U (5, 8), c (8,) = 0, W (8, 2), b (2,) = 0
x1 = np.array([1.0, 0.0, 1.0, 0.0, 1.0])  # (5,)
t1 = np.array([0.9, 0.9])  # (2,)
o_h = act.sigmoid(x1 @ net.U + net.c)  # (8,)   hidden outputs
o_k = act.sigmoid(o_h @ net.W + net.b)  # (2,)   network outputs
delta_k = o_k * (1 - o_k) * (t1 - o_k)  # (2,)   T4.3
delta_h = o_h * (1 - o_h) * (net.W @ delta_k)  # (8,)   T4.4: Σk w_kh δk
small = {"float_kind": lambda v: f"{v:.2e}"}  # the δs are small: print them in e-notation
print(f"o_h = {o_h.round(3)}\no_k = {o_k.round(4)}, t = {t1}\n"
      f"δ_k = {np.array2string(delta_k, formatter=small)}\n"
      f"δ_h = {np.array2string(delta_h, formatter=small, max_line_width=100)}")
eta = 0.1
print(f"Δw from hidden unit 1 to output 1: η·δ_1·o_h1 = {eta} × {delta_k[0]:.5f} × "
      f"{o_h[0]:.4f} = {eta * delta_k[0] * o_h[0]:.2e}")
g1 = bp.gradients(net, x1[None], t1[None])  # ∂E/∂U, ∂E/∂c, ∂E/∂W, ∂E/∂b of this example
print(f"bp.gradients agrees: −∂E/∂W = o_h δ_kᵀ to "
      f"{np.abs(-g1.W - np.outer(o_h, delta_k)).max():.1e}, "
      f"−∂E/∂U = x δ_hᵀ to {np.abs(-g1.U - np.outer(x1, delta_h)).max():.1e}")

# %% [markdown]
# **Checked against GradientTape.** The data set is all 32 five-bit inputs with the two targets
# above. `bp.gradients` computes the deltas for all of them at once and sums δ·x over the
# examples; `tf.GradientTape` records the forward pass of the same network in float64 and
# differentiates E by the chain rule, knowing nothing of δs.

# %%
import itertools  # noqa: E402

X = np.array(list(itertools.product([0.0, 1.0], repeat=5)))  # (32, 5): every 5-bit input
t = np.stack([X.sum(axis=1) >= 3, np.logical_or(X[:, 0], X[:, 4])], axis=1)  # (32, 2)
T = 0.1 + 0.8 * t  # (32, 2): Mitchell's 0.1 / 0.9 targets

ours = bp.gradients(net, X, T)
params = [tf.Variable(getattr(net, n), dtype=tf.float64) for n in "UcWb"]
with tf.GradientTape() as tape:
    U, c, W, b = params
    O = tf.sigmoid(tf.sigmoid(X @ U + c) @ W + b)  # (32, 2)
    E = 0.5 * tf.reduce_sum((T - O) ** 2)
theirs = tape.gradient(E, params)
gradient_rows = [{"gradient": f"∂E/∂{n}", "shape": str(getattr(net, n).shape),
                  "max relative difference": float(np.abs(getattr(ours, n) - g.numpy()).max()
                                                   / np.abs(g.numpy()).max())}
                 for n, g in zip("UcWb", theirs)]
print(f"E: NumPy {bp.squared_error(net, X, T):.10f}, GradientTape {float(E):.10f}")
print_table(gradient_rows, "Retropropagación — Mitchell's deltas against GradientTape (float64)")
worst = max(r["max relative difference"] for r in gradient_rows)
print(f"Largest relative difference {worst:.1e}: "
      + ("float64 rounding, so the δ rules ARE the chain rule." if worst < 1e-10
         else "more than float64 rounding: the two disagree."))

# %% [markdown]
# **Training.** `bp.train_network` repeats the update epoch after epoch, three ways the talk
# lists (*SGD, más momentum, mini-batches*): stochastic gradient descent, one example per
# update, as Mitchell writes it; the same with momentum α = 0.9; and mini-batches of 8 examples
# with momentum (a batch's gradient is the sum over its examples, as in E). All start from the
# slide's weights with η = 0.1.

# %%
runs = {"SGD, one example at a time": dict(batch_size=1),
        "SGD + momentum 0.9": dict(batch_size=1, momentum=0.9),
        "mini-batches of 8 + momentum": dict(batch_size=8, momentum=0.9)}
errors = {label: bp.train_network(net, X, T, lr=eta, epochs=backprop_epochs, seed=seed,
                                  **kw).errors for label, kw in runs.items()}
training_rows = [{"training": k, "epochs": backprop_epochs, "E before": float(v[0]),
                  "E after": float(v[-1])} for k, v in errors.items()]
print_table(training_rows, f"Retropropagación — training the 5-8-2 network (η = {eta})")
best = min(training_rows, key=lambda r: r["E after"])
sgd, mom = training_rows[0]["E after"], training_rows[1]["E after"]
lowered = all(r["E after"] < r["E before"] for r in training_rows)
print(f"Every run {'lowered' if lowered else 'did NOT lower'} E. Lowest after "
      f"{backprop_epochs} epochs: {best['training']} (E = {best['E after']:.4f}). "
      + (f"Momentum ended {sgd / mom:.1f}× lower than plain SGD." if mom < sgd else
         "Momentum did not beat plain SGD in this run."))

# %% [markdown]
# E after every epoch (log scale). With α = 0.9 each step carries on in the direction of the
# last ones, so on this problem momentum is expected to reach a low error in far fewer epochs
# (measured with seed 0: E = 0.097 with momentum against 1.31 without after 100 epochs, quick
# mode; 0.090 against 0.255 after 300, full mode). Mini-batches of 8 take 4 times fewer steps
# per epoch, each summing 8 examples' gradients, and end close to one-at-a-time momentum.

# %%
plots.plot_losses(errors, path=f"{results_dir}/backprop_errors.png", xlabel="epoch",
                  ylabel="error E", title="Retropropagación — E = ½Σ(t − o)² per epoch, 5-8-2 network")

# %% [markdown]
# ## 4. Convolución y muestreo — convolution and pooling by hand vs `tf.nn`
# A *capa convolucional* (convolutional layer) slides a small *kernel* (filter) over the image
# (*ventaneo*, windowing) and at each position takes the dot product of the kernel with the
# patch under it:
#
# $$y_{ij} = \sum_{u=0}^{K-1} \sum_{v=0}^{K-1} x_{i+u,\, j+v}\; k_{uv}$$
#
# (like `tf.nn.conv2d`, the kernel is not flipped: strictly a cross-correlation; a network
# learns its kernels, so the difference does not matter). The slide's example: a 5×5 input
# and a 3×3 filter give a 3×3 output. `tfcourse.concepts.convolution.conv2d` is that double
# loop; here it is on a random 0/1 image and a kernel of −1, 0 and 1.

# %%
from tfcourse.concepts import convolution as cv  # noqa: E402

rng = np.random.default_rng(seed)
image = rng.integers(0, 2, (5, 5)).astype(np.float32)  # (5, 5)
kernel = rng.integers(-1, 2, (3, 3)).astype(np.float32)  # (3, 3)
feature_map = cv.conv2d(image, kernel)  # (3, 3)
print(f"input 5×5:\n{image.astype(int)}\nkernel 3×3:\n{kernel.astype(int)}\n"
      f"output 3×3:\n{feature_map.astype(int)}")
print(f"Top-left output by hand: Σ (top-left 3×3 patch × kernel) = "
      f"{int(np.sum(image[:3, :3] * kernel))}")
tf_map = tf.nn.conv2d(image[None, :, :, None], kernel[:, :, None, None], 1, "VALID")  # (1, 3, 3, 1)
print(f"tf.nn.conv2d gives:\n{tf_map[0, :, :, 0].numpy().astype(int)}")

# %% [markdown]
# *Muestreo* (pooling) slides a window the same way but has no weights: *muestreo máximo*
# (max pooling) keeps the largest value under the window, average pooling the mean. On a
# 0/1 image almost every window holds a 1, so the examples use a 5×5 grid of digits 0–9.
# The slide's example (talk 000): 3×3 max pooling with *paso* (stride) 1 takes 5×5 to 3×3.
# Talk 003's: 2×2 windows with stride 2 do not overlap and halve the size (the fifth row and
# column are left over with `"valid"` padding).
# The by-hand functions take Keras's argument names (`pool_size`, `strides`, `padding`), so
# `cv.max_pool2d(values, 3, strides=1)` reads as `keras.layers.MaxPooling2D(3, strides=1)` does.

# %%
values = rng.integers(0, 10, (5, 5)).astype(np.float32)  # (5, 5)
pooled = cv.max_pool2d(values, 3, strides=1)  # (3, 3)
print(f"input 5×5:\n{values.astype(int)}\nmax pool 3×3, stride 1: "
      f"5×5 → {pooled.shape[0]}×{pooled.shape[1]}\n{pooled.astype(int)}")
tf_pooled = tf.nn.max_pool2d(values[None, :, :, None], 3, 1, "VALID")[0, :, :, 0]  # (3, 3)
print(f"tf.nn.max_pool2d gives:\n{tf_pooled.numpy().astype(int)}")
print(f"max pool 2×2, stride 2:\n{cv.max_pool2d(values, 2, strides=2).astype(int)}\n"
      f"average pool 2×2, stride 2:\n{cv.avg_pool2d(values, 2, strides=2)}")

# %% [markdown]
# **Checked against `tf.nn`**, for both strides and both of TensorFlow's paddings: `"valid"`
# (no padding) and `"same"` (zeros around the input so that, at stride 1, the output is as
# large as the input).

# %%
as_tf = lambda a: tf.constant(a[None, :, :, None])  # noqa: E731  (5, 5) → (1, 5, 5, 1)
cases = [("conv 3×3", lambda s, p: cv.conv2d(image, kernel, strides=s, padding=p),
          lambda s, p: tf.nn.conv2d(as_tf(image), kernel[:, :, None, None], s, p.upper())),
         ("max pool 3×3", lambda s, p: cv.max_pool2d(image, 3, strides=s, padding=p),
          lambda s, p: tf.nn.max_pool2d(as_tf(image), 3, s, p.upper())),
         ("max pool 2×2", lambda s, p: cv.max_pool2d(image, 2, strides=s, padding=p),
          lambda s, p: tf.nn.max_pool2d(as_tf(image), 2, s, p.upper())),
         ("avg pool 2×2", lambda s, p: cv.avg_pool2d(image, 2, strides=s, padding=p),
          lambda s, p: tf.nn.avg_pool2d(as_tf(image), 2, s, p.upper()))]
convolution_rows = []
for name, ours_fn, theirs_fn in cases:
    for stride in (1, 2):
        for padding in ("valid", "same"):
            a = ours_fn(stride, padding)  # (h, w)
            b = np.asarray(theirs_fn(stride, padding))[0, :, :, 0]  # (h, w)
            convolution_rows.append({"operation": name, "stride": stride, "padding": padding,
                                     "5×5 →": "×".join(map(str, a.shape)),
                                     "max |ours − tf.nn|": float(np.abs(a - b).max())})
print_table(convolution_rows, "Convolución y muestreo — by hand against tf.nn, on a 5×5 input")
worst = max(r["max |ours − tf.nn|"] for r in convolution_rows)
print(f"Largest difference {worst:.1e} over {len(convolution_rows)} cases: the loops "
      + ("compute what tf.nn computes." if worst < 1e-6 else "DISAGREE with tf.nn."))

# %% [markdown]
# ### Tamaño de la salida — the output size
# The table's sizes follow one formula (talk 003). For an input W wide, a kernel K wide,
# *relleno* (padding) P zeros on each side and *paso* (stride) S:
#
# $$W_{out} = \frac{W - K + 2P}{S} + 1 \qquad\qquad
#   \text{the slide: } \frac{5 - 3 + 0}{1} + 1 = 3,\ \text{so } 5{\times}5 \circledast 3{\times}3
#   \to 3{\times}3$$
#
# Pooling windows obey the same formula (3×3 max pooling, stride 1: 5×5 → 3×3; 2×2, stride 2:
# an even size halves). When the stride does not divide W − K + 2P, the last window would
# stick out of the input: frameworks drop the rows no window reaches and round down,
# ⌊(W − K + 2P)/S⌋ + 1, as `cv.output_size` does (ResNet-50's first layer below, one of the
# transfer lesson's bases). Each case is checked against the shape of `tf.nn.conv2d` with that
# explicit padding.

# %%
size_rows = []
for W, K, P, S, what in [(5, 3, 0, 1, "the slide's convolution"),
                         (5, 3, 0, 1, "the slide's 3×3 max pooling"),
                         (28, 5, 0, 1, "LeNet's first conv on a 28×28 digit"),
                         (28, 5, 2, 1, "the same with P = 2 ('same')"),
                         (28, 2, 0, 2, "2×2 pooling, stride 2"),
                         (7, 3, 0, 2, "stride 2"),
                         (224, 7, 3, 2, "ResNet-50's first layer (stride 2)")]:
    tf_out = tf.nn.conv2d(tf.zeros((1, W, W, 1)), tf.zeros((K, K, 1, 1)), S,
                          [[0, 0], [P, P], [P, P], [0, 0]]).shape[1]
    size_rows.append({"case": what, "W": W, "K": K, "P": P, "S": S,
                      "⌊(W − K + 2P)/S⌋ + 1": cv.output_size(W, K, P, S), "tf.nn.conv2d": tf_out})
print_table(size_rows, "Tamaño de la salida — the formula against tf.nn.conv2d")
print("The formula " + ("matches" if all(r["⌊(W − K + 2P)/S⌋ + 1"] == r["tf.nn.conv2d"]
                                         for r in size_rows) else "does NOT match")
      + " TensorFlow's output size in every case.")
print("ResNet-50's first layer:", cv.explain_output_size(224, 7, 3, 2))

# %% [markdown]
# ### Parámetros — a convolutional layer's parameter count
# A layer with C_out filters, each K×K over C_in input channels, plus one bias per filter, has
#
# $$(K \cdot K \cdot C_{in} + 1) \cdot C_{out}$$
#
# parameters, whatever the size of the image: the same kernel is reused at every position
# (weight sharing), which is why convolutional layers are so much smaller than dense ones.
# The formula against Keras's `Conv2D.count_params()`:

# %%
param_rows = []
for K, C_in, C_out, what in [(3, 1, 1, "the 3×3 kernel above"),
                             (5, 1, 6, "LeNet conv 1"), (5, 6, 16, "LeNet conv 2"),
                             (3, 3, 32, "3×3 on an RGB image, 32 filters")]:
    layer = keras.layers.Conv2D(C_out, K)
    layer.build((None, 28, 28, C_in))
    param_rows.append({"layer": what, "K": K, "C_in": C_in, "C_out": C_out,
                       "(K·K·C_in + 1)·C_out": (K * K * C_in + 1) * C_out,
                       "keras count_params": layer.count_params()})
print_table(param_rows, "Parámetros de una capa convolucional — the formula against Keras")
print("The formula " + ("matches" if all(r["(K·K·C_in + 1)·C_out"] == r["keras count_params"]
                                         for r in param_rows) else "does NOT match")
      + " Keras's count for every layer.")

# %% [markdown]
# ## 5. Kernels — identity, Laplacian, blur, sharpen and edges
# Talk 003 shows what a few hand-made 3×3 kernels do to a picture before explaining that a CNN
# *learns* its own (*al entrenar una CNN no se configuran los pesos del kernel manualmente*):
#
# $$\text{Identidad} \begin{bmatrix} 0 & 0 & 0 \\ 0 & 1 & 0 \\ 0 & 0 & 0 \end{bmatrix}
#   \qquad \text{Laplaciano} \begin{bmatrix} 0 & 1 & 0 \\ 1 & -4 & 1 \\ 0 & 1 & 0 \end{bmatrix}
#   \qquad \text{Desenfoque} \ \tfrac19 \begin{bmatrix} 1 & 1 & 1 \\ 1 & 1 & 1 \\ 1 & 1 & 1
#   \end{bmatrix}$$
#
# The identity copies the image; the Laplacian is 0 on flat areas and large at edges; the
# blur averages each pixel's neighbourhood; *enfoque* (sharpen) is the identity minus the
# Laplacian; the Sobel kernels respond to brightness changing left-to-right (x) or
# top-to-bottom (y). `tfcourse.concepts.kernels.apply_kernel` computes what `conv2d` does,
# all positions at once. Each figure shows the kernel (red positive, blue negative) above its
# result, first on a photo that ships with scikit-learn (grey, halved to 213×320).

# %%
from tfcourse.concepts import kernels as kn  # noqa: E402

chosen = {n: kn.KERNELS[n] for n in ("identity", "laplacian", "box_blur", "sharpen",
                                     "sobel_x", "sobel_y")}
photo = kn.sample_photo()  # (213, 320)
plots.plot_kernels(photo, chosen, {n: kn.apply_kernel(photo, k) for n, k in chosen.items()},
                   path=f"{results_dir}/kernels_photo.png",
                   title="Kernels de convolución — on a photo")

# %% [markdown]
# The same kernels on a 28×28 handwritten digit, the size of the images the next lessons
# classify: the edge kernels already outline the strokes, the kind of feature a CNN's first
# layer learns (see the `cnn` lesson's filters).

# %%
digit = kn.sample_digit()  # (28, 28)
plots.plot_kernels(digit, chosen, {n: kn.apply_kernel(digit, k) for n, k in chosen.items()},
                   path=f"{results_dir}/kernels_digit.png",
                   title="Kernels de convolución — on a digit")

# %% [markdown]
# ## Resultados — what to take away
# - Activations and their derivatives are a few lines of NumPy, and Keras computes the same
#   numbers. The sigmoid's derivative is at most 1/4; ReLU's is 1 wherever the unit is active.
# - A perceptron learns any linearly separable gate and never XOR; one hidden layer, trained
#   by backpropagation, learns it.
# - Mitchell's δ rules are the chain rule: on the talk's 5-8-2 network they give the gradients
#   GradientTape gives, to float64 rounding. Momentum speeds training up (measured above).
# - Convolution and pooling are windowed loops; their output size is (W − K + 2P)/S + 1, and a
#   convolutional layer has (K·K·C_in + 1)·C_out parameters whatever the image size.
#
# Things to try: `seed = 1` and run again (other random inputs, images and starting weights:
# the checks must still agree); in the XOR cell call `pc.solve_xor(..., hidden=2)` (two hidden
# units are enough in principle, but from some starting weights training gets stuck); in the
# backprop cells change `eta` or the momentum; add your own kernel to `chosen`, e.g.
# `np.array([[1, 1, 1], [1, -8, 1], [1, 1, 1]])`.
#
# The numbers are saved to `metrics.json` in the results folder.

# %%
save_metrics(results_dir, {
    "settings": {"quick": quick, "out": out, "seed": seed},
    "activations": activation_rows, "perceptron": perceptron_rows,
    "backprop": {"gradients": gradient_rows, "training": training_rows},
    "convolution": convolution_rows})

# %% [markdown]
# ## Ejercicios
# Replace each `____` with your answer and run the check under it: it says whether the answer is
# right and, if not, what is wrong. `ej.q1.hint()` gives a hint (another on each call),
# `ej.q1.solution()` the answer; `lang="en"` (or `TFCOURSE_LANG=en`) switches to English.

# %%
from tfcourse.exercises import ____, concepts as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 1 — tamaño de la salida.** Write `output_size(W, K, P, S)` = (W − K + 2P)/S + 1,
# rounding down as the frameworks do.

# %% tags=["exercise"]
def output_size(W, K, P, S):
    return ____


# %%
ej.q1.check(output_size)

# %% [markdown]
# **Ejercicio 2 — la regla del perceptrón.** With o = sign(w·x + b): if o ≠ t, w ← w + η·t·x and
# b ← b + η·t; if it is right, nothing changes. Return `(w, b)`.

# %% tags=["exercise"]
def update(w, b, x, t, eta):
    return ____


# %%
ej.q2.check(update)

# %% [markdown]
# **Ejercicio 3 — el δ de la salida.** Write `delta_output(o, t)`, the error term δk of each
# sigmoid output unit (Mitchell, T4.3).

# %% tags=["exercise"]
def delta_output(o, t):
    return ____


# %%
ej.q3.check(delta_output)

# %% [markdown]
# **Ejercicio 4 — parámetros de una capa convolucional.** A Conv2D with 64 filters of 3×3 reads
# the 32 feature maps of the layer before. How many parameters does it have?

# %% tags=["exercise"]
count = ____

# %%
ej.q4.check(count)
