# %% [markdown]
# # Aprendizaje por transferencia — transfer learning and fine-tuning
#
# **Lesson 7 of the workshop** (talk 003). In a notebook: run the cells from the top (Run All),
# then change a setting and run again. From a shell:
# `python -m demos run transfer [--quick] [--labels-per-class 5]` (offline, digits), or, with
# the data and the ImageNet weights at hand, the talk's exercise:
# `python -m demos run transfer --dataset cats_vs_dogs --base mobilenet_v2`
# (`--help` lists every setting).
#
# Talk 003: "*Transfer learning* es una técnica que consiste en utilizar un modelo
# pre-entrenado para resolver otra tarea relacionada." A network trained on one task has
# learned *características* (features) — edges, strokes, shapes — that a related task can
# reuse. Its advantages, in the talk's words: *se requieren menos datos* (less data is needed)
# and *menor tiempo para entrenar* (less training time). The recipe:
#
# 1. take the trained network without its classifier: the *base*;
# 2. *congelar* (freeze) it — `trainable = False` — and train only a new classifier on top;
# 3. *ajuste fino* (fine-tuning): unfreeze part of the base and continue training with a small
#    learning rate.
#
# Offline (`dataset = "digits"`) we do it end to end on digits: a CNN learns digits 0–4 from
# all their images (task A); its features are transferred to digits 5–9 with only a few
# labelled images per class (task B), and compared with the same CNN trained from scratch on
# those same few labels. Online (`dataset = "cats_vs_dogs"`), section 8 does the talk's
# exercise with a network pretrained on ImageNet.

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
quick = False  # few epochs (and, online, fewer images): the same lesson in seconds
dataset = "digits"  # digits (offline, 0-4 → 5-9), or cats_vs_dogs / tf_flowers (TFDS, online)
base = "mobilenet_v2"  # keras.applications base for cats_vs_dogs / tf_flowers
data_dir: str | None = None  # TFDS data folder (None: TFDS's default)
labels_per_class = 10  # digits: labelled images per class for the new task
epochs = 30  # epochs (épocas) of each phase
batch_size = 32  # global batch size, split over the replicas
mixed_precision = False  # True: 16-bit where it pays (recent GPUs, bfloat16 CPUs)
seed = 0  # seeds the weights, the shuffling and dropout
strategy = "auto"  # tf.distribute strategy: auto, cpu, gpu, mirrored
cpu_replicas: int | None = None  # split the CPU into N replicas (restart the kernel to change it)
out = "out"  # results go to out/transfer/

# %%
if quick:
    epochs = min(epochs, 4)

# tfcourse.lesson starts TensorFlow quietly (its C++ start-up lines hidden)
from tfcourse.lesson import output_dir, print_setup, print_table, save_metrics  # noqa: E402

import numpy as np  # noqa: E402

from tfcourse import plots  # noqa: E402
from tfcourse.distribute import get_strategy  # noqa: E402
from tfcourse.train import evaluate, fine_tune, train  # noqa: E402

DATASETS = ("digits", "cats_vs_dogs", "tf_flowers")
if dataset not in DATASETS:
    raise ValueError(f"Invalid value for setting `dataset`: expected one of {DATASETS}. "
                     f"Received: dataset={dataset!r}")
dist_strategy = get_strategy(strategy, cpu_replicas=cpu_replicas)  # before any other TF op
results_dir = output_dir(out, "transfer")
precision = print_setup(dist_strategy, results_dir, mixed_precision)

# %% [markdown]
# ## 1. Dos tareas — task A (digits 0–4, many labels), task B (digits 5–9, few labels)
# Task A has every training image of the digits 0–4 (about 630). Task B, the new task, has
# only `labels_per_class` labelled images of each digit 5–9 for training — 50 with the default —
# but the full validation and test images of 5–9 to measure it. Both tasks label their classes
# 0..4 (task B's 0 is the digit 5). With 50 images a CNN trained from scratch has little to
# learn from; the question is whether what the network learned on 0–4 helps.
#
# (Sections 1–7 run when `dataset = "digits"`; section 8 when it is an online dataset.)

# %%
def two_tasks(data, labels_per_class: int, seed: int = 0):
    """Split digits into task A (0–4, all images) and task B (5–9, few labelled images)."""
    def pick(x, y, classes):
        keep = np.isin(y, classes)
        return x[keep], (y[keep] - classes[0]).astype("int32")  # labels 0..4 in both tasks

    a = {s: pick(getattr(data, f"x_{s}"), getattr(data, f"y_{s}"), list(range(5)))
         for s in ("train", "val", "test")}
    b = {s: pick(getattr(data, f"x_{s}"), getattr(data, f"y_{s}"), list(range(5, 10)))
         for s in ("train", "val", "test")}
    rng = np.random.default_rng(seed)
    x, y = b["train"]
    few = np.concatenate([rng.choice(np.flatnonzero(y == c), labels_per_class, replace=False)
                          for c in range(5)])  # labels_per_class images of each class
    b["train"] = (x[few], y[few])
    return a, b


if dataset == "digits":
    from tfcourse.data import load_images

    task_a, task_b = two_tasks(load_images("digits", size=28), labels_per_class)
    for name, task in (("task A (0–4)", task_a), ("task B (5–9)", task_b)):
        print(f"{name}: " + ", ".join(f"{s} {task[s][0].shape}" for s in task))  # (m, 28, 28, 1)

# %%
plots.plot_images(task_b["train"][0], [str(y + 5) for y in task_b["train"][1]], cols=10,
                  path=f"{results_dir}/task_b_labels.png",
                  title="Tarea B — every labelled training image of the new task"
                  ) if dataset == "digits" else None

# %% [markdown]
# ## 2. La red de origen — the source network, trained on task A
# `tfcourse.models.build_cnn` with two blocks (16 and 32 filters). Each block is two 3×3
# convolutions (each followed by batch normalization and ReLU) and a 2×2 max pooling; then
# global average pooling and the classifier. It trains on task A with early stopping.

# %%
from tfcourse.models import build_cnn  # noqa: E402

if dataset == "digits":
    build_cnn((28, 28, 1), 5, filters=(16, 32)).summary()
    source = train(lambda: build_cnn((28, 28, 1), 5, filters=(16, 32)), task_a["train"],
                   task_a["val"], strategy=dist_strategy,
                   global_batch_size=batch_size, mixed_precision=mixed_precision,
                   seed=seed, epochs=epochs, lr=3e-3, patience=5,
                   out_dir=f"{results_dir}/task_a", verbose=2)

# %% [markdown]
# What the source network computes, layer by layer, for a digit it has never seen (task B's
# first test image): the first block's maps (14×14 after pooling) still look like the digit's
# strokes and edges; the second block's are coarser, and were trained only to tell 0–4 apart.
# (`plots.feature_maps` runs the image through the model and keeps each layer's output.)

# %%
plots.plot_feature_maps(plots.feature_maps(source.model, task_b["test"][0][0]),
                        path=f"{results_dir}/feature_maps.png",
                        title=f"Mapas de características — a {task_b['test'][1][0] + 5} "
                              "through the network trained on 0–4"
                        ) if dataset == "digits" else None

# %% [markdown]
# ## 3. Qué capa transferir — which features transfer
# Which layer's output should the new task reuse? The source network's layers compute ever more
# task-specific features. The blocks' outputs are still *maps*: for each position in the image,
# which strokes and edges are there — and the digits 5–9 are drawn with the same strokes as
# 0–4. The last features, `avg_pool`, are 32 numbers averaged over the whole image: they have
# lost *where* things are, and were trained only to tell 0–4 apart.
#
# A *sonda lineal* (linear probe) measures how much of the new task a layer's features already
# hold: keep the network frozen, read the layer's output for task B's 50 labelled images, fit
# the simplest classifier on it (scikit-learn's logistic regression, to convergence), and score
# it on task B's test images. No network trains here: the probe only reads the source network.
# Expected in full mode (measured: block1_pool 0.948, block2_pool 0.963, avg_pool 0.746): both
# blocks' maps far ahead of `avg_pool`.

# %%
import keras  # noqa: E402

if dataset == "digits":
    from sklearn.linear_model import LogisticRegression

    (xb_train, yb_train), (xb_test, yb_test) = task_b["train"], task_b["test"]
    probe_rows = []
    for layer in ("block1_pool", "block2_pool", "avg_pool"):
        extractor = keras.Model(source.model.inputs[0], source.model.get_layer(layer).output)
        f_train = np.asarray(extractor(xb_train, training=False)).reshape(len(xb_train), -1)
        f_test = np.asarray(extractor(xb_test, training=False)).reshape(len(xb_test), -1)
        probe = LogisticRegression(max_iter=5000).fit(f_train, yb_train)  # f: (m, h·w·c)
        probe_rows.append({"features from": layer, "features": f_train.shape[1],
                           "test accuracy (5–9)": probe.score(f_test, yb_test)})
    print_table(probe_rows, f"Sonda lineal — a linear classifier on each layer's features, "
                            f"{len(yb_train)} labels")
    probe_acc = {r["features from"]: r["test accuracy (5–9)"] for r in probe_rows}
    early, b2, last = probe_acc["block1_pool"], probe_acc["block2_pool"], probe_acc["avg_pool"]
    k = round(abs(early - last) * len(yb_test))  # in test images
    print(f"The first block's features ({early:.3f}) separate the new digits "
          f"{'better' if early > last else 'NOT better'} than the last ones, avg_pool "
          f"({last:.3f}): {k} of {len(yb_test)} test images. block2_pool gives {b2:.3f}"
          + (": better still (try it: feature_layer in section 4)." if b2 > early
             else "."))

# %% [markdown]
# ## 4. Congelar — freeze the base, train a new classifier
# `tfcourse.models.from_pretrained.build_from_pretrained(source, 5, feature_layer=...)` keeps
# the source network up to `feature_layer` as the *base*, sets `base.trainable = False` (its
# weights do not change in training: the optimizer does not even see them), and puts a new
# classifier on top: flatten → dropout → dense softmax over the 5 new classes. We take the
# first block's output, `block1_pool` (14×14×16 = 3,136 features): the most general features,
# and one block is little to fine-tune in the next step. Only the head learns, so the
# summary below counts (3,136 + 1) × 5 = 15,685 *trainable* parameters, and the base's 2,576
# as *non-trainable* (Keras also lists the optimizer's variables: Adam keeps two per trainable
# weight).

# %%
from tfcourse.models.from_pretrained import build_from_pretrained  # noqa: E402


def fit_b(name, build, epochs, **kw):
    """Train on task B's few labels; checkpoints go to results_dir/name."""
    return train(build, task_b["train"], task_b["val"], strategy=dist_strategy,
                 global_batch_size=batch_size, mixed_precision=mixed_precision,
                 seed=seed, epochs=epochs, out_dir=f"{results_dir}/{name}", verbose=2, **kw)


if dataset == "digits":
    transfer = fit_b("transfer", lambda: build_from_pretrained(source.model, 5,
                                                               feature_layer="block1_pool"),
                     epochs, lr=3e-3)
    frozen_acc = evaluate(transfer, *task_b["test"])["accuracy"]
    frozen_seconds = transfer.seconds  # fine-tuning adds to transfer.seconds
    transfer.model.summary()  # the base counts as non-trainable

# %% [markdown]
# ## 5. Ajuste fino — fine-tuning with a small learning rate
# Now unfreeze part of the base and keep training, so its features adapt to the new digits.
# `tfcourse.train.fine_tune` calls `tfcourse.models.unfreeze(model, from_layer=i)`: the base's
# layers from index i on become trainable, the ones before stay frozen, and batch
# normalization stays frozen too (its mean and variance from task A stay as they are: a few
# batches of 50 images would make them noisy). Then it compiles again — trainable flags take
# effect at compile time — with a learning rate ten times smaller, 3·10⁻⁴ instead of 3·10⁻³:
# the features are already good, and large steps on 50 images would soon bend them to fit
# those 50 (*sobreajuste*, overfitting) instead of improving them. Here the block's second
# convolution, `block1_conv2`, opens: 3·3·16·16 = 2,304 more trainable weights.

# %%
if dataset == "digits":
    from tfcourse.models.transfer import num_trainable_params

    trainable_before = num_trainable_params(transfer.model)
    base_layers = [layer.name for layer in transfer.model.get_layer("base").layers]
    fine_tune(transfer, task_b["train"], task_b["val"],
              from_layer=base_layers.index("block1_conv2"), epochs=epochs // 2, lr=3e-4,
              verbose=2)
    transfer.model.summary()  # more trainable parameters than before
    print(f"trainable parameters: {trainable_before:,} frozen → "
          f"{num_trainable_params(transfer.model):,} while fine-tuning")

# %% [markdown]
# ## 6. Desde cero — the same CNN from scratch, on the same few labels
# The baseline: the source network's architecture with fresh random weights, trained only on
# task B's 50 images, for as many epochs as both transfer phases together.

# %%
if dataset == "digits":
    scratch = fit_b("scratch", lambda: build_cnn((28, 28, 1), 5, filters=(16, 32)),
                    epochs + epochs // 2, lr=3e-3)

# %% [markdown]
# ## 7. Comparación — frozen, fine-tuned, from scratch
# All on task B's test images (digits 5–9 the models never trained on).

# %%
if dataset == "digits":
    n = len(task_b["train"][0])
    rows = [
        {"model": "source CNN on task A (0–4)", "labels": len(task_a["train"][0]),
         "test accuracy": evaluate(source, *task_a["test"])["accuracy"],
         "seconds": source.seconds},
        {"model": "transfer, frozen base (5–9)", "labels": n, "test accuracy": frozen_acc,
         "seconds": frozen_seconds},
        {"model": "transfer + fine-tuning (5–9)", "labels": n,
         "test accuracy": evaluate(transfer, *task_b["test"])["accuracy"],
         "seconds": transfer.seconds},
        {"model": "from scratch (5–9)", "labels": n,
         "test accuracy": evaluate(scratch, *task_b["test"])["accuracy"],
         "seconds": scratch.seconds},
    ]
    print_table(rows, "Aprendizaje por transferencia — digits")
    acc = {r["model"].split(" (")[0]: r["test accuracy"] for r in rows}
    frozen, tuned, fresh = (acc["transfer, frozen base"], acc["transfer + fine-tuning"],
                            acc["from scratch"])
    n_test = len(task_b["test"][1])
    images = lambda d: f"{abs(round(d * n_test))} of {n_test} test images"  # noqa: E731
    best = max(frozen, tuned)
    if best > fresh:
        print(f"Transfer ({best:.3f}) beat training from scratch ({fresh:.3f}) on the same {n} "
              f"labels, by {images(best - fresh)}.")
    else:
        print(f"Transfer ({best:.3f}) did NOT beat training from scratch ({fresh:.3f}) on the "
              f"same {n} labels: from scratch was ahead by {images(best - fresh)}.")
    print(f"Fine-tuning {'improved on' if tuned > frozen else 'did NOT improve on'} the frozen "
          f"base ({tuned:.3f} vs {frozen:.3f}: {images(tuned - frozen)})"
          + (", a difference within one run's noise." if abs(tuned - frozen) * n_test <= 2.5
             else "."))
    if quick:
        print(f"(Quick mode: {epochs} + {epochs // 2} epochs. The expected order — fine-tuned ≥ "
              "frozen > from scratch — needs the full run; with so few epochs it may not show.)")
    histories = {"transfer": transfer.history, "from scratch": scratch.history}

# %% [markdown]
# ## 8. El ejercicio de la charla — cats vs dogs with an ImageNet network (online)
# *Ejercicio 3: hacer transfer learning al conjunto de datos de perros y gatos.* This section
# runs when `dataset = "cats_vs_dogs"` (or `"tf_flowers"`). The base is a network
# pretrained on ImageNet (about 14 million images in thousands of classes): the talk lists
# VGG-16, VGG-19, Inception V3, Xception and ResNet-50; `base` picks any of
# `tfcourse.models.TRANSFER_BASES`, MobileNetV2 by default (small and fast).
# `tfcourse.models.build_transfer` downloads its ImageNet weights once (into `~/.keras/models`),
# freezes it, and adds pooling, dropout and a new classifier; the model takes raw pixels and
# prepares them as the base expects. The images are resized to 160×160. Then fine-tuning opens
# the top 20% of the base's layers with a learning rate of 10⁻⁵.
#
# The dataset (TFDS) and the weights are downloaded once; without a network and without a
# copy, the lesson stops right here with a message saying where to put them.

# %%
if dataset != "digits":
    import tensorflow as tf

    from tfcourse.data import load_tfds
    from tfcourse.models import build_transfer

    train_ds, val_ds, info = load_tfds(dataset, split=("train[:80%]", "train[80%:]"),
                                       data_dir=data_dir, with_info=True)
    k = info.features["label"].num_classes
    resize = lambda x, y: (tf.image.resize(x, (160, 160)), y)  # noqa: E731 (raw 0–255 pixels)
    train_ds, val_ds = train_ds.map(resize), val_ds.map(resize)  # (160, 160, 3) images
    if quick:  # a few batches of images: the same steps in a few minutes on a CPU
        train_ds, val_ds = train_ds.take(512), val_ds.take(128)
    print(f"{dataset}: {k} classes; {info.splits['train'].num_examples} images, 80% to train")

# %%
if dataset != "digits":
    imagenet = train(lambda: build_transfer(base, (160, 160, 3), k), train_ds, val_ds,
                     strategy=dist_strategy, global_batch_size=batch_size,
                     mixed_precision=mixed_precision, seed=seed, epochs=epochs, lr=1e-3,
                     patience=3, out_dir=f"{results_dir}/{base}", verbose=2)
    imagenet.model.summary()  # the base: non-trainable
    frozen = max(imagenet.history["val_accuracy"])

# %%
if dataset != "digits":
    n_base = len(imagenet.model.get_layer("base").layers)
    fine_tune(imagenet, train_ds, val_ds, from_layer=int(n_base * 0.8), epochs=epochs // 2,
              lr=1e-5, patience=3, verbose=2)
    tuned = max(imagenet.history["val_accuracy"])
    rows = [{"model": f"{base}, frozen", "labels": None, "val accuracy": frozen},
            {"model": f"{base}, fine-tuned", "labels": None, "val accuracy": tuned}]
    print_table(rows, f"Aprendizaje por transferencia — {dataset}")
    print(f"Fine-tuning {'improved' if tuned > frozen else 'did NOT improve'} the best "
          f"validation accuracy ({frozen:.3f} → {tuned:.3f}).")
    histories = {base: imagenet.history}

# %% [markdown]
# ## Curvas de aprendizaje — learning curves
# Digits: the transfer model's curves go on past epoch `epochs` — that is fine-tuning. Compare
# each model's training accuracy (solid) with its validation accuracy (dashed): a model that
# memorises its 50 images shows a large gap. Online: the ImageNet model, both phases.

# %%
plots.plot_history(histories, path=f"{results_dir}/learning_curves.png",
                   title="Transferencia vs. desde cero — transfer vs from scratch")

# %% [markdown]
# ## Resultados — what to take away
# - A trained network's features are reusable: freeze them (`trainable = False`) and a small
#   new classifier learns the new task from a few labels.
# - Which features matter: the blocks' maps of strokes carry over to new digits; the last,
#   task-specific features much less (the linear-probe table says by how much in this run).
# - Fine-tuning opens part of the base with a small learning rate, so the features adapt
#   without being wrecked; whether it beat the frozen base in this run, the sentence under the
#   comparison table says (on 134 test images, one or two images either way is noise).
# - From scratch, the same network has only the few labels to learn from.
#
# Things to try: `labels_per_class = 3` or `50` (when does transfer stop mattering?); in
# `build_from_pretrained`, `feature_layer="block2_pool"`; in `fine_tune`, `lr=3e-3` (too
# large?); online, `base = "resnet50"` or `dataset = "tf_flowers"`. The numbers are saved to
# `metrics.json` in the results folder.

# %%
save_metrics(results_dir, {
    "settings": {"quick": quick, "dataset": dataset, "base": base, "data_dir": data_dir,
                 "labels_per_class": labels_per_class, "epochs": epochs,
                 "batch_size": batch_size, "mixed_precision": mixed_precision, "seed": seed,
                 "strategy": strategy, "cpu_replicas": cpu_replicas, "out": out},
    "precision": precision, "results": rows,
    "linear_probe": probe_rows if dataset == "digits" else None})

# %% [markdown]
# ## Ejercicios
# Replace each `____` with your answer and run the check under it: it says whether the answer is
# right and, if not, what is wrong. `ej.q1.hint()` gives a hint (another on each call),
# `ej.q1.solution()` the answer; `lang="en"` (or `TFCOURSE_LANG=en`) switches to English.

# %%
from tfcourse.exercises import ____, transfer as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 1 — congelar la base.** Write `new_head(base, num_classes)`: freeze the pretrained
# `base` (a `keras.Model` giving one feature vector per image) and return a model image → base →
# `Dense(num_classes, activation="softmax")` in which only the new layer trains.

# %% tags=["exercise"]
import keras  # noqa: E402


def new_head(base, num_classes):
    ____  # freeze the base
    inputs = keras.Input(shape=base.input_shape[1:])
    x = base(inputs, training=False)  # (B, features)
    outputs = ____  # the new layer on x
    return ____  # keras.Model(inputs, outputs)


# %%
ej.q1.check(new_head)

# %% [markdown]
# **Ejercicio 2 — ¿qué queda entrenable?** The lesson's source network is
# `build_cnn((28, 28, 1), 5, filters=(16, 32))`. With
# `build_from_pretrained(source, 5, feature_layer="block2_pool")` the base is frozen up to
# `block2_pool` (7×7×32 maps) and flatten → dropout → `Dense(5)` go on top. How many
# *trainable* parameters has the model?

# %% tags=["exercise"]
n_trainable = ____

# %%
ej.q2.check(n_trainable)

# %% [markdown]
# **Ejercicio 3 — el ejercicio de la charla, sin conexión.** Write
# `train_transfer(source, x, y)`: it gets the source network (trained on digits 0–4) and the 50
# labelled images of task B (x: (50, 28, 28, 1), y: 0..4 for digits 5–9), freezes the base,
# trains a new head and returns the trained model. `check()` calls it with its own source network
# (training it takes a few seconds the first time) and evaluates the model on 5–9 digits it has
# not seen: it needs an accuracy of at least 0.80. (The talk's version, cats vs dogs on an
# ImageNet base, is the lesson's `dataset = "cats_vs_dogs"` once the data is cached.)

# %% tags=["exercise"]
from tfcourse.models import build_from_pretrained  # noqa: E402


def train_transfer(source, x, y):
    model = ____  # frozen base + new head
    ____  # compile, and fit on x, y
    return model


# %%
ej.q3.check(train_transfer)
