"""Anticipated mistakes of the tf.distribute exercises: wrong answers written by hand."""

import numpy as np


def _build(model_in=True, optimizer_in=True, built=True):
    def build(strategy):
        import keras

        from tfcourse.models import build_mlp

        def model():
            if built:
                return build_mlp((8, 8, 1), 10)
            return keras.Sequential([keras.layers.Flatten(), keras.layers.Dense(10)])
        with strategy.scope():
            inside = (model() if model_in else None,
                      keras.optimizers.Adam(1e-3) if optimizer_in else None)
        return (inside[0] or model(), inside[1] or keras.optimizers.Adam(1e-3))
    return build


# (question, wrong answer, mistake key, Spanish fragment, English fragment)
MISTAKES = [
    ("q1", lambda g, n: g, "global", "Devuelves el lote global (100", "You return the global"),
    ("q1", lambda g, n: g * n, "times", "per_replica_batch_size=G", "per_replica_batch_size=G"),
    ("q1", lambda g, n: g // n, "floor", "12 × 8 = 96 < 100", "12 × 8 = 96 < 100"),
    ("q1", lambda g, n: g / n, "not_integer", "das 12.5", "you give 12.5"),
    ("q1", lambda g, n: 64, "value", "per_replica_batch(100, 8) = 13",
     "per_replica_batch(100, 8) = 13"),
    ("q2", lambda losses, g: np.mean(losses), "per_replica", "2 veces más grandes",
     "2 times too large"),
    ("q2", lambda losses, g: np.sum(losses), "sum", "la suma sin dividir",
     "the sum without dividing"),
    ("q2", lambda losses, g: losses / g, "per_example", "una pérdida por ejemplo",
     "one loss per example"),
    ("q2", lambda losses, g: np.sum(losses) / 100, "value", "se esperaba", "expected"),
    ("q3", _build(model_in=False, optimizer_in=False), "outside", "Ni el modelo ni el "
     "optimizador", "Neither the model nor the optimizer"),
    ("q3", _build(model_in=False), "model_outside", "el modelo se crea fuera",
     "the model is created outside"),
    ("q3", _build(optimizer_in=False), "optimizer_outside", "el optimizador se crea fuera",
     "the optimizer is created outside"),
    ("q3", _build(built=False), "not_built", "dale una keras.Input", "give it a keras.Input"),
    ("q3", lambda strategy: "model", "type", "un par (model, optimizer)",
     "a Keras pair (model, optimizer)"),
    ("q4", 0.1, "not_scaled", "Multiplica α por 8", "Multiply α by 8"),
    ("q4", 0.4, "by_replicas", "número de réplicas (0.4)", "number of replicas (0.4)"),
    ("q4", 0.2, "per_replica_ratio", "el lote por réplica (64)", "the per-replica batch (64)"),
    ("q4", 0.1 / 8, "inverse", "Divides α (0.0125)", "You divide α (0.0125)"),
    ("q4", 1.0, "value", "α · (lote global / 32)", "α · (global batch / 32)"),
]
