# %% [markdown]
# # Perceptrón multicapa — a dense network in Keras, with and without dropout
#
# **Lesson 4 of the workshop** (talk 000: "Perceptrón multicapa", ReLU and softmax; talk 001:
# dropout and early stopping; talk 003: dropout). In a notebook: run the cells from the top
# (Run All), then change a setting and run again. From a shell:
# `python -m demos run mlp [--quick] [--epochs 10] [--dropout 0.5] [--cpu-replicas 2]
# [--dataset mnist]` (`--help` lists every setting).
#
# Softmax regression (lesson 2) draws straight borders between the classes. The *perceptrón
# multicapa* (multilayer perceptron, MLP) puts *capas ocultas* (hidden layers) of neurons
# between the pixels and the softmax: each layer computes new features from the one before, so
# the borders can bend. More parameters also means more room to memorise the training images
# instead of learning digits: *sobreajuste* (overfitting). Talk 001 lists two remedies we use
# here, *dropout* and *early stopping*, and we train the same network twice, without and with
# dropout, to compare.
#
# Data: the bundled 8×8 digits (offline); `dataset = "mnist"` or `"fashion_mnist"` through
# TensorFlow Datasets when cached.

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
# `quick = True` runs the same lesson with fewer epochs, in seconds.

# %% tags=["parameters"]
quick = False  # few epochs (and at most 5,000 training images): the same lesson in seconds
dataset = "digits"  # digits (bundled 8×8, offline), or mnist / fashion_mnist (TFDS, when cached)
data_dir: str | None = None  # TFDS data folder (default: $TFDS_DATA_DIR or ~/tensorflow_datasets)
epochs = 40  # maximum epochs (épocas: passes over the training images)
patience = 8  # early stopping: stop after this many epochs without a lower validation loss
batch_size = 32  # global batch size, split over the replicas
lr = 0.001  # Adam learning rate
dropout = 0.3  # dropout rate of the second run: fraction of hidden units switched off per step
mixed_precision = False  # True: 16-bit where it pays (recent GPUs, bfloat16 CPUs)
seed = 0  # seeds the weights, the shuffling and dropout
strategy = "auto"  # tf.distribute strategy: auto, cpu, gpu, mirrored
cpu_replicas: int | None = None  # split the CPU into N replicas (restart the kernel to change it)
out = "out"  # results go to out/mlp/

# %%
if quick:
    epochs = min(epochs, 5)

# tfcourse.lesson starts TensorFlow quietly (its C++ start-up lines hidden)
from tfcourse.lesson import output_dir, print_setup, print_table, save_metrics  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402

from tfcourse import plots  # noqa: E402
from tfcourse.distribute import describe, get_strategy  # noqa: E402
from tfcourse.models import build_mlp  # noqa: E402
from tfcourse.train import evaluate, train  # noqa: E402

dist_strategy = get_strategy(strategy, cpu_replicas=cpu_replicas)  # before any other TF op
results_dir = output_dir(out, "mlp")
precision = print_setup(dist_strategy, results_dir, mixed_precision)

# %% [markdown]
# ## 1. Los datos — the digits
# `tfcourse.data.load_images` gives pixels in [0, 1] and labels 0–9, split into
# *entrenamiento / validación / prueba* (train / validation / test). The validation images
# decide when to stop training; the test images are looked at once, at the end.

# %%
from tfcourse.data import load_images  # noqa: E402

data = load_images(dataset, size=8, data_dir=data_dir, limit=5000 if quick else None)
print(data)
plots.plot_images(data.x_train[:16], [str(label) for label in data.y_train[:16]],
                  title=f"Los datos — {dataset}, the first training images",
                  path=f"{results_dir}/samples.png")

# %% [markdown]
# ## 2. El modelo — neurons, layers, ReLU and softmax
# A neuron takes a weighted sum of its inputs plus a bias and passes it through a non-linear
# *función de activación* (activation function). A *capa densa* (dense, fully connected layer)
# is many neurons reading the same inputs: one matrix product. The MLP stacks them
# (talk 000: "conjuntos de neuronas completamente conectadas"):
#
# $$h_1 = \mathrm{ReLU}(x W_1 + b_1), \qquad h_2 = \mathrm{ReLU}(h_1 W_2 + b_2), \qquad
#   \hat y = \mathrm{softmax}(h_2 W_3 + b_3)$$
#
# - $\mathrm{ReLU}(z) = \max(0, z)$ in the hidden layers (talk 000: "ReLu: capas ocultas"):
#   cheap, and its slope is 1 wherever a unit is active, so gradients pass through many layers.
#   Without a non-linearity the stack would collapse into one matrix: softmax regression again.
# - Softmax on the output (talk 000: "Softmax: clasificación multiclase"), turning the ten
#   scores into probabilities, trained with the cross-entropy as in lesson 2.
#
# `tfcourse.models.build_mlp` builds it: a `Flatten` layer turns each 8×8×1 image into 64
# numbers, then `Dense` → ReLU (→ `Dropout`) per hidden layer, then a `Dense` softmax. Here
# two hidden layers of 256 and 128 units, shown with dropout (the second run's model):

# %%
hidden_units = (256, 128)  # widths of the hidden layers
model = build_mlp(data.x_train.shape[1:], data.num_classes, hidden_units=hidden_units,
                  dropout=dropout)
model.summary()

# %% [markdown]
# **Counting parameters by hand.** A dense layer of $n_\text{units}$ neurons reading
# $n_\text{in}$ inputs has one weight per (input, unit) pair and one bias per unit:
#
# $$\text{parameters} = n_\text{in} \times n_\text{units} + n_\text{units}
#   = (n_\text{in} + 1) \times n_\text{units}$$
#
# Flatten, ReLU and Dropout learn nothing: 0 parameters.

# %%
n_in = int(np.prod(data.x_train.shape[1:]))  # 8·8·1 = 64 pixels after Flatten
first = model.get_layer("dense_1")
print(f"dense_1: ({n_in} + 1) × {hidden_units[0]} = {(n_in + 1) * hidden_units[0]:,} by hand; "
      f"Keras counts {first.count_params():,}")
widths = [n_in, *hidden_units, data.num_classes]  # inputs of each dense layer, then its units
total = sum((a + 1) * b for a, b in zip(widths[:-1], widths[1:]))
print(f"whole model: {' + '.join(f'({a} + 1) × {b}' for a, b in zip(widths[:-1], widths[1:]))} "
      f"= {total:,} by hand; Keras counts {model.count_params():,}")

# %% [markdown]
# ## 3. Dropout y early stopping — two guards against overfitting
# **Dropout** (talk 003: "desactiva un número de neuronas de una red neuronal de forma
# aleatoria"): at every training step each hidden unit is switched off with probability p, a
# different random set each step, so no unit can rely on particular others being there. Keras
# scales the survivors by $1/(1-p)$ while training, so the expected sum a layer receives is
# unchanged; at prediction time nothing is dropped. Ten units, all equal to 1, through
# `keras.layers.Dropout(dropout)`:

# %%
ones = np.ones((1, 10), dtype="float32")  # (1, 10): ten hidden units, all 1
drop = keras.layers.Dropout(dropout, seed=seed)
print(f"training   (p = {dropout}):", drop(ones, training=True).numpy().round(3))
print(f"prediction (p = {dropout}):", drop(ones, training=False).numpy().round(3))

# %% [markdown]
# **Early stopping** (talk 001: *regularización*: dropout, early stopping): after every epoch
# Keras measures the loss on the validation images. When it has not improved for `patience`
# epochs in a row, training stops, and the weights of the epoch with the lowest validation
# loss are restored (they are also restored when training runs all its epochs).
#
# ## 4. Entrenamiento — the same network twice
# `tfcourse.train.train` builds the model inside the strategy's scope (so its variables live on
# every replica), compiles it with Adam and the cross-entropy, and fits it with early stopping.
# It saves the best model, TensorBoard logs and a backup in a folder per run, so an interrupted
# run resumes where it stopped. Same seed for both: same starting weights, same shuffling.

# %%
def fit(rate, label):
    """Train the MLP with dropout rate ``rate``; checkpoints go to results_dir/<label>."""
    return train(lambda: build_mlp(data.x_train.shape[1:], data.num_classes,
                                   hidden_units=hidden_units, dropout=rate),
                 (data.x_train, data.y_train), (data.x_val, data.y_val), strategy=dist_strategy,
                 global_batch_size=batch_size,  # split over the replicas
                 mixed_precision=mixed_precision, seed=seed, epochs=epochs, lr=lr,
                 patience=patience, out_dir=f"{results_dir}/{label.replace(' ', '_')}",
                 verbose=2)


runs = {"no dropout": fit(0.0, "no dropout")}

# %%
runs[f"dropout {dropout}"] = fit(dropout, f"dropout {dropout}")

# %% [markdown]
# ## 5. Evaluación — test accuracy, learning curves, predictions

# %%
rows = []
for label, r in runs.items():
    test = evaluate(r, data.x_test, data.y_test)
    rows.append({"model": f"MLP, {label}", "parameters": r.model.count_params(),
                 "epochs": r.epochs, "val accuracy": max(r.history["val_accuracy"]),
                 "test accuracy": test["accuracy"], "seconds": r.seconds})
print_table(rows, f"Perceptrón multicapa — {dataset}, {describe(dist_strategy)}")

still_falling = {}  # run → was its validation loss lowest at its last epoch?
for label, r in runs.items():
    val_loss, loss = r.history["val_loss"], r.history["loss"]
    best = int(np.argmin(val_loss))  # 0-based epoch of the lowest validation loss
    still_falling[label] = best == len(val_loss) - 1
    how = (f"stopped early after {r.epochs} epochs" if r.epochs < epochs else
           f"ran all {r.epochs} epochs")
    if still_falling[label]:
        trend = f"validation loss lowest at the last epoch ({val_loss[-1]:.4f}): still falling"
    else:
        trend = (f"validation loss lowest at epoch {best + 1} ({val_loss[best]:.4f}, those "
                 f"weights restored), {val_loss[-1]:.4f} at the last")
        if loss[-1] < loss[best]:  # training loss still falling while validation rose
            trend += (f", while the training loss kept falling ({loss[best]:.4f} → "
                      f"{loss[-1]:.4f}): overfitting")
    print(f"{label}: {how}; {trend}.")

# %% [markdown]
# Did dropout help? The comparison below is computed from this run's numbers. With the
# digits' 270 test images one image is 0.37 points of accuracy, and another seed (other
# starting weights, shuffling and dropout masks) moves each result by 1 to 3 test images
# (measured with seeds 0, 1, 2), so a difference of one or two images says nothing either way.

# %%
n_test = len(data.y_test)
without, with_ = rows[0]["test accuracy"], rows[1]["test accuracy"]
v_without, v_with = (min(r.history["val_loss"]) for r in runs.values())
print(f"Lowest validation loss: {v_with:.4f} with dropout, {v_without:.4f} without "
      f"({'lower' if v_with < v_without else 'higher' if v_with > v_without else 'the same'}"
      f" with dropout, in this run).")
images = round(abs(with_ - without) * n_test)  # the difference, in test images
why_not = (" The run without dropout was still improving at its last epoch, so there was no "
           "overfitting yet for dropout to prevent" + (" (quick mode: few epochs)." if quick
                                                      else ".")
           if still_falling["no dropout"] else "")
if images <= 2:
    print(f"Test accuracy: {with_:.1%} with dropout, {without:.1%} without: {images} test "
          f"image{'s' * (images != 1)} of {n_test} apart, within noise: this run shows no "
          f"difference in test accuracy." + why_not)
else:
    print(f"Test accuracy: {with_:.1%} with dropout, {without:.1%} without: dropout "
          f"{'helped' if with_ > without else 'hurt'} by {images} of {n_test} test images in "
          f"this run (one seed: try another `seed` to see how much that moves)." + why_not)

# %% [markdown]
# The *curvas de aprendizaje* (learning curves): loss and accuracy per epoch, on the training
# images (solid) and the validation images (dashed). Overfitting shows as a validation loss
# that turns up while the training loss keeps falling. With dropout the training loss is
# measured with units switched off, which pushes it up: early in training it lies above the
# validation loss.

# %%
plots.plot_history({k: r.history for k, r in runs.items()},
                   path=f"{results_dir}/learning_curves.png",
                   title="Curvas de aprendizaje — learning curves")

# %% [markdown]
# The first sixteen test images with the better model's answers, "true→predicted", in red when
# wrong.

# %%
best_label = max(runs, key=lambda k: rows[list(runs).index(k)]["test accuracy"])
y_pred = runs[best_label].model.predict(data.x_test[:16], verbose=0).argmax(axis=1)  # (16,)
print(f"Predictions of the MLP with {best_label}: {int((y_pred == data.y_test[:16]).sum())} of "
      f"16 right")
plots.plot_predictions(data.x_test, data.y_test, y_pred, path=f"{results_dir}/predictions.png",
                       title="Predicciones — predictions, true → predicted")

# %% [markdown]
# ## Resultados — what to take away
# - An MLP is dense layers with a non-linearity between them: ReLU in the hidden layers,
#   softmax on the output. Its parameters are $(n_\text{in} + 1) \times n_\text{units}$ per
#   layer, most of them in the first layer when the input is large.
# - Dropout switches random units off while training only; early stopping keeps the weights
#   of the epoch with the lowest validation loss. Both fight overfitting.
# - Expected in full mode on the digits (measured with seeds 0, 1, 2 on this 2-core CPU):
#   without dropout the validation loss turns up and early stopping ends training after
#   28 / 22 / 26 epochs (lowest validation loss 0.058 / 0.064 / 0.058); with dropout 0.3 it
#   falls for longer (lowest at epoch 35 / 37 / 32, so all 40 epochs run) and lower
#   (0.048 / 0.056 / 0.046). Test accuracy
#   97.8 / 97.4 / 98.1% without dropout and 97.8 / 98.1 / 98.1% with: 0 to 2 test images
#   apart, within noise. In quick mode (5 epochs) nothing overfits yet, and dropout, which
#   learns more slowly, was 1 to 5 test images behind.
#
# Things to try (change the setting, run the cells again): `dropout = 0.5`; `epochs = 100`
# with `patience = 100` (no early stopping: watch the validation loss of the run without
# dropout); another `seed` (how much do the two accuracies move?); `cpu_replicas = 2`
# (restart the kernel first); `dataset = "fashion_mnist"` (needs the TFDS copy).
#
# The numbers are saved to `metrics.json` in the results folder.

# %%
save_metrics(results_dir, {
    "settings": {"quick": quick, "dataset": dataset, "data_dir": data_dir, "epochs": epochs,
                 "patience": patience, "batch_size": batch_size, "lr": lr, "dropout": dropout,
                 "mixed_precision": mixed_precision, "seed": seed, "strategy": strategy,
                 "cpu_replicas": cpu_replicas, "out": out},
    "strategy": describe(dist_strategy), "precision": precision, "results": rows})

# %% [markdown]
# ## Ejercicios
# Replace each `____` with your answer and run the check under it: it says whether the answer is
# right and, if not, what is wrong. `ej.q1.hint()` gives a hint (another on each call),
# `ej.q1.solution()` the answer; `lang="en"` (or `TFCOURSE_LANG=en`) switches to English.

# %%
from tfcourse.exercises import ____, mlp as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 1 — contar parámetros.** Write `mlp_params(input_shape, hidden_units,
# num_classes)`: the parameters of `build_mlp(input_shape, num_classes, hidden_units=...)`.

# %% tags=["exercise"]
def mlp_params(input_shape, hidden_units, num_classes):
    return ____


# %%
ej.q1.check(mlp_params)

# %% [markdown]
# **Ejercicio 2 — el MLP en Keras.** `build_model(input_shape, num_classes)`: an input of
# `input_shape`, Flatten, Dense 256 ReLU, Dense 128 ReLU, and a softmax output layer (one unit
# per class).

# %% tags=["exercise"]
import keras  # noqa: E402


def build_model(input_shape, num_classes):
    return ____


# %%
ej.q2.check(build_model)

# %% [markdown]
# **Ejercicio 3 — dropout.** Ten hidden units are 1 and go through `Dropout(0.3)` during
# training. What value has a unit that is NOT dropped?

# %% tags=["exercise"]
value = ____

# %%
ej.q3.check(value)

# %% [markdown]
# ### Ejercicios — tf.distribute
# The same code trains on one CPU, several GPUs or several machines; these questions are about
# what changes when it does.

# %%
from tfcourse.exercises import distribute as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 4 — lote global y lote por réplica.** `train(..., global_batch_size=G)` splits each
# batch among N replicas. Write `per_replica_batch(global_batch_size, num_replicas)`, rounding up
# as `train` does.

# %% tags=["exercise"]
def per_replica_batch(global_batch_size, num_replicas):
    return ____


# %%
ej.q1.check(per_replica_batch)

# %% [markdown]
# **Ejercicio 5 — la pérdida de una réplica.** Inside `strategy.run`: the replica's loss, such
# that the sum over all replicas is the mean over the global batch.

# %% tags=["exercise"]
def replica_loss(per_example_loss, global_batch_size):
    return ____


# %%
ej.q2.check(replica_loss)

# %% [markdown]
# **Ejercicio 6 — qué va dentro de `strategy.scope()`.** Create `build_mlp((8, 8, 1), 10)` and a
# `keras.optimizers.Adam(1e-3)` with their variables mirrored, and return `(model, optimizer)`.

# %% tags=["exercise"]
from tfcourse.models import build_mlp  # noqa: E402


def build(strategy):
    return ____


# %%
ej.q3.check(build)

# %% [markdown]
# **Ejercicio 7 — escalar la tasa de aprendizaje.** On your laptop: SGD with α = 0.1 and a global
# batch of 32. On 4 GPUs with `per_replica_batch_size=64`, by the linear rule: which α?

# %% tags=["exercise"]
scaled_lr = ____

# %%
ej.q4.check(scaled_lr)
