# %% [markdown]
# # Aumento de datos — data augmentation
#
# **Lesson 8 of the workshop** (talk 003). In a notebook: run the cells from the top (Run All),
# then change a setting and run again. From a shell:
# `python -m demos run augmentation [--quick] [--train-size 300] [--epochs 100]`
# (`--help` lists every setting).
#
# *Aumento de datos* (data augmentation) makes the training set more varied by transforming
# the images it has: each time the network sees a digit, it sees it slightly turned, zoomed or
# shifted, so it learns the digit rather than its exact pixels. The talk gives three reasons:
# less *sobreajuste* (overfitting), a larger data set for free, and more examples of rare
# classes; and two limits: a bias of the original images stays in the augmented ones, and a
# transform that does not suit the problem hurts.
#
# We train the same small CNN on only `train_size` labelled digits, without and with
# augmentation, and test both on the usual test digits — centred and upright, like the
# training ones — and on the same test digits moved off-centre and turned a little, as
# handwriting photographed in the wild is.

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
quick = False  # fewer epochs, no dropout: the same lesson in seconds
train_size = 300  # labelled training images (augmentation matters most when they are few)
epochs = 100  # maximum passes over the training images (épocas)
batch_size = 32  # global batch size, split over the replicas
lr = 3e-3  # Adam learning rate (tasa de aprendizaje)
dropout = 0.25  # fraction of the CNN's features dropped at each training step
mixed_precision = False  # True: 16-bit where it pays (recent GPUs, bfloat16 CPUs)
seed = 0  # seeds the weights, the shuffling, dropout and the training-time augmentation
strategy = "auto"  # tf.distribute strategy: auto, cpu, gpu, mirrored
cpu_replicas: int | None = None  # split the CPU into N replicas (restart the kernel to change it)
out = "out"  # results go to out/augmentation/

# %% [markdown]
# Quick mode trains at most 8 epochs (80 steps) on the same 300 labels, without dropout: with
# 3 epochs (this lesson's old quick mode, 21 steps) both models stayed at chance, 0.10, because
# a batch-norm network needs about 80–100 steps before its inference-mode predictions mean
# anything (lesson 5, section 4) and dropout slows a short run further. Measured: 6 epochs left
# both models weak (clean accuracy 0.22–0.71 on seeds 0–3) and lost the effect once; 8 epochs
# showed it on every seed from 0 to 6.

# %%
if quick:
    epochs = min(epochs, 8)
    dropout = 0.0

# tfcourse.lesson starts TensorFlow quietly (its C++ start-up lines hidden)
from tfcourse.lesson import output_dir, print_setup, print_table, save_metrics  # noqa: E402

import numpy as np  # noqa: E402

from tfcourse import plots  # noqa: E402
from tfcourse.distribute import get_strategy  # noqa: E402
from tfcourse.models import augmentation_block, build_cnn  # noqa: E402
from tfcourse.train import evaluate, train  # noqa: E402

dist_strategy = get_strategy(strategy, cpu_replicas=cpu_replicas)  # before any other TF op
results_dir = output_dir(out, "augmentation")
precision = print_setup(dist_strategy, results_dir, mixed_precision)

# %% [markdown]
# ## 1. Los datos — few labels
# The bundled digits at 28×28×1, of which we keep only the first `train_size` training images
# (about 30 of each digit with 300). Validation and test images stay as they are.

# %%
from tfcourse.data import load_images  # noqa: E402

data = load_images("digits", size=28)
x, y = data.x_train[:train_size], data.y_train[:train_size]  # (n, 28, 28, 1), (n,)
print(data)
print(f"training on {len(x)} images; per digit: {np.bincount(y, minlength=10)}")

# %% [markdown]
# ## 2. Las transformaciones — augmentation as layers
# `tfcourse.models.augmentation_block` is a small `keras.Sequential` of Keras's random
# preprocessing layers: `RandomRotation` (a fraction of a full turn: 0.05 is ±18°),
# `RandomZoom` (±10%) and `RandomTranslation` (±10% of the height and width). Each call draws
# new random numbers, so each epoch sees different variants of the same digits.
#
# Which transforms suit depends on the problem (the talk's point). Photos of cats and dogs can
# be mirrored; digits never are: a mirrored 2, 3, 4 or 7 is not a digit, so `flip=None`. The
# rotation stays small for the same reason: turned far enough, a 6 becomes a 9.
#
# Inside the model, the block is active only while training: `fit` calls the model with
# `training=True`, and `predict` and `evaluate` call it with `training=False`, when these
# layers pass the images through unchanged. The trained model needs no separate preprocessing
# step, and it is never tested on randomly transformed images by accident.

# %%
AUGMENT = {"flip": None, "rotation": 0.05, "zoom": 0.1, "translation": 0.1}

augment = augmentation_block(x.shape[1:], seed=0, **AUGMENT)
digit = np.repeat(x[:1], 7, axis=0)  # (7, 28, 28, 1): one digit, seven times
variants = np.asarray(augment(digit, training=True))  # (7, 28, 28, 1), each different
distinct = len({v.tobytes() for v in variants})
unchanged = np.allclose(augment(digit, training=False), digit)
print(f"training=True: {distinct} different variants of {len(variants)} copies; "
      f"training=False: the images come back {'unchanged' if unchanged else 'CHANGED'}.")
plots.plot_images(np.concatenate([x[:1], variants]),  # (8, 28, 28, 1)
                  ["original"] + [f"aumento {i}" for i in range(1, 8)],
                  title="Aumento de datos — training-time variants of one image",
                  path=f"{results_dir}/augmented_samples.png")

# %% [markdown]
# ## 3. Los dígitos movidos — a harder test set
# To see what augmentation buys, each test digit is moved once with a fixed seed (the same
# every run): shifted by up to 15%, turned by up to ±0.08 of a turn, zoomed by up to ±10% —
# a little more than the training-time transforms. The labels do not change.

# %%
MOVED = {"flip": None, "rotation": 0.08, "zoom": 0.1, "translation": 0.15}

move = augmentation_block(data.x_test.shape[1:], seed=123, **MOVED)
x_moved = np.asarray(move(data.x_test, training=True))  # (m, 28, 28, 1)
plots.plot_images(x_moved[:16], [f"{label}" for label in data.y_test[:16]],
                  title="Dígitos movidos — test digits moved and turned",
                  path=f"{results_dir}/moved_test_digits.png")

# %% [markdown]
# ## 4. El modelo — the same CNN, with and without the augmentation block
# `tfcourse.models.build_cnn` (lesson 5's modern CNN, smaller: 16 and 32 filters) with
# `augment=AUGMENT` puts the block right after the input; with `augment=False` it is left out
# and everything else is identical. Its summary shows the block as one layer, `augment`,
# with no parameters.

# %%
def build(augment):
    return build_cnn(x.shape[1:], 10, filters=(16, 32), dropout=dropout, augment=augment)


build(AUGMENT).summary()

# %% [markdown]
# ## 5. Entrenamiento — without, then with augmentation
# Both train with `tfcourse.train.train` under the same strategy, seed and settings, and stop
# when the validation loss has not improved for 15 epochs (keeping the best epoch's weights).
# Augmented images are harder to fit, so the augmented model tends to need more epochs (full
# mode, measured with seed 0: 91 epochs against 83 before early stopping).

# %%
def fit(label, augment):
    return train(lambda: build(augment), (x, y), (data.x_val, data.y_val), strategy=dist_strategy,
                 global_batch_size=batch_size,  # split over the replicas
                 mixed_precision=mixed_precision, seed=seed, epochs=epochs, lr=lr, patience=15,
                 out_dir=f"{results_dir}/{label.replace(' ', '_')}", verbose=2)


runs = {"without augmentation": fit("without augmentation", False)}

# %%
runs["with augmentation"] = fit("with augmentation", AUGMENT)

# %% [markdown]
# The learning curves: solid on the training images (for the augmented model, the augmented
# variants, so its training accuracy is measured on harder images), dashed on the clean
# validation images. In the first epochs the dashed curves can sit near chance (0.1): batch
# norm's moving averages have not settled yet (lesson 5, section 4).

# %%
plots.plot_history({k: r.history for k, r in runs.items()},
                   path=f"{results_dir}/learning_curves.png",
                   title="Curvas de aprendizaje — with and without augmentation")

# %% [markdown]
# ## 6. Evaluación — clean and moved test digits
# Expected in full mode (300 labels, at most 100 epochs; measured, seed 0): on the clean test
# digits both reach about 0.99; on the moved ones the model that never saw such variation
# falls to about 0.70, the augmented one keeps about 0.96.

# %%
rows = [{"CNN": label, "train images": len(x), "epochs": r.epochs,
         "test accuracy": evaluate(r, data.x_test, data.y_test)["accuracy"],
         "moved-test accuracy": evaluate(r, x_moved, data.y_test)["accuracy"],
         "seconds": r.seconds} for label, r in runs.items()]
print_table(rows, "Aumento de datos — same CNN, same labels")

without, with_ = rows
clean = f"{without['test accuracy']:.3f} without, {with_['test accuracy']:.3f} with"
print(f"Clean test digits: {clean} augmentation.")
if with_["moved-test accuracy"] > without["moved-test accuracy"]:
    print(f"Moved test digits: augmentation raised the accuracy from "
          f"{without['moved-test accuracy']:.3f} to {with_['moved-test accuracy']:.3f}.")
else:
    print(f"Moved test digits: augmentation did NOT help in this run "
          f"({without['moved-test accuracy']:.3f} without, {with_['moved-test accuracy']:.3f} "
          f"with); too few epochs?")
fit_without, fit_with = (max(r.history["accuracy"]) for r in runs.values())
print(f"Best training accuracy: {fit_without:.3f} without, {fit_with:.3f} with augmentation"
      + (" — the augmented images are harder to fit" if fit_with < fit_without else "")
      + (f"; early stopping let the augmented model train longer ({with_['epochs']} epochs "
         f"against {without['epochs']})" if with_["epochs"] > without["epochs"] else "") + ".")

# %% [markdown]
# ## Resultados — what to take away
# - Augmentation teaches the variation the training set lacks. The model trained on centred
#   digits only is fragile when they move (full mode, measured: 0.70 on the moved digits
#   against 0.99 on the clean ones); the augmented one much less (0.96), at the cost of more
#   epochs and a little clean accuracy. The table above shows what this run found.
# - The transforms must suit the data: no flips for digits, small rotations.
# - As layers inside the model, they run only in training and travel with the saved model.
#
# Things to try: `train_size = 1000` (does augmentation still matter with more labels?);
# change `AUGMENT` (e.g. `"translation": 0.0`: which moved digits fail then?); add
# `"flip": "horizontal"` and watch the clean accuracy.
#
# The numbers are saved to `metrics.json` in the results folder.

# %%
save_metrics(results_dir, {
    "settings": {"quick": quick, "train_size": train_size, "epochs": epochs,
                 "batch_size": batch_size, "lr": lr, "dropout": dropout,
                 "mixed_precision": mixed_precision, "seed": seed, "strategy": strategy,
                 "cpu_replicas": cpu_replicas, "out": out},
    "precision": precision, "results": rows})

# %% [markdown]
# ## Ejercicios
# Replace each `____` with your answer and run the check under it: it says whether the answer is
# right and, if not, what is wrong. `ej.q1.hint()` gives a hint (another on each call),
# `ej.q1.solution()` the answer; `lang="en"` (or `TFCOURSE_LANG=en`) switches to English.

# %%
from tfcourse.exercises import ____, augmentation as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 1 — el bloque de aumento.** Write `build_augmentation(input_shape)`, returning the
# lesson's augmentation block as a `keras.Sequential`: `RandomRotation(0.05)`, `RandomZoom(0.1)`
# and `RandomTranslation(0.1, 0.1)`, with no flips (they are digits).

# %% tags=["exercise"]
import keras  # noqa: E402


def build_augmentation(input_shape):
    return ____  # keras.Sequential([keras.Input(shape=input_shape), ...])


# %%
ej.q1.check(build_augmentation)

# %% [markdown]
# **Ejercicio 2 — ¿qué no usar con dígitos?** Which transformation must NOT be used to augment
# digits? (a) `RandomRotation(0.05)`, turns of up to ±18°; (b) `RandomZoom(0.1)`;
# (c) `RandomFlip("horizontal")`, a left-right mirror; (d) `RandomTranslation(0.1, 0.1)`.
# Answer with the letter.

# %% tags=["exercise"]
choice = ____  # "a", "b", "c" or "d"

# %%
ej.q2.check(choice)

# %% [markdown]
# **Ejercicio 3 — al predecir.** `block` is an augmentation block (`augmentation_block`) and `x` a
# batch of images. What does `block(x, training=False)` return, as in `predict` or `evaluate`?
# (a) x unchanged; (b) a randomly transformed copy, different on every call; (c) a transformed
# copy, the same on every call if the block has a seed; (d) an error: the block only works in
# training. Answer with the letter.

# %% tags=["exercise"]
choice = ____  # "a", "b", "c" or "d"

# %%
ej.q3.check(choice)
