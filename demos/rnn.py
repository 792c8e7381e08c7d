# %% [markdown]
# # Redes recurrentes — recurrent networks: sequences, series and text
#
# **Lesson 6 of the workshop** (talk 002, with talk 004's spam filter). In a notebook: run the
# cells from the top (Run All), then change a setting and run again. From a shell:
# `python -m demos run rnn [--quick] [--epochs 10] [--text-dataset imdb_reviews]`
# (`--help` lists every setting).
#
# Talk 002 says what *redes recurrentes* (recurrent networks) are for: *dependencias
# temporales* (temporal dependencies) and *análisis de secuencias*; a recurrent network "can
# *remember* earlier states". It names three uses, and we try one of each:
#
# 1. *secuencias* (sequences): a digit image read row by row, 28 steps of 28 pixels, with the
#    three Keras cells — LSTM, GRU and the plain SimpleRNN;
# 2. *predicción de series de tiempo* (time-series forecasting): the next value of a noisy
#    series, against the naive forecast "tomorrow = today";
# 3. *procesamiento de lenguaje natural* (text): talk 004's first example of learning from
#    data, a spam filter, that reads raw strings because the `TextVectorization` layer lives
#    inside the model.

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
quick = False  # few epochs: the same lesson in seconds
epochs = 25  # maximum epochs (épocas) per model; early stopping may end sooner
batch_size = 32  # global batch size, split over the replicas
window = 30  # forecasting: how many past values the model sees
text_dataset = "spam"  # spam (bundled, offline) or imdb_reviews (TFDS: downloaded once)
data_dir: str | None = None  # TFDS data folder for imdb_reviews (None: TFDS's default)
mixed_precision = False  # True: 16-bit where it pays (recent GPUs, bfloat16 CPUs)
seed = 0  # seeds the weights, the shuffling and dropout
strategy = "auto"  # tf.distribute strategy: auto, cpu, gpu, mirrored
cpu_replicas: int | None = None  # split the CPU into N replicas (restart the kernel to change it)
out = "out"  # results go to out/rnn/

# %%
if quick:
    epochs = min(epochs, 2)

# tfcourse.lesson starts TensorFlow quietly (its C++ start-up lines hidden)
from tfcourse.lesson import output_dir, print_setup, print_table, save_metrics  # noqa: E402

import numpy as np  # noqa: E402

from tfcourse import plots  # noqa: E402
from tfcourse.distribute import describe, get_strategy  # noqa: E402
from tfcourse.train import evaluate, train  # noqa: E402

dist_strategy = get_strategy(strategy, cpu_replicas=cpu_replicas)  # before any other TF op
results_dir = output_dir(out, "rnn")
precision = print_setup(dist_strategy, results_dir, mixed_precision)

# %% [markdown]
# ## 1. Los datos — three kinds of sequence
# All three datasets load first, before any training: `imdb_reviews` comes from TensorFlow
# Datasets, and if it is not on this machine (and cannot be downloaded) you learn it now, with
# the way to get it, not after the first two models have trained.
#
# - **digits**: scikit-learn's 1,797 handwritten digits at MNIST's 28×28
#   (`tfcourse.data.load_images`). Dropping the channel axis, each image is a *sequence* of 28
#   rows, each row 28 pixel values: shape (m, 28, 28) = (examples, *pasos* (time steps),
#   features).
# - **sine**: 1,000 steps of sin(2πt/50) plus noise (`tfcourse.data.make_sine`), split
#   *chronologically*: train on the past, validate on what follows, test on the future.
# - **text**: short messages labelled spam or ham (`tfcourse.data.spam.load_spam`, bundled),
#   or IMDB film reviews labelled positive or negative.

# %%
from tfcourse.data import load_images, make_sine, make_windows  # noqa: E402

digits = load_images("digits", size=28)
x_rows = {s: getattr(digits, f"x_{s}")[..., 0] for s in ("train", "val", "test")}  # (m, 28, 28)
print(digits, "→ as sequences:", x_rows["train"].shape, "(examples, steps, features)")

series = make_sine(seed=0)
print(f"series: train {series.x_train.shape}, val {series.x_val.shape}, "
      f"test {series.x_test.shape} values")


def load_text(name):
    """(x_train, y_train, x_val, y_val, x_test, y_test): texts as object arrays, labels 0/1."""
    if name == "spam":
        from tfcourse.data.spam import load_spam

        d = load_spam(seed=0)
        return d.x_train, d.y_train, d.x_val, d.y_val, d.x_test, d.y_test
    if name != "imdb_reviews":
        raise ValueError(f"Invalid value for setting `text_dataset`: expected 'spam' or "
                         f"'imdb_reviews'. Received: text_dataset={name!r}")
    from tfcourse.data import load_tfds, to_arrays

    train_ds, test_ds = load_tfds("imdb_reviews", split=("train", "test"), data_dir=data_dir)
    (x, y), (x_te, y_te) = to_arrays(train_ds), to_arrays(test_ds)
    x, x_te = x.astype(object), x_te.astype(object)  # Keras refuses fixed-width "<U" arrays
    n_val = len(x) // 10  # the last 10% of the training reviews validate
    return x[:-n_val], y[:-n_val], x[-n_val:], y[-n_val:], x_te, y_te


text_train, y_text_train, text_val, y_text_val, text_test, y_text_test = load_text(text_dataset)
print(f"{text_dataset}: {len(text_train)} training, {len(text_val)} validation, "
      f"{len(text_test)} test texts; share of class 1 in training: {np.mean(y_text_train):.2f}")
print("one of them:", repr(text_train[0])[:120], "→ label", y_text_train[0])

# %%
plots.plot_images(digits.x_train[:8], [str(y) for y in digits.y_train[:8]],
                  path=f"{results_dir}/digits.png",
                  title="Each image is a sequence: 28 rows (steps) of 28 pixels (features)")

# %% [markdown]
# ## 2. La celda recurrente — the recurrent cell
# A dense layer sees its whole input at once. A recurrent layer reads a sequence
# x₁, x₂, …, x_T one step at a time and carries a *estado oculto* (hidden state) h_t from each
# step to the next; that state is its memory. The plain cell (`keras.layers.SimpleRNN`) is one
# line:
#
# $$h_t = \tanh\left(W x_t + U h_{t-1} + b\right), \qquad h_0 = 0$$
#
# The same W, U and b serve at every step, so the number of parameters does not depend on the
# sequence's length. With d input features and n units: W is n×d, U is n×n, b has n values.
# The last state h_T summarises the whole sequence, and a dense layer classifies it.
#
# Here is that recurrence by hand, in NumPy, beside Keras's `SimpleRNN` with the same weights
# (Keras stores W and U transposed, so it writes x_t @ W).

# %%
import keras  # noqa: E402

rng = np.random.default_rng(seed)
x_seq = rng.standard_normal((1, 5, 3)).astype("float32")  # (B=1, T=5 steps, d=3 features)
rnn_cell = keras.layers.SimpleRNN(4)  # n = 4 units
rnn_cell.build(x_seq.shape)  # creates W (3, 4), U (4, 4) and b (4,), b at zero
W, U, _ = rnn_cell.get_weights()
b = rng.standard_normal(4).astype("float32")  # a bias that is not zero, so the check sees it
rnn_cell.set_weights([W, U, b])
keras_h = np.asarray(rnn_cell(x_seq))[0]  # (4,): h_T, the state after the last step

h = np.zeros(4, dtype="float32")  # h_0
for t in range(5):
    h = np.tanh(x_seq[0, t] @ W + h @ U + b)  # h_t = tanh(W x_t + U h_{t-1} + b), shape (4,)
print("by hand:", np.round(h, 5))
print("Keras:  ", np.round(keras_h, 5))
print(f"largest difference: {np.abs(h - keras_h).max():.1e}; parameters: "
      f"{rnn_cell.count_params()} = n(n + d + 1) = 4·(4 + 3 + 1)")

# %% [markdown]
# ### Por qué compuertas — why LSTM and GRU have gates
# Training a recurrent network is backpropagation through the unrolled steps. The gradient
# that reaches an early step is a product with one factor per step:
#
# $$\frac{\partial h_T}{\partial h_t} = \prod_{k=t+1}^{T} \operatorname{diag}\left(1 -
#   h_k^2\right) U$$
#
# When those factors are smaller than 1 the product shrinks geometrically — the
# *desvanecimiento del gradiente* (vanishing gradient) — and the first steps of a long sequence
# stop teaching the network anything; when they are larger it explodes.
#
# The LSTM (*long short-term memory*) adds a cell state c_t that is updated by *addition*,
# under gates — sigmoids in (0, 1) that decide what to forget, what to write and what to show:
#
# $$c_t = f_t \odot c_{t-1} + i_t \odot \tanh(W_c x_t + U_c h_{t-1} + b_c), \qquad
#   h_t = o_t \odot \tanh(c_t)$$
#
# with f_t = σ(W_f x_t + U_f h_{t−1} + b_f) the *compuerta de olvido* (forget gate), and i_t,
# o_t the input and output gates, the same form. Along c the gradient is multiplied by f_t,
# which training can hold near 1 for as long as something must be remembered. The GRU (gated
# recurrent unit) merges the gates into two (update and reset) and keeps no separate c: fewer
# parameters, often the same accuracy. Each gate is one more copy of (W, U, b), so an LSTM has
# 4× the parameters of a SimpleRNN of the same width, and Keras's GRU 3× (plus one more bias
# per gate):
#
# $$\text{SimpleRNN: } n(n + d + 1), \qquad \text{GRU: } 3n(n + d + 2), \qquad
#   \text{LSTM: } 4n(n + d + 1)$$
#
# `tfcourse.models.build_rnn` builds the classifier: the recurrent layer (64 units), whose last
# state goes to a dense softmax over the 10 digits. The counts below are checked against those
# formulas (d = 28 pixels a row, n = 64, plus the dense layer's 10·(64 + 1)).

# %%
from tfcourse.models import build_rnn  # noqa: E402

units, d = 64, 28
formulas = {"simple": units * (units + d + 1), "gru": 3 * units * (units + d + 2),
            "lstm": 4 * units * (units + d + 1)}
for cell, formula in formulas.items():
    count = build_rnn((28, 28), 10, cell=cell, units=units).count_params()
    print(f"{cell:>6}: {count:,} parameters = {formula:,} (recurrent) + {10 * (units + 1)} "
          f"(dense): {'agrees' if count == formula + 10 * (units + 1) else 'DIFFERS'}")
build_rnn((28, 28), 10, cell="lstm", units=units).summary()

# %% [markdown]
# ## 3. Secuencias — digits read row by row: LSTM, GRU, SimpleRNN
# Each model trains with `tfcourse.train.train` (Adam, learning rate 3·10⁻³, early stopping
# after 5 epochs without a better validation loss), one line per epoch. The helper also keeps
# checkpoints in the results folder, so an interrupted run resumes.

# %%
def fit(name, build, train_xy, val_xy, **kw):
    """Train one model of this lesson; checkpoints go to results_dir/name."""
    print(f"--- {name}")
    return train(build, train_xy, val_xy, strategy=dist_strategy,
                 global_batch_size=batch_size,  # split over the replicas
                 mixed_precision=mixed_precision, seed=seed, epochs=epochs, patience=5,
                 out_dir=f"{results_dir}/{name}", verbose=2, **kw)


rows_runs = {}
rows_runs["lstm"] = fit("rows_lstm", lambda: build_rnn((28, 28), 10, cell="lstm", units=units),
                        (x_rows["train"], digits.y_train), (x_rows["val"], digits.y_val), lr=3e-3)

# %%
plots.plot_history({"lstm": rows_runs["lstm"].history}, path=f"{results_dir}/rows_lstm_curves.png",
                   title="Curvas de aprendizaje — rows_lstm")

# %% [markdown]
# The GRU, on the same rows:

# %%
rows_runs["gru"] = fit("rows_gru", lambda: build_rnn((28, 28), 10, cell="gru", units=units),
                       (x_rows["train"], digits.y_train), (x_rows["val"], digits.y_val), lr=3e-3)

# %%
plots.plot_history({"gru": rows_runs["gru"].history}, path=f"{results_dir}/rows_gru_curves.png",
                   title="Curvas de aprendizaje — rows_gru")

# %% [markdown]
# And the plain cell, h_t = tanh(W x_t + U h_{t−1} + b), with no gates:

# %%
rows_runs["simple"] = fit("rows_simple",
                          lambda: build_rnn((28, 28), 10, cell="simple", units=units),
                          (x_rows["train"], digits.y_train), (x_rows["val"], digits.y_val),
                          lr=3e-3)

# %%
plots.plot_history({"simple": rows_runs["simple"].history},
                   path=f"{results_dir}/rows_simple_curves.png",
                   title="Curvas de aprendizaje — rows_simple")

# %% [markdown]
# The three on the test images, which none of them saw while training:

# %%
sequence_rows = [{"task": "digits row by row", "model": cell, "epochs": r.epochs,
                  "parameters": r.model.count_params(), "test metric": "accuracy",
                  "value": evaluate(r, x_rows["test"], digits.y_test)["accuracy"],
                  "seconds": r.seconds} for cell, r in rows_runs.items()]
print_table(sequence_rows, "Secuencias — digits read row by row (28 steps)")
acc = {r["model"]: r["value"] for r in sequence_rows}
n_test = len(digits.y_test)
gated = max(("lstm", "gru"), key=acc.get)
gap = round((acc[gated] - acc["simple"]) * n_test)  # in test images
params = {r["model"]: r["parameters"] for r in sequence_rows}
if gap > 0:
    print(f"The best gated cell ({gated}, {acc[gated]:.3f}) beat the SimpleRNN "
          f"({acc['simple']:.3f}) by {gap} of {n_test} test images.")
else:
    print(f"The SimpleRNN ({acc['simple']:.3f}), with {params['simple'] / params['lstm']:.0%} of "
          "the LSTM's parameters, "
          + (f"tied with the best gated cell ({gated}, {acc[gated]:.3f})" if gap == 0 else
             f"beat the best gated cell ({gated}, {acc[gated]:.3f}) by {-gap} of {n_test} test "
             "images")
          + ": 28 steps are few enough for the plain cell's gradient to reach the first rows; "
          "the gates matter on longer sequences than these.")
if quick:
    print(f"(Quick mode: {epochs} epochs, far from converged; differences of a few images are "
          "noise here. Run without quick for the real comparison.)")

# %% [markdown]
# ## 4. Series de tiempo — forecasting the next value
# To forecast, cut the series into *ventanas* (windows): the model reads `window` consecutive
# values and predicts the one after them. `tfcourse.data.make_windows` slides the window one
# step at a time, so a segment of n values gives n − window examples: X of shape
# (examples, window, 1) — a sequence of one feature — and Y of shape (examples, 1).

# %%
windows = {s: make_windows(getattr(series, f"x_{s}"), window)
           for s in ("train", "val", "test")}  # X: (k, window, 1), Y: (k, 1)
X_train, Y_train = windows["train"]
print("X:", X_train.shape, " Y:", Y_train.shape)
print("one window, X[0] =", " ".join(f"{v:.2f}" for v in X_train[0, :, 0]))  # 30 values
print(f"its target, Y[0] = {Y_train[0, 0]:.2f} (the value right after the window); "
      f"the last value seen, X[0, -1] = {X_train[0, -1, 0]:.2f}")

# %% [markdown]
# A forecaster is only worth training if it beats the *pronóstico ingenuo* (naive forecast)
# "tomorrow = today": predict that the next value equals the last one seen,
# ŷ_{t+1} = y_t. It costs nothing, and on a slowly varying series it is hard to beat. We
# compare both by the *error absoluto medio* (mean absolute error) on the test windows,
#
# $$\text{MAE} = \frac{1}{m} \sum_{i=1}^{m} \left|\hat y^{(i)} - y^{(i)}\right|$$
#
# `tfcourse.models.build_forecaster`: an LSTM of 32 units reads the window, a dense layer with
# no activation (a regression) predicts the next value; the loss is the mean squared error.

# %%
from tfcourse.models import build_forecaster  # noqa: E402

build_forecaster(window).summary()
forecast_run = fit("forecaster", lambda: build_forecaster(window), windows["train"],
                   windows["val"], loss="mse", metrics=("mae",), lr=3e-3)

# %%
x_test, y_test = windows["test"]  # (k, window, 1), (k, 1)
forecast = forecast_run.model.predict(x_test, verbose=0)  # (k, 1)
mae = float(np.mean(np.abs(forecast - y_test)))
naive = float(np.mean(np.abs(x_test[:, -1, :] - y_test)))  # ŷ_{t+1} = y_t: repeat the last value
forecast_rows = [{"task": "sine forecast", "model": "lstm", "epochs": forecast_run.epochs,
                  "parameters": forecast_run.model.count_params(), "test metric": "MAE",
                  "value": mae, "seconds": forecast_run.seconds},
                 {"task": "sine forecast", "model": "last value", "epochs": 0, "parameters": 0,
                  "test metric": "MAE", "value": naive, "seconds": 0.0}]
print_table(forecast_rows, "Series de tiempo — the next value, on the test segment")
if mae < naive:
    print(f"The LSTM's error is {1 - mae / naive:.0%} below the naive forecast's "
          f"({mae:.3f} vs {naive:.3f}): it learned something the last value does not say.")
else:
    print(f"The LSTM did NOT beat the naive forecast ({mae:.3f} vs {naive:.3f}): "
          + (f"{epochs} epochs (quick mode) are too few; " if quick else "")
          + "a model that cannot beat 'tomorrow = today' is not worth deploying.")

# %%
plots.plot_history({"forecaster": forecast_run.history},
                   path=f"{results_dir}/forecaster_curves.png",
                   title="Curvas de aprendizaje — forecaster")

# %% [markdown]
# ## 5. Texto — a spam filter that reads raw strings
# Talk 004 starts with a spam filter: nobody can write the rule that tells spam from a
# friend's message ("free" and "call" appear in both), but a model can learn it from labelled
# examples. A network needs numbers, so the text goes through a
# `keras.layers.TextVectorization` layer (`tfcourse.models.make_text_vectorizer`): it
# *standardises* (lower case, no punctuation, in any language), splits on spaces, and maps
# each word to its id in a vocabulary learned from the training texts only (`adapt`). Id 0
# pads short texts, 1 is "[UNK]" for words never seen, then the words from most to least
# frequent. Every text becomes 60 ids.

# %%
from tfcourse.models import (add_vectorizer, build_text_classifier,  # noqa: E402
                             make_text_vectorizer)

vectorizer = make_text_vectorizer(text_train, max_tokens=5000, sequence_length=60)
vocab = vectorizer.vocabulary_size()
print(f"vocabulary: {vocab} words; the first: {[str(w) for w in vectorizer.get_vocabulary()[:12]]}")
print(repr(text_train[0])[:80], "→", np.asarray(vectorizer(text_train[:1]))[0, :16], "...")

# %% [markdown]
# `tfcourse.models.build_text_classifier`: each id becomes a learned vector of 64 numbers (an
# *embedding*), and a bidirectional LSTM (32 units each way) reads the sequence forwards and
# backwards; padding is masked, so the LSTM skips it. We train this model on the ids (strings
# cannot be split over several replicas), then put the vectorizer in front of it with
# `add_vectorizer`: the result takes raw strings, and saved, it keeps its vocabulary inside.

# %%
ids = lambda texts: np.asarray(vectorizer(texts))  # (m,) strings → (m, 60) word ids
build_text_classifier(vocab, 2, sequence_length=60).summary()
text_run = fit("text", lambda: build_text_classifier(vocab, 2, sequence_length=60),
               (ids(text_train), y_text_train), (ids(text_val), y_text_val), lr=3e-3)

# %%
reader = add_vectorizer(text_run.model, vectorizer)  # (B,) strings → (B, 2) probabilities
accuracy = float(np.mean(reader.predict(text_test, verbose=0).argmax(axis=1) == y_text_test))
majority = float(max(np.mean(y_text_test), 1 - np.mean(y_text_test)))  # always the common class
text_rows = [{"task": f"{text_dataset} text", "model": "biLSTM", "epochs": text_run.epochs,
              "parameters": text_run.model.count_params(), "test metric": "accuracy",
              "value": accuracy, "seconds": text_run.seconds},
             {"task": f"{text_dataset} text", "model": "majority class", "epochs": 0,
              "parameters": 0, "test metric": "accuracy", "value": majority, "seconds": 0.0}]
print_table(text_rows, f"Texto — {text_dataset}, raw test strings in, classes out")
wrong = round((1 - accuracy) * len(y_text_test))
if accuracy > majority:
    print(f"The biLSTM ({accuracy:.3f}) beats always answering the majority class "
          f"({majority:.3f}); it still gets {wrong} of {len(y_text_test)} test texts wrong.")
else:
    print(f"The biLSTM ({accuracy:.3f}) did NOT beat always answering the majority class "
          f"({majority:.3f})" + (f": {epochs} epochs (quick mode) are too few." if quick else "."))
new = np.array(["You won a FREE prize! Call 555-0100 now", "see you at lunch tomorrow?"],
               dtype=object)  # strings, as the saved model would receive them
for message, p in zip(new, reader.predict(new, verbose=0)[:, 1]):  # P(class 1) per message
    print(f"P(class 1) = {p:.2f} for {message!r}")

# %%
plots.plot_history({"text": text_run.history}, path=f"{results_dir}/text_curves.png",
                   title="Curvas de aprendizaje — text")

# %% [markdown]
# ## 6. Todo junto — every result

# %%
rows = sequence_rows + forecast_rows + text_rows
print_table(rows, f"Redes recurrentes — {describe(dist_strategy)}")

# %% [markdown]
# ## Resultados — what to take away
# - A recurrent layer reads one step at a time and carries a hidden state; the same weights
#   serve at every step. The by-hand recurrence matches Keras's `SimpleRNN`.
# - Gates (LSTM, GRU) let the gradient reach early steps of long sequences; on 28-step digit
#   rows a SimpleRNN may keep up (the table above says which did better in this run).
# - A forecaster must beat "tomorrow = today", and a classifier the majority class: always
#   compare with the baseline that costs nothing.
# - With `TextVectorization` inside, the model reads raw strings: no separate preprocessing
#   to keep in sync when it is saved and served.
#
# Things to try: `epochs = 50`; `window = 5` (too little context?) or `window = 60`;
# `text_dataset = "imdb_reviews"` (25,000 film reviews; downloaded once); in
# `build_rnn(..., units=...)` fewer units, or `num_layers=2`. The numbers are saved to
# `metrics.json` in the results folder.

# %%
save_metrics(results_dir, {
    "settings": {"quick": quick, "epochs": epochs, "batch_size": batch_size, "window": window,
                 "text_dataset": text_dataset, "data_dir": data_dir,
                 "mixed_precision": mixed_precision, "seed": seed, "strategy": strategy,
                 "cpu_replicas": cpu_replicas, "out": out},
    "strategy": describe(dist_strategy), "precision": precision, "results": rows})

# %% [markdown]
# ## Ejercicios
# Replace each `____` with your answer and run the check under it: it says whether the answer is
# right and, if not, what is wrong. `ej.q1.hint()` gives a hint (another on each call),
# `ej.q1.solution()` the answer; `lang="en"` (or `TFCOURSE_LANG=en`) switches to English.

# %%
from tfcourse.exercises import ____, rnn as ej  # noqa: E402

# %% [markdown]
# **Ejercicio 1 — ventanas.** Write `cut_windows(series, size)`, which cuts a series (a 1-D array
# of n values) into forecasting *windows*: it returns `(X, y)`, X of shape (n − size, size, 1) —
# each window, `size` consecutive values with a feature axis — and y the value that follows each
# window (shape (n − size,) or (n − size, 1)).

# %% tags=["exercise"]
def cut_windows(series, size):
    X = ____  # (n − size, size, 1)
    y = ____  # (n − size,): the value after each window
    return X, y


# %%
ej.q1.check(cut_windows)

# %% [markdown]
# **Ejercicio 2 — un paso de la RNN.** Write one step of the simple recurrent cell in NumPy,
# hₜ = tanh(W·xₜ + U·hₜ₋₁ + b): `rnn_step(x_t, h_prev, W, U, b)` returns hₜ. The weights come as
# `keras.layers.SimpleRNN` stores them: W (d, n), U (n, n) and b (n,), with x_t (d,) and
# h_prev (n,); in that layout W·xₜ is `x_t @ W`.

# %% tags=["exercise"]
def rnn_step(x_t, h_prev, W, U, b):
    return ____  # hₜ, shape (n,)


# %%
ej.q2.check(rnn_step)

# %% [markdown]
# **Ejercicio 3 — el tamaño de una LSTM.** Write `lstm_params(n, d)`: the number of parameters of
# a `keras.layers.LSTM` layer of n units reading d features per step.

# %% tags=["exercise"]
def lstm_params(n, d):
    return ____


# %%
ej.q3.check(lstm_params)
