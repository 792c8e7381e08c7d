# %% [markdown]
# # Conceptos — what happens inside a network, by hand and checked against TensorFlow
#
# **Run it:** `python -m demos run concepts [--quick]`
#
# Before the talks call Keras they open the box (talks 000, 001, 003): activation functions,
# the perceptron and why it cannot learn XOR, backpropagation with the chain rule, and what a
# convolution and a pooling window compute. Each step here runs the from-scratch NumPy version
# from `tfcourse.concepts`, compares it with TensorFlow's, and leaves a picture in
# `out/concepts/`.

# %%
from __future__ import annotations

import dataclasses

import numpy as np

from demos._util import finish, output_dir, print_table


@dataclasses.dataclass
class Config:
    quick: bool = dataclasses.field(default=False, metadata={"help": "fewer epochs: seconds"})
    out: str = dataclasses.field(default="out", metadata={"help": "output root folder"})
    seed: int = dataclasses.field(default=0, metadata={"help": "random inputs and weights"})


# %% [markdown]
# ## 1. Funciones de activación — activation functions and their derivatives
# The derivative is what backpropagation multiplies by: sigmoid's is at most 0.25, ReLU's is
# 0 or 1.


# %%
def activations(cfg: Config, out: str) -> list[dict]:
    import keras
    import tensorflow as tf

    from tfcourse import plots
    from tfcourse.concepts import activations as act

    x = np.random.default_rng(cfg.seed).normal(scale=4.0, size=(64, 10))  # (64, 10)
    x32 = tf.constant(x, tf.float32)
    rows = []
    for name, ours, theirs in (("sigmoid", act.sigmoid, keras.activations.sigmoid),
                               ("tanh", act.tanh, keras.activations.tanh),
                               ("relu", act.relu, keras.activations.relu),
                               ("softmax", act.softmax, keras.activations.softmax)):
        diff = np.abs(ours(x) - np.asarray(theirs(x32))).max()
        rows.append({"función — function": name, "max |NumPy − Keras|": float(diff)})
    big = np.array([[1000.0, 1001.0, 1002.0]])  # naive exp overflows here; ours subtracts the max
    rows.append({"función — function": "softmax([1000, 1001, 1002])",
                 "max |NumPy − Keras|": float(np.abs(act.softmax(big) - np.asarray(
                     keras.activations.softmax(tf.constant(big)))).max())})
    plots.plot_activations(act.ACTIVATIONS, path=f"{out}/activations.png")
    print_table(rows, "Funciones de activación — NumPy against keras.activations")
    return rows


# %% [markdown]
# ## 2. Perceptrón — the perceptron rule, and XOR
# f(x) = sign(w·x + b); on a mistake, w ← w + η·t·x. It stops making mistakes whenever a line
# separates the classes (AND, OR) — and never on XOR, where no line does. One hidden layer of
# sigmoid units, trained by backpropagation, solves XOR.


# %%
def perceptron(cfg: Config, out: str) -> list[dict]:
    from tfcourse import plots
    from tfcourse.concepts import perceptron as pc

    rows = []
    for gate in ("and", "or", "xor"):
        X, y = pc.logic_gate(gate)
        fit = pc.train_perceptron(X, y, max_epochs=100, seed=cfg.seed)
        rows.append({"compuerta — gate": gate.upper(), "model": "perceptron",
                     "converged": fit.converged, "epochs": len(fit.errors),
                     "outputs": (fit.predict(X) > 0).astype(int).tolist()})
        print(f"{gate.upper()}: {fit.message}")
    xor = pc.solve_xor(seed=cfg.seed, epochs=200 if cfg.quick else 500)
    solved = bool((xor.predictions == [0, 1, 1, 0]).all())
    rows.append({"compuerta — gate": "XOR", "model": "2-4-1 sigmoid network", "converged": solved,
                 "epochs": len(xor.errors) - 1, "outputs": xor.predictions.tolist()})
    X, y = pc.logic_gate("xor")
    plots.plot_decision_boundary(lambda p: (xor.network.predict(p)[:, 0] > 0.5).astype(int),
                                 X, y, class_names=["0", "1"],
                                 title="XOR — one hidden layer draws two lines",
                                 path=f"{out}/xor_boundary.png")
    print_table(rows, "Perceptrón — what a single unit can and cannot learn")
    return rows


# %% [markdown]
# ## 3. Retropropagación — backpropagation by hand vs `tf.GradientTape`
# The INAOE talk's network: 5 inputs, 8 hidden sigmoid units, 2 outputs (U is 5×8, W is 8×2).
# Mitchell's rules: δₖ = oₖ(1−oₖ)(tₖ−oₖ) for an output, δₕ = oₕ(1−oₕ) Σₖ wₖₕ δₖ for a hidden
# unit, and w ← w + η δ x. Those deltas are exactly the chain rule GradientTape applies.


# %%
def backpropagation(cfg: Config, out: str) -> dict:
    import itertools

    import tensorflow as tf

    from tfcourse import plots
    from tfcourse.concepts import backprop as bp

    X = np.array(list(itertools.product([0.0, 1.0], repeat=5)))  # (32, 5): every 5-bit input
    t = np.stack([X.sum(axis=1) >= 3, np.logical_or(X[:, 0], X[:, 4])], axis=1)  # (32, 2)
    T = 0.1 + 0.8 * t  # Mitchell's 0.1 / 0.9 targets: a sigmoid never reaches 0 or 1

    net = bp.talk_network()
    ours = bp.gradients(net, X, T)
    params = [tf.Variable(getattr(net, n), dtype=tf.float64) for n in "UcWb"]
    with tf.GradientTape() as tape:
        U, c, W, b = params
        O = tf.sigmoid(tf.sigmoid(X @ U + c) @ W + b)  # (32, 2)
        E = 0.5 * tf.reduce_sum((T - O) ** 2)
    theirs = tape.gradient(E, params)
    rows = [{"gradient": f"∂E/∂{n}", "shape": str(getattr(net, n).shape),
             "max relative difference": float(np.abs(getattr(ours, n) - g.numpy()).max()
                                              / np.abs(g.numpy()).max())}
            for n, g in zip("UcWb", theirs)]
    print_table(rows, "Retropropagación — Mitchell's deltas against GradientTape (float64)")

    epochs = 100 if cfg.quick else 300
    runs = {"SGD, one example at a time": dict(batch_size=1),
            "SGD + momentum 0.9": dict(batch_size=1, momentum=0.9),
            "mini-batches of 8 + momentum": dict(batch_size=8, momentum=0.9)}
    errors = {}
    for label, kw in runs.items():
        errors[label] = bp.train(net, X, T, lr=0.1, epochs=epochs, seed=cfg.seed, **kw).errors
    plots.plot_losses(errors, path=f"{out}/backprop_errors.png",
                      title="Retropropagación — E = ½Σ(t − o)² per epoch, 5-8-2 network")
    training = [{"training": k, "epochs": epochs, "E before": float(v[0]),
                 "E after": float(v[-1])} for k, v in errors.items()]
    print_table(training, "Retropropagación — training the 5-8-2 network (η = 0.1)")
    return {"gradients": rows, "training": training}


# %% [markdown]
# ## 4. Convolución y muestreo — convolution and pooling by hand vs `tf.nn`
# Output size: (W − K + 2P)/S + 1. The slides' cases: a 5×5 input and a 3×3 filter give 3×3;
# 3×3 max pooling with stride 1 takes 5×5 to 3×3; 2×2 pooling with stride 2 halves the size.


# %%
def convolution(cfg: Config) -> list[dict]:
    import tensorflow as tf

    from tfcourse.concepts import convolution as cv

    rng = np.random.default_rng(cfg.seed)
    image = rng.integers(0, 2, (5, 5)).astype(np.float32)  # (5, 5)
    kernel = rng.integers(-1, 2, (3, 3)).astype(np.float32)  # (3, 3)
    as_tf = lambda a: tf.constant(a[None, :, :, None])  # noqa: E731  (1, H, W, 1)
    rows = []
    cases = [("conv 3×3", lambda s, p: cv.conv2d(image, kernel, stride=s, padding=p),
              lambda s, p: tf.nn.conv2d(as_tf(image), kernel[:, :, None, None], s, p.upper())),
             ("max pool 3×3", lambda s, p: cv.max_pool2d(image, 3, stride=s, padding=p),
              lambda s, p: tf.nn.max_pool2d(as_tf(image), 3, s, p.upper())),
             ("max pool 2×2", lambda s, p: cv.max_pool2d(image, 2, stride=s, padding=p),
              lambda s, p: tf.nn.max_pool2d(as_tf(image), 2, s, p.upper())),
             ("avg pool 2×2", lambda s, p: cv.avg_pool2d(image, 2, stride=s, padding=p),
              lambda s, p: tf.nn.avg_pool2d(as_tf(image), 2, s, p.upper()))]
    for name, ours, theirs in cases:
        for stride in (1, 2):
            for padding in ("valid", "same"):
                a, b = ours(stride, padding), np.asarray(theirs(stride, padding))[0, :, :, 0]
                rows.append({"operation": name, "stride": stride, "padding": padding,
                             "5×5 →": "×".join(map(str, a.shape)),
                             "max |ours − tf.nn|": float(np.abs(a - b).max())})
    print_table(rows, "Convolución y muestreo — by hand against tf.nn, on a 5×5 input")
    print(f"output_size(W=5, K=3, P=0, S=1) = {cv.output_size(5, 3, 0, 1)}  (the slide: 3×3)")
    try:
        cv.output_size(6, 3, 0, 2)
    except ValueError as err:
        print(f"output_size(W=6, K=3, P=0, S=2) → {err}")
    return rows


# %% [markdown]
# ## 5. Kernels — identity, Laplacian, blur, sharpen and edges on a real photograph
# The photo ships with scikit-learn; the digit is one of the bundled handwritten digits. A
# network learns its own kernels (see the `cnn` demo's filters); these classic ones show what
# a 3×3 weight patch can do.


# %%
def kernels(out: str) -> None:
    from tfcourse import plots
    from tfcourse.concepts import kernels as kn

    chosen = {n: kn.KERNELS[n] for n in ("identity", "laplacian", "box_blur", "sharpen",
                                         "sobel_x", "sobel_y")}
    for label, image in (("photo", kn.sample_photo()), ("digit", kn.sample_digit())):
        filtered = {n: kn.apply_kernel(image, k) for n, k in chosen.items()}
        plots.plot_kernels(image, chosen, filtered, path=f"{out}/kernels_{label}.png",
                           title=f"Kernels de convolución — on a {label}")


# %%
def main(argv=None) -> int:
    from demos._util import parse_config

    cfg = parse_config(Config, argv, description="Concepts by hand, checked against TensorFlow")
    out = output_dir(cfg.out, "concepts")
    results = {"activations": activations(cfg, out), "perceptron": perceptron(cfg, out),
               "backprop": backpropagation(cfg, out), "convolution": convolution(cfg)}
    kernels(out)
    return finish(cfg, out, results)


if __name__ == "__main__":
    raise SystemExit(main())
