# %% [markdown]
# # Redes recurrentes — sequences, series and text
#
# **Run it:** `python -m demos run rnn [--quick] [--text-dataset imdb_reviews]`
#
# Talk 002 names three uses of *redes recurrentes* (recurrent networks): sequences, time series
# and text. One demo for each:
#
# 1. an image read row by row as a sequence of 28 rows of 28 pixels — LSTM vs GRU vs SimpleRNN;
# 2. forecasting the next value of a noisy series, against the naive "same as last" baseline;
# 3. a spam filter (talk 004's first example of learning from data) on raw text: the
#    `TextVectorization` layer lives inside the model, so the saved model reads strings.

# %%
from __future__ import annotations

import dataclasses
import os

import numpy as np

from demos._util import (explains_missing_data, finish, image_splits, output_dir, per_replica,
                         print_table, start)


@dataclasses.dataclass
class Config:
    quick: bool = dataclasses.field(default=False, metadata={"help": "few epochs: seconds"})
    out: str = dataclasses.field(default="out", metadata={"help": "output root folder"})
    epochs: int = dataclasses.field(default=25, metadata={"help": "maximum epochs per model"})
    batch_size: int = dataclasses.field(default=32, metadata={
        "help": "global batch size, split over the replicas"})
    mixed_precision: bool = dataclasses.field(default=False, metadata={
        "help": "mixed_bfloat16 on CPU, mixed_float16 on recent GPUs"})
    seed: int = dataclasses.field(default=0, metadata={
        "help": "seeds the weights, the shuffling and dropout"})
    window: int = dataclasses.field(default=30, metadata={"help": "forecasting: steps seen"})
    text_dataset: str = dataclasses.field(default="spam", metadata={
        "choices": ["spam", "imdb_reviews"], "help": "bundled spam corpus, or IMDB via TFDS"})
    data_dir: str = dataclasses.field(default=None, metadata={"type": str, "help": "TFDS data dir"})
    strategy: str = dataclasses.field(default="auto", metadata={"help": "tf.distribute kind"})
    cpu_replicas: int = dataclasses.field(default=None, metadata={
        "type": int, "help": "split the CPU into N replicas"})


def _fit(build, train_xy, val_xy, cfg, strategy, out, name, **kw):
    from tfcourse import plots
    from tfcourse.train import train

    r = train(build, train_xy, val_xy, strategy=strategy,
              per_replica_batch_size=per_replica(cfg.batch_size, strategy),
              mixed_precision=cfg.mixed_precision, seed=cfg.seed, epochs=cfg.epochs, patience=5,
              out_dir=os.path.join(out, name), verbose=0, **kw)
    plots.plot_history({name: r.history}, path=os.path.join(out, f"{name}_curves.png"),
                       title=f"Curvas de aprendizaje — {name}")
    return r


# %% [markdown]
# ## 1. Secuencias — digits read row by row


# %%
def rows_as_sequences(cfg: Config, strategy, out: str) -> list[dict]:
    from tfcourse.models import build_rnn
    from tfcourse.train import evaluate

    data = image_splits("digits", size=28)
    x = {s: getattr(data, f"x_{s}")[..., 0] for s in ("train", "val", "test")}  # (m, 28, 28)
    rows = []
    for cell in ("lstm", "gru", "simple"):
        r = _fit(lambda: build_rnn((28, 28), 10, cell=cell, units=64), (x["train"], data.y_train),
                 (x["val"], data.y_val), cfg, strategy, out, f"rows_{cell}", lr=3e-3)
        rows.append({"task": "digits row by row", "model": cell, "epochs": r.epochs,
                     "test metric": "accuracy",
                     "value": evaluate(r, x["test"], data.y_test)["accuracy"],
                     "seconds": r.seconds})
    return rows


# %% [markdown]
# ## 2. Series de tiempo — forecasting the next value
# A model is only worth its training if it beats the naive forecast "tomorrow = today".


# %%
def forecasting(cfg: Config, strategy, out: str) -> list[dict]:
    from tfcourse.data import make_sine, make_windows
    from tfcourse.models import build_forecaster

    series = make_sine(seed=0)
    windows = {s: make_windows(getattr(series, f"x_{s}"), cfg.window)
               for s in ("train", "val", "test")}  # X: (k, window, 1), Y: (k, 1)
    r = _fit(lambda: build_forecaster(cfg.window), windows["train"], windows["val"], cfg,
             strategy, out, "forecaster", loss="mse", metrics=("mae",), lr=3e-3)
    x_test, y_test = windows["test"]
    mae = float(np.mean(np.abs(r.model.predict(x_test, verbose=0) - y_test)))
    naive = float(np.mean(np.abs(x_test[:, -1, :] - y_test)))  # repeat the last value
    return [{"task": "sine forecast", "model": "lstm", "epochs": r.epochs, "test metric": "MAE",
             "value": mae, "seconds": r.seconds},
            {"task": "sine forecast", "model": "last value", "epochs": 0, "test metric": "MAE",
             "value": naive, "seconds": 0.0}]


# %% [markdown]
# ## 3. Texto — a spam filter that reads raw strings


# %%
def text_splits(cfg: Config):
    if cfg.text_dataset == "spam":
        from tfcourse.data.spam import load_spam

        d = load_spam(seed=0)
        return d.x_train, d.y_train, d.x_val, d.y_val, d.x_test, d.y_test
    from tfcourse.data import load_tfds, to_arrays

    train, test = load_tfds("imdb_reviews", split=("train", "test"), data_dir=cfg.data_dir)
    (x, y), (x_test, y_test) = to_arrays(train), to_arrays(test)
    x, x_test = x.astype(object), x_test.astype(object)  # Keras refuses fixed-width "<U" arrays
    n_val = len(x) // 10
    return x[:-n_val], y[:-n_val], x[-n_val:], y[-n_val:], x_test, y_test


def text(cfg: Config, strategy, out: str) -> list[dict]:
    from tfcourse.models import build_text_classifier, make_text_vectorizer
    from tfcourse.models.text import add_vectorizer

    x_train, y_train, x_val, y_val, x_test, y_test = text_splits(cfg)
    vectorizer = make_text_vectorizer(x_train, max_tokens=5000, sequence_length=60)
    # train on word ids (strings cannot be split over replicas), then put the vectorizer in
    # front, so the saved model reads raw text
    ids = lambda texts: np.asarray(vectorizer(texts))  # (m, 60) word ids
    vocab = vectorizer.vocabulary_size()
    r = _fit(lambda: build_text_classifier(vocab, 2, sequence_length=60),
             (ids(x_train), y_train), (ids(x_val), y_val), cfg, strategy, out, "text", lr=3e-3)
    reader = add_vectorizer(r.model, vectorizer)  # (B,) strings → (B, 2) probabilities
    accuracy = float(np.mean(reader.predict(x_test, verbose=0).argmax(axis=1) == y_test))
    majority = float(max(np.mean(y_test), 1 - np.mean(y_test)))
    return [{"task": f"{cfg.text_dataset} text", "model": "biLSTM", "epochs": r.epochs,
             "test metric": "accuracy", "value": accuracy, "seconds": r.seconds},
            {"task": f"{cfg.text_dataset} text", "model": "majority class", "epochs": 0,
             "test metric": "accuracy", "value": majority, "seconds": 0.0}]


# %%
@explains_missing_data
def main(argv=None) -> int:
    cfg, strategy = start(Config, argv, description="Recurrent networks: sequences, series, text",
                          quick={"epochs": 2})
    from tfcourse.distribute import describe

    out = output_dir(cfg.out, "rnn")
    rows = rows_as_sequences(cfg, strategy, out) + forecasting(cfg, strategy, out) + \
        text(cfg, strategy, out)
    print_table(rows, f"Redes recurrentes — {describe(strategy)}")
    return finish(cfg, out, {"strategy": describe(strategy), "results": rows})


if __name__ == "__main__":
    raise SystemExit(main())
