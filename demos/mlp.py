# %% [markdown]
# # Perceptrón multicapa — a dense network with Keras, with and without dropout
#
# **Run it:** `python -m demos run mlp [--quick] [--dataset mnist] [--cpu-replicas 2]`
#
# The talks' first network: pixels in, a hidden layer of ReLU units, a softmax over the ten
# digits out (talk 000: "MLP"; talk 001: dropout against overfitting). We train the same
# multilayer perceptron twice — without and with *dropout* — through `tfcourse.train`, which
# builds the model inside the `tf.distribute` strategy's scope, and compare learning curves.
#
# Data: the bundled 8×8 digits (offline); `--dataset mnist` for MNIST through TFDS when cached.

# %%
from __future__ import annotations

import dataclasses
import os


from demos._util import (explains_missing_data, finish, image_splits, output_dir, per_replica,
                         print_table, start)


@dataclasses.dataclass
class Config:
    quick: bool = dataclasses.field(default=False, metadata={"help": "few epochs: seconds"})
    out: str = dataclasses.field(default="out", metadata={"help": "output root folder"})
    dataset: str = dataclasses.field(default="digits", metadata={
        "choices": ["digits", "mnist", "fashion_mnist"], "help": "bundled digits or a TFDS source"})
    data_dir: str = dataclasses.field(default=None, metadata={"type": str, "help": "TFDS data dir"})
    epochs: int = dataclasses.field(default=40, metadata={"help": "maximum epochs"})
    batch_size: int = dataclasses.field(default=32, metadata={
        "help": "global batch size, split over the replicas"})
    mixed_precision: bool = dataclasses.field(default=False, metadata={
        "help": "mixed_bfloat16 on CPU, mixed_float16 on recent GPUs"})
    seed: int = dataclasses.field(default=0, metadata={
        "help": "seeds the weights, the shuffling and dropout"})
    lr: float = dataclasses.field(default=1e-3, metadata={"help": "Adam learning rate"})
    dropout: float = dataclasses.field(default=0.3, metadata={"help": "dropout rate of run 2"})
    strategy: str = dataclasses.field(default="auto", metadata={"help": "tf.distribute kind"})
    cpu_replicas: int = dataclasses.field(default=None, metadata={
        "type": int, "help": "split the CPU into N replicas"})


# %% [markdown]
# ## 1. El modelo — the model
# `build_mlp` flattens each image to a vector of pixels itself: 64 inputs for the 8×8 digits.


# %%
def train_both(data, cfg: Config, strategy, out: str) -> dict:
    from tfcourse.models import build_mlp
    from tfcourse.train import train

    input_shape, k = data.x_train.shape[1:], data.num_classes
    runs = {}
    for label, rate in (("no dropout", 0.0), (f"dropout {cfg.dropout}", cfg.dropout)):
        runs[label] = train(
            lambda: build_mlp(input_shape, k, hidden_units=(256, 128), dropout=rate),
            (data.x_train, data.y_train), (data.x_val, data.y_val), strategy=strategy,
            per_replica_batch_size=per_replica(cfg.batch_size, strategy),
            mixed_precision=cfg.mixed_precision, seed=cfg.seed, epochs=cfg.epochs, lr=cfg.lr,
            patience=8,
            out_dir=os.path.join(out, label.replace(" ", "_")), verbose=0)
    return runs


# %% [markdown]
# ## 2. Evaluación — test accuracy, learning curves, a look at the predictions


# %%
@explains_missing_data
def main(argv=None) -> int:
    cfg, strategy = start(Config, argv, quick={"epochs": 5},
                          description="A multilayer perceptron, with or without dropout")
    from tfcourse.distribute import describe
    from tfcourse import plots
    from tfcourse.train import evaluate

    data = image_splits(cfg.dataset, size=8, data_dir=cfg.data_dir,
                        limit=5000 if cfg.quick else None)
    out = output_dir(cfg.out, "mlp")
    runs = train_both(data, cfg, strategy, out)
    rows = []
    for label, r in runs.items():
        test = evaluate(r, data.x_test, data.y_test)
        rows.append({"model": f"MLP, {label}", "parameters": r.model.count_params(),
                     "epochs": r.epochs, "val accuracy": max(r.history["val_accuracy"]),
                     "test accuracy": test["accuracy"], "seconds": r.seconds})
    print_table(rows, f"Perceptrón multicapa — {cfg.dataset}, {describe(strategy)}")

    plots.plot_history({k: r.history for k, r in runs.items()}, path=f"{out}/learning_curves.png",
                       title="Curvas de aprendizaje — learning curves")
    best = runs[max(runs, key=lambda k: rows[list(runs).index(k)]["test accuracy"])]
    y_pred = best.model.predict(data.x_test[:16], verbose=0).argmax(axis=1)
    plots.plot_predictions(data.x_test, data.y_test, y_pred, path=f"{out}/predictions.png",
                           title="Predicciones — predictions, true → predicted")
    return finish(cfg, out, {"strategy": describe(strategy), "results": rows})


if __name__ == "__main__":
    raise SystemExit(main())
