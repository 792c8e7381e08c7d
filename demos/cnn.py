# %% [markdown]
# # Redes convolucionales — LeNet-5 beside a modern small CNN
#
# **Run it:** `python -m demos run cnn [--quick] [--dataset mnist|fashion_mnist|cifar10]`
#
# Talk 000 shows LeNet: two *convoluciones* (convolutions) with *muestreo* (pooling) between
# them, then dense layers. Talk 003 adds what changed since: small 3×3 filters in pairs,
# *normalización por lotes* (batch normalization), ReLU, global average pooling and dropout.
# Both train here under the same `tf.distribute` strategy through `tfcourse.train`.
#
# Data: the bundled digits upsampled to MNIST's 28×28×1 (offline); `--dataset` for the TFDS
# sources when cached.

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
        "choices": ["digits", "mnist", "fashion_mnist", "cifar10"],
        "help": "bundled digits or a TFDS source"})
    data_dir: str = dataclasses.field(default=None, metadata={"type": str, "help": "TFDS data dir"})
    epochs: int = dataclasses.field(default=20, metadata={"help": "maximum epochs"})
    batch_size: int = dataclasses.field(default=32, metadata={
        "help": "global batch size, split over the replicas"})
    mixed_precision: bool = dataclasses.field(default=False, metadata={
        "help": "mixed_bfloat16 on CPU, mixed_float16 on recent GPUs"})
    seed: int = dataclasses.field(default=0, metadata={
        "help": "seeds the weights, the shuffling and dropout"})
    lr: float = dataclasses.field(default=2e-3, metadata={"help": "Adam learning rate"})
    strategy: str = dataclasses.field(default="auto", metadata={"help": "tf.distribute kind"})
    cpu_replicas: int = dataclasses.field(default=None, metadata={
        "type": int, "help": "split the CPU into N replicas"})


# %% [markdown]
# ## 1. Los modelos — LeNet-5 (61,706 parameters on 28×28×1) and the modern CNN


# %%
def builders(input_shape, num_classes):
    from tfcourse.models import build_cnn, build_lenet

    return {
        "LeNet-5": lambda: build_lenet(input_shape, num_classes),
        "modern CNN": lambda: build_cnn(input_shape, num_classes, filters=(32, 64)),
    }


# %% [markdown]
# ## 2. Por dentro — what LeNet's filters learned, and what they see in one digit
# The first layer's 6 filters are 5×5 weight patches; the feature maps are what each
# convolution and pooling layer outputs for one test image (28×28×6 → 14×14×6 → 10×10×16 →
# 5×5×16).


# %%
def look_inside(model, image, out: str) -> None:
    from tfcourse import plots

    plots.plot_filters(model.get_layer("conv1").get_weights()[0],  # (5, 5, 1, 6)
                       title="Filtros aprendidos — LeNet conv1", path=f"{out}/filters_conv1.png")
    maps = plots.feature_maps(model, image)  # layer name → (H, W, C)
    plots.plot_feature_maps(maps, title="Mapas de características — LeNet, one test digit",
                            path=f"{out}/feature_maps.png")


# %% [markdown]
# ## 3. Entrenamiento y evaluación — train, then test once


# %%
@explains_missing_data
def main(argv=None) -> int:
    cfg, strategy = start(Config, argv, description="LeNet-5 beside a modern small CNN",
                          quick={"epochs": 3})
    from tfcourse.distribute import describe
    from tfcourse import plots
    from tfcourse.train import evaluate, train

    data = image_splits(cfg.dataset, size=28, data_dir=cfg.data_dir,
                        limit=5000 if cfg.quick else None)
    out = output_dir(cfg.out, "cnn")
    runs, rows = {}, []
    for label, build in builders(data.x_train.shape[1:], data.num_classes).items():
        r = train(build, (data.x_train, data.y_train), (data.x_val, data.y_val),
                  strategy=strategy, per_replica_batch_size=per_replica(cfg.batch_size, strategy),
                  mixed_precision=cfg.mixed_precision, seed=cfg.seed, epochs=cfg.epochs, lr=cfg.lr,
                  patience=6,
                  out_dir=os.path.join(out, label.replace(" ", "_")), verbose=0)
        runs[label] = r
        rows.append({"model": label, "parameters": r.model.count_params(), "epochs": r.epochs,
                     "val accuracy": max(r.history["val_accuracy"]),
                     "test accuracy": evaluate(r, data.x_test, data.y_test)["accuracy"],
                     "seconds": r.seconds})
    print_table(rows, f"Redes convolucionales — {cfg.dataset}, {describe(strategy)}")

    plots.plot_history({k: r.history for k, r in runs.items()}, path=f"{out}/learning_curves.png",
                       title="Curvas de aprendizaje — learning curves")
    y_pred = runs["modern CNN"].model.predict(data.x_test, verbose=0).argmax(axis=1)  # (m,)
    plots.plot_predictions(data.x_test, data.y_test, y_pred, path=f"{out}/predictions.png",
                           title="Predicciones — modern CNN, true → predicted")
    plots.plot_confusion_matrix(data.y_test, y_pred, path=f"{out}/confusion_matrix.png",
                                title="Matriz de confusión — modern CNN, test set")
    look_inside(runs["LeNet-5"].model, data.x_test[0], out)
    return finish(cfg, out, {"strategy": describe(strategy), "results": rows})


if __name__ == "__main__":
    raise SystemExit(main())
