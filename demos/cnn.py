# %% [markdown]
# # Redes convolucionales — LeNet-5 beside a modern small CNN
#
# **Lesson 5 of the workshop** (talks 000 and 003). In a notebook: run the cells from the top
# (Run All), then change a setting and run again. From a shell:
# `python -m demos run cnn [--quick] [--epochs 20] [--dataset mnist|fashion_mnist|cifar10]`
# (`--help` lists every setting).
#
# Talk 000 shows LeNet: two *convoluciones* (convolutions) with *muestreo* (pooling) between
# them, then dense layers. Talk 003 explains the pieces — the *kernel* or *filtro* (filter), the
# *mapa de características* (feature map), stride and padding, pooling — and adds what changed
# since 1998: small 3×3 filters in pairs, *normalización por lotes* (batch normalization), ReLU,
# global average pooling and dropout. We build both networks, count their parameters by hand
# and check the count against Keras, train them on the same digits under the same
# `tf.distribute` strategy, and look inside LeNet at what its filters learned.
#
# The data are scikit-learn's handwritten digits, bundled with tfcourse and upsampled to
# MNIST's 28×28×1 (offline); `dataset` selects a TFDS source instead when it is cached.

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
# `quick = True` runs the same lesson on fewer images and epochs, in seconds.

# %% tags=["parameters"]
quick = False  # fewer images and epochs, lighter dropout: the same lesson in seconds
dataset = "digits"  # digits (bundled, offline) or a cached TFDS one: mnist, fashion_mnist, cifar10
data_dir: str | None = None  # TFDS data folder (None: TFDS's default)
train_size: int | None = None  # keep only the first N training images (None: all of them)
epochs = 20  # maximum passes over the training images (épocas)
batch_size = 32  # global batch size, split over the replicas
lr = 2e-3  # Adam learning rate (tasa de aprendizaje), both models
dropout = 0.5  # modern CNN: fraction of its features dropped at each training step
mixed_precision = False  # True: 16-bit where it pays (recent GPUs, bfloat16 CPUs)
seed = 0  # seeds the weights, the shuffling and dropout
strategy = "auto"  # tf.distribute strategy: auto, cpu, gpu, mirrored
cpu_replicas: int | None = None  # split the CPU into N replicas (restart the kernel to change it)
out = "out"  # results go to out/cnn/

# %% [markdown]
# Quick mode keeps the first 640 training images, at most 7 epochs and dropout 0.25: with 3
# epochs and dropout 0.5 (this lesson's old quick mode) the modern CNN lost to LeNet, 0.83
# against 0.90, because dropout slows a short run and batch norm needs about 100 steps to settle
# (section 4); measured over seeds 0–4, 5 epochs lost twice and 7 epochs never.

# %%
if quick:
    train_size = min(train_size or 640, 640)
    epochs = min(epochs, 7)
    dropout = min(dropout, 0.25)

# tfcourse.lesson starts TensorFlow quietly (its C++ start-up lines hidden)
from tfcourse.lesson import output_dir, print_setup, print_table, save_metrics  # noqa: E402

import numpy as np  # noqa: E402

from tfcourse import plots  # noqa: E402
from tfcourse.distribute import describe, get_strategy  # noqa: E402
from tfcourse.models import build_cnn, build_lenet  # noqa: E402
from tfcourse.train import evaluate, train  # noqa: E402

dist_strategy = get_strategy(strategy, cpu_replicas=cpu_replicas)  # before any other TF op
results_dir = output_dir(out, "cnn")
precision = print_setup(dist_strategy, results_dir, mixed_precision)

# %% [markdown]
# ## 1. Los datos — images as arrays of pixels
# An image is an array *alto × ancho × canales* (height × width × channels): MNIST's digits
# are 28×28×1 (grey), CIFAR-10's photos 32×32×3 (red, green, blue). `load_images` returns
# pixels in [0, 1] and integer labels, split into *entrenamiento / validación / prueba*
# (train / validation / test): the validation images choose when to stop, the test images are
# looked at once, at the end.

# %%
from tfcourse.data import load_images  # noqa: E402

data = load_images(dataset, size=28, data_dir=data_dir, limit=train_size)
print(data)
print(f"one image: {data.x_train.shape[1:]}, pixels in [{data.x_train.min():.0f}, "
      f"{data.x_train.max():.0f}]; training images per class: {np.bincount(data.y_train)}")

# %% [markdown]
# ## 2. La convolución — filters and feature maps
# A dense layer connects every pixel to every unit. A *capa convolucional* (convolutional
# layer) instead slides a small *kernel* or *filtro* (filter), K×K×C_in weights, across the
# image: at each position it takes the dot product of the filter with the patch under it, adds
# a bias, and writes one number. The numbers from all positions form a *mapa de
# características* (feature map), large where the image looks like the filter. A layer with
# C_out filters outputs C_out maps. The filters' weights are not set by hand (the slides'
# identity, Laplacian or blur kernels): they start random and are learned, like any weight.
#
# Each output looks at a small patch (local connectivity), and the same filter is used at
# every position (shared weights), so a convolution has few parameters and finds a pattern
# wherever it is. A map's size follows from the input's width W, the filter's size K, the
# *padding* P (zeros added around the border) and the *stride* S (the step between positions):
#
# $$W_{out} = \frac{W - K + 2P}{S} + 1$$
#
# and since each of the C_out filters has K·K·C_in weights and one bias, the layer has
#
# $$\text{parámetros (parameters)} = (K \cdot K \cdot C_{in} + 1) \cdot C_{out}$$
#
# whatever the image's size. The slides' example: a 5×5 input and a 3×3 filter give a 3×3 map,
# (5 − 3 + 0)/1 + 1 = 3; padding 1 keeps it 5×5 ("same" padding).
#
# The *capa de muestreo* (pooling layer) then summarises each map: *max pooling* keeps the
# largest value of each window, *average pooling* the mean; it has no parameters. The same
# formula gives its size: talk 000's 3×3 window with stride 1 turns a 5×5 input into 3×3, and
# LeNet's 2×2 window with stride 2 halves the width and height, (28 − 2)/2 + 1 = 14. Keeping
# the largest value of a neighbourhood also makes the network care less about exactly where a
# stroke is.
#
# ## 3. LeNet-5 (1998)
# `tfcourse.models.build_lenet`: conv 6@5×5 ("same" padding) → max pool 2×2 → conv 16@5×5 →
# max pool 2×2 → dense 120 → dense 84 → dense 10 (softmax), ReLU between them. 61,706
# parameters on 28×28×1 digits, most of them in the first dense layer.

# %%
input_shape, num_classes = data.x_train.shape[1:], data.num_classes  # (28, 28, 1), 10
lenet = build_lenet(input_shape, num_classes)
lenet.summary()

# %% [markdown]
# The same sizes and counts from the formulas, layer by layer, beside what Keras reports.
# For LeNet's first layer, 6 filters of 5×5×1: (5·5·1 + 1)·6 = 156 parameters and
# (28 − 5 + 2·2)/1 + 1 = 28. A dense layer has (n_in + 1)·n_out.

# %%
def out_size(W, K, P=0, S=1):  # (W − K + 2P)/S + 1
    return (W - K + 2 * P) // S + 1


def conv_params(K, C_in, C_out):  # (K·K·C_in + 1)·C_out
    return (K * K * C_in + 1) * C_out


c1 = out_size(input_shape[0], K=5, P=2)  # 28: "same" padding is P = (K − 1)/2
p1 = out_size(c1, K=2, S=2)  # 14
c2 = out_size(p1, K=5)  # 10: no padding ("valid")
p2 = out_size(c2, K=2, S=2)  # 5
flat = p2 * p2 * 16  # 400
by_hand = {  # layer: (output shape, parameters)
    "conv1": ((c1, c1, 6), conv_params(5, input_shape[2], 6)),
    "pool1": ((p1, p1, 6), 0),
    "conv2": ((c2, c2, 16), conv_params(5, 6, 16)),
    "pool2": ((p2, p2, 16), 0),
    "flatten": ((flat,), 0),
    "fc1": ((120,), (flat + 1) * 120),
    "fc2": ((84,), (120 + 1) * 84),
    "predictions": ((num_classes,), (84 + 1) * num_classes),
}
lenet_rows = [{"layer": name, "output by hand": shape,
               "output (Keras)": tuple(lenet.get_layer(name).output.shape[1:]),
               "parameters by hand": params,
               "count_params()": lenet.get_layer(name).count_params()}
              for name, (shape, params) in by_hand.items()]
print_table(lenet_rows, "LeNet-5 — (W − K + 2P)/S + 1 and (K·K·C_in + 1)·C_out, checked")
total = sum(r["parameters by hand"] for r in lenet_rows)
agree = all(r["output by hand"] == r["output (Keras)"]
            and r["parameters by hand"] == r["count_params()"] for r in lenet_rows)
print(f"Total by hand: {total:,}; Keras: {lenet.count_params():,}. The formulas "
      f"{'agree with Keras on every layer' if agree else 'DISAGREE with Keras'}; fc1 alone "
      f"holds {by_hand['fc1'][1] / total:.0%} of the parameters.")

# %% [markdown]
# ## 4. La CNN moderna — 3×3 filters, batch norm, global average pooling, dropout
# `tfcourse.models.build_cnn` stacks blocks of two 3×3 convolutions (two 3×3 filters see a 5×5
# patch, with fewer weights and one more ReLU than one 5×5), each followed by *normalización por
# lotes* (batch normalization) and ReLU, then a 2×2 max pool. For every channel, batch norm
# standardises the convolution's outputs with the mean μ_B and variance σ²_B of the current
# batch, then rescales them with two learned numbers γ and β:
#
# $$\hat{x} = \frac{x - \mu_B}{\sqrt{\sigma_B^2 + \epsilon}}, \qquad y = \gamma \hat{x} + \beta$$
#
# so each layer sees inputs of a steady scale, and training tolerates larger learning rates
# (the convolution needs no bias: β plays its part). A prediction must not depend on the other
# images of a batch, so at inference batch norm uses moving averages μ ← m·μ + (1 − m)·μ_B
# (and the same for σ²) collected during training, with momentum m = 0.9. They start at μ = 0,
# σ² = 1 and forget that start by a factor 0.9 a step, while our first convolution's outputs
# have a variance of about 0.001–0.01: for the first few dozen steps the averages are far off,
# and in inference mode the model predicts at chance although it has already learned something
# (measured in quick mode, seed 0: validation accuracy 0.14 and 0.10 after epochs 1 and 2, 20
# steps each, while the training accuracy rose to 0.59). The averages also lag while the
# weights move fast. A batch-norm network needs some steps before it can be judged.
#
# *Global average pooling* then averages each of the last block's 64 maps to one number: 64
# features for the classifier, however large the image (LeNet flattens 400 numbers into a
# 48,120-weight dense layer). *Dropout* sets a random fraction `dropout` of those features to
# zero at each training step (and scales the rest up by 1/(1 − rate)), so the classifier cannot
# lean on a few of them; at inference nothing is dropped.

# %%
modern = build_cnn(input_shape, num_classes, filters=(32, 64), dropout=dropout)
modern.summary()

# %% [markdown]
# ## 5. Entrenamiento — the same training for both
# `tfcourse.train.train` builds each model inside `dist_strategy.scope()`, compiles it with
# Adam and the cross-entropy loss, and fits it, one line per epoch. It stops when the
# validation loss has not improved for 6 epochs and keeps the best epoch's weights (*early
# stopping*). Interrupted, it resumes from its last completed epoch in `results_dir`.

# %%
builders = {
    "LeNet-5": lambda: build_lenet(input_shape, num_classes),
    "modern CNN": lambda: build_cnn(input_shape, num_classes, filters=(32, 64), dropout=dropout),
}


def fit(label):
    return train(builders[label], (data.x_train, data.y_train), (data.x_val, data.y_val),
                 strategy=dist_strategy,
                 global_batch_size=batch_size,  # split over the replicas
                 mixed_precision=mixed_precision, seed=seed, epochs=epochs, lr=lr, patience=6,
                 out_dir=f"{results_dir}/{label.replace(' ', '_')}", verbose=2)


runs = {"LeNet-5": fit("LeNet-5")}

# %%
runs["modern CNN"] = fit("modern CNN")

# %% [markdown]
# The learning curves: loss and accuracy per epoch on the training images (solid) and the
# validation images (dashed). The modern CNN's dashed curve can jump about in the first epochs:
# that is batch norm's moving averages catching up (section 4).

# %%
plots.plot_history({k: r.history for k, r in runs.items()},
                   path=f"{results_dir}/learning_curves.png",
                   title="Curvas de aprendizaje — learning curves")

# %% [markdown]
# ## 6. Evaluación — the test images, once
# Expected in full mode (all 1,257 training images, at most 20 epochs; measured on seeds 0 / 1 /
# 2): test accuracy 0.981 / 0.974 / 0.978 for LeNet-5, 1.000 / 1.000 / 0.985 for the modern
# CNN, with about as many parameters. 270 test images: one mistake is 0.0037.

# %%
rows = [{"model": label, "parameters": r.model.count_params(), "epochs": r.epochs,
         "val accuracy": max(r.history["val_accuracy"]),
         "test accuracy": evaluate(r, data.x_test, data.y_test)["accuracy"],
         "seconds": r.seconds} for label, r in runs.items()]
print_table(rows, f"Redes convolucionales — {dataset}, {describe(dist_strategy)}")
lenet_acc, modern_acc = (row["test accuracy"] for row in rows)
lenet_wrong, modern_wrong = (round((1 - acc) * len(data.y_test)) for acc in (lenet_acc, modern_acc))
if modern_wrong < lenet_wrong:
    print(f"The modern CNN beat LeNet-5 on the test images: {modern_acc:.3f} against "
          f"{lenet_acc:.3f} ({modern_wrong} mistakes against {lenet_wrong}).")
elif modern_wrong == lenet_wrong:
    print(f"The two tied on the test images: {modern_acc:.3f} ({modern_wrong} mistakes each).")
else:
    print(f"In this run LeNet-5 did better on the test images: {lenet_acc:.3f} against "
          f"{modern_acc:.3f} for the modern CNN. Too few epochs for batch norm to settle? See "
          f"the learning curves.")

# %% [markdown]
# What the modern CNN predicts for the first test images (true → predicted, red when wrong),
# and its *matriz de confusión* (confusion matrix): row = true digit, column = predicted, so
# the diagonal counts the right answers and anything off it is a mistake.

# %%
y_pred = runs["modern CNN"].model.predict(data.x_test, verbose=0).argmax(axis=1)  # (m,)
plots.plot_predictions(data.x_test, data.y_test, y_pred, path=f"{results_dir}/predictions.png",
                       title="Predicciones — modern CNN, true → predicted")

# %%
counts = plots.confusion_matrix(data.y_test, y_pred, num_classes)  # (10, 10)
np.fill_diagonal(counts, 0)  # keep the mistakes only
top = sorted(((counts[t, p], t, p) for t, p in zip(*np.nonzero(counts))), reverse=True)[:5]
print(f"{counts.sum()} mistakes in {len(y_pred)} test images; the most frequent "
      f"(true→predicted ×times): {', '.join(f'{t}→{p} ×{n}' for n, t, p in top) or 'none'}.")
plots.plot_confusion_matrix(data.y_test, y_pred, path=f"{results_dir}/confusion_matrix.png",
                            title="Matriz de confusión — modern CNN, test set")

# %% [markdown]
# ## 7. Por dentro — what LeNet's filters learned, and what they see in one digit
# The first layer's 6 filters are 5×5 patches of weights (red positive, blue negative), learned
# from random numbers. A band of red beside a band of blue responds to an edge in that
# direction, like the slides' hand-made kernels.

# %%
trained_lenet = runs["LeNet-5"].model
plots.plot_filters(trained_lenet.get_layer("conv1").get_weights()[0],  # (5, 5, 1, 6)
                   title="Filtros aprendidos — LeNet conv1",
                   path=f"{results_dir}/filters_conv1.png")

# %% [markdown]
# The feature maps are what each convolution and pooling layer outputs for one test digit:
# 28×28×6 → 14×14×6 → 10×10×16 → 5×5×16, the sizes computed in section 3. Each map lights up
# where its filter's pattern is.

# %%
maps = plots.feature_maps(trained_lenet, data.x_test[0])  # layer name → (H, W, C)
plots.plot_feature_maps(maps, title="Mapas de características — LeNet, one test digit",
                        path=f"{results_dir}/feature_maps.png")

# %% [markdown]
# ## Resultados — what to take away
# - A convolution is a small filter slid over the image; its output size is
#   (W − K + 2P)/S + 1 and it has (K·K·C_in + 1)·C_out parameters, whatever the image size.
# - LeNet spends most of its parameters on one dense layer; the modern CNN spends about as
#   many on filters, and in our measurements (quick mode, seeds 0–4; full mode, seeds 0–2) it
#   matched or beat LeNet on the test digits. The table above says whether it did in this run.
# - Batch norm's moving averages need about 100 steps to settle: before that, the inference-mode
#   accuracy of a batch-norm network says little about what it has learned.
#
# Things to try: `dropout = 0.0` (the modern CNN fits the training images sooner: does its test
# accuracy change?); `epochs = 3` (has its validation curve settled?); `lr = 0.01`;
# `dataset = "fashion_mnist"` or `"cifar10"` when cached (colour filters: see
# `filters_conv1.png`); `cpu_replicas = 2` (restart the kernel first).
#
# The numbers are saved to `metrics.json` in the results folder.

# %%
save_metrics(results_dir, {
    "settings": {"quick": quick, "dataset": dataset, "data_dir": data_dir,
                 "train_size": train_size, "epochs": epochs, "batch_size": batch_size, "lr": lr,
                 "dropout": dropout, "mixed_precision": mixed_precision, "seed": seed,
                 "strategy": strategy, "cpu_replicas": cpu_replicas, "out": out},
    "strategy": describe(dist_strategy), "precision": precision, "results": rows})

# %% [markdown]
# ## Ejercicios
# Replace each `____` with your answer and run the check under it: it says whether the answer is
# right and, if not, what is wrong. `ej.q1.hint()` gives a hint (another on each call),
# `ej.q1.solution()` the answer; `lang="en"` (or `TFCOURSE_LANG=en`) switches to English.

# %%
from tfcourse.exercises import ____, cnn as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 1 — LeNet-5.** Build LeNet-5 as in the lesson: a function
# `build_lenet(input_shape=(28, 28, 1), num_classes=10)` returning a `keras.Model`: conv 6@5×5
# (padding `'same'`) → max pooling 2×2 → conv 16@5×5 (`'valid'`) → max pooling 2×2 → flatten →
# dense 120 → dense 84 → dense `num_classes` with softmax, ReLU in the hidden layers. On 28×28×1
# digits it has 61,706 parameters.

# %% tags=["exercise"]
import keras  # noqa: E402


def build_lenet(input_shape=(28, 28, 1), num_classes=10):
    inputs = keras.Input(shape=input_shape)  # (B, 28, 28, 1)
    outputs = ____  # conv → pool → conv → pool → flatten → dense 120 → dense 84 → dense
    return ____  # keras.Model(inputs, outputs)


# %%
ej.q1.check(build_lenet)

# %% [markdown]
# **Ejercicio 2 — parámetros de una convolución.** In the lesson's modern CNN,
# `build_cnn((28, 28, 1), 10, filters=(32, 64))`, how many parameters has `block2_conv1`, the
# first convolution of the second block? It applies 64 filters of 3×3 to the 32 feature maps of
# the first block, and batch norm follows it, so it has no bias (`use_bias=False`).

# %% tags=["exercise"]
n_params = ____

# %%
ej.q2.check(n_params)

# %% [markdown]
# **Ejercicio 3 — la forma de la salida.** LeNet-5 on CIFAR-10's 32×32×3 images: conv 6@5×5
# (`'same'`) → max pooling 2×2 → conv 16@5×5 (`'valid'`) → max pooling 2×2. Which shape
# (height, width, channels) comes out of the second pooling? Answer with a tuple.

# %% tags=["exercise"]
shape = ____  # (height, width, channels)

# %%
ej.q3.check(shape)
