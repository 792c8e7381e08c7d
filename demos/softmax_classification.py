# %% [markdown]
# # Clasificación softmax — the talk's TensorFlow demo, then and now
#
# **Run it:** `python -m demos run softmax_classification [--quick] [--dataset mnist]`
#
# Talk 002 ends with a TensorFlow 1 program: a *grafo de flujo de datos* (dataflow graph) with
# `tf.Variable(tf.truncated_normal([FLATTENED_SIZE, NUM_LABELS]))`, zero biases,
# `logits = tf.matmul(...) + biases`, `softmax_cross_entropy_with_logits`,
# `GradientDescentOptimizer(0.5).minimize(loss)`, and a `Session` fed mini-batches through
# `feed_dict`. We run it as given (through `tf.compat.v1`), beside the same model written
# with TensorFlow 2's `tf.GradientTape` under a `tf.distribute` strategy, and a NumPy version with
# the closed-form gradient. Same data, same start, same batches: the three loss curves coincide.
#
# Data: scikit-learn's 1,797 real 8×8 handwritten digits, bundled and offline. With
# `--dataset mnist` the 28×28 MNIST digits come through TensorFlow Datasets when cached.

# %%
from __future__ import annotations

import dataclasses

import numpy as np

from demos._util import explains_missing_data, finish, output_dir, print_table, start


@dataclasses.dataclass
class Config:
    quick: bool = dataclasses.field(default=False, metadata={"help": "fewer steps: seconds"})
    out: str = dataclasses.field(default="out", metadata={"help": "output root folder"})
    dataset: str = dataclasses.field(default="digits", metadata={
        "choices": ["digits", "mnist"], "help": "bundled digits, or MNIST through TFDS"})
    data_dir: str = dataclasses.field(default=None, metadata={
        "type": str, "help": "TFDS data dir (default: $TFDS_DATA_DIR or ~/tensorflow_datasets)"})
    lr: float = dataclasses.field(default=0.5, metadata={"help": "learning rate (the talk: 0.5)"})
    steps: int = dataclasses.field(default=1000, metadata={"help": "training steps"})
    batch_size: int = dataclasses.field(default=128, metadata={"help": "mini-batch size"})
    seed: int = dataclasses.field(default=0, metadata={"help": "initial weights, batch order"})
    strategy: str = dataclasses.field(default="auto", metadata={"help": "tf.distribute kind"})
    cpu_replicas: int = dataclasses.field(default=None, metadata={
        "type": int, "help": "split the CPU into N replicas for the GradientTape version"})


# %% [markdown]
# ## 1. Los datos — the data
# Each image becomes one row of pixels in [0, 1] (FLATTENED_SIZE = 64 for 8×8 digits).


# %%
def load_data(cfg: Config):
    """Return (x_train, y_train, x_test, y_test) with images flattened to rows."""
    if cfg.dataset == "digits":
        from tfcourse.data import load_digits

        d = load_digits(seed=cfg.seed)
        x_train, y_train, x_test, y_test = d.x_train, d.y_train, d.x_test, d.y_test
    else:
        from tfcourse.data import load_tfds, to_arrays

        train, test = load_tfds("mnist", split=("train", "test"), data_dir=cfg.data_dir)
        (x_train, y_train), (x_test, y_test) = to_arrays(train), to_arrays(test)
        x_train, x_test = x_train / 255.0, x_test / 255.0  # uint8 pixels → [0, 1]
    flat = lambda x: np.reshape(x, (len(x), -1)).astype(np.float32)  # (m, FLATTENED_SIZE)
    return flat(x_train), np.asarray(y_train), flat(x_test), np.asarray(y_test)


# %% [markdown]
# ## 2. Entrenamiento — the graph-and-session demo, GradientTape, and NumPy
# All start from the same truncated-normal weights and see the same mini-batches.


# %%
def train_all(x_train, y_train, cfg: Config, strategy) -> dict:
    from tfcourse.lowlevel import softmax_regression as sr

    kw = dict(lr=cfg.lr, steps=cfg.steps, batch_size=cfg.batch_size, init="truncated_normal",
              seed=cfg.seed, num_classes=10)
    return {
        "tf1 graph + session": sr.fit_graph(x_train, y_train, **kw),
        "gradient tape": sr.fit_tape(x_train, y_train, strategy=strategy, **kw),
        "numpy": sr.fit_numpy(x_train, y_train, **kw),
    }


def reference(x_train, y_train):
    """scikit-learn's unpenalised multinomial logistic regression: the same model, solved well."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=np.inf, max_iter=2000).fit(x_train, y_train)


# %% [markdown]
# ## 3. Frontera de decisión — what a linear classifier draws
# Softmax regression splits its input space with straight lines. With two features we can see
# them: iris flowers by petal length and width (standardised), three species.


# %%
def decision_boundary(cfg: Config, out: str) -> dict:
    from tfcourse import plots
    from tfcourse.data import load_iris
    from tfcourse.lowlevel import softmax_regression as sr

    d = load_iris(seed=cfg.seed)
    x_train, x_test = d.x_train[:, 2:], d.x_test[:, 2:]  # (m, 2): petal length, petal width
    fit = sr.fit_numpy(x_train, d.y_train, lr=0.5, steps=cfg.steps, num_classes=3)
    plots.plot_decision_boundary(fit.predict, np.r_[x_train, x_test], np.r_[d.y_train, d.y_test],
                                 class_names=["setosa", "versicolor", "virginica"],
                                 feature_names=("petal length (std)", "petal width (std)"),
                                 title="Frontera de decisión — softmax on two iris features",
                                 path=f"{out}/decision_boundary.png")
    return {"implementation": "numpy, iris petals (2 features)",
            "final batch cost": float(fit.losses[-1]),
            "test accuracy": float((fit.predict(x_test) == d.y_test).mean()), "seconds": fit.seconds}


# %% [markdown]
# ## 4. Evaluación — test accuracy, and which digits get confused


# %%
@explains_missing_data
def main(argv=None) -> int:
    cfg, strategy = start(Config, argv, quick={"steps": 300},
                          description="Softmax classification: TF1 graph vs TF2 tape")
    from tfcourse import plots

    x_train, y_train, x_test, y_test = load_data(cfg)
    print(f"{cfg.dataset}: {len(x_train)} training and {len(x_test)} test examples, "
          f"{x_train.shape[1]} pixels each")

    fits = train_all(x_train, y_train, cfg, strategy)
    rows = [{"implementation": name, "final batch cost": float(f.losses[-1]),
             "test accuracy": float((f.predict(x_test) == y_test).mean()), "seconds": f.seconds}
            for name, f in fits.items()]
    if not cfg.quick or len(x_train) < 5000:
        sk = reference(x_train, y_train)
        rows.append({"implementation": "sklearn LogisticRegression", "final batch cost": None,
                     "test accuracy": float(sk.score(x_test, y_test)), "seconds": None})
    print_table(rows, f"Regresión softmax — {cfg.dataset}, lr={cfg.lr}, "
                      f"batch {cfg.batch_size}, {cfg.steps} steps")

    out = output_dir(cfg.out, "softmax_classification")
    plots.plot_losses({k: f.losses for k, f in fits.items()}, path=f"{out}/losses.png",
                      title="Entropía cruzada — cross-entropy per mini-batch (curves coincide)")
    plots.plot_confusion_matrix(y_test, fits["gradient tape"].predict(x_test),
                                title="Matriz de confusión — softmax regression, test digits",
                                path=f"{out}/confusion_matrix.png")
    iris = decision_boundary(cfg, out)
    print_table([iris], "Frontera de decisión — two features, three classes")
    return finish(cfg, out, {"results": rows, "decision_boundary": iris})


if __name__ == "__main__":
    raise SystemExit(main())
