"""Ejercicios — tf.distribute: global vs per-replica batch, the replica loss, scope, learning rate.

Example:
    >>> from tfcourse.exercises import ____, distribute as ej
    >>> ej.q1.check(____)
    … Sin responder todavía: sustituye ____ por tu respuesta.
"""

from __future__ import annotations

import functools

import numpy as np

from tfcourse.exercises._compare import as_array, first_match, pair
from tfcourse.exercises._core import Mistake, call, expect_function, expect_number, load_questions

__all__ = ["q1", "q2", "q3", "q4"]


# (global_batch_size, num_replicas): one that divides, two that don't, one replica
SPLITS = [(256, 4), (100, 8), (30, 4), (32, 1)]


def check_per_replica(per_replica_batch):
    """q1: what train(global_batch_size=...) gives each replica: the global batch, rounded up."""
    expect_function(per_replica_batch)
    got = [expect_number(call(per_replica_batch, g, n)) for g, n in SPLITS]
    variants = [("ok", [-(-g // n) for g, n in SPLITS]), ("global", [g for g, _ in SPLITS]),
                ("times", [g * n for g, n in SPLITS]), ("floor", [g // n for g, n in SPLITS]),
                ("not_integer", [g / n for g, n in SPLITS])]
    key = first_match(got, variants)
    if key == "ok":
        return
    if key is None:
        i = next(i for i, (a, b) in enumerate(zip(got, variants[0][1])) if a != b)
        raise Mistake("value", expected=f"per_replica_batch{SPLITS[i]} = {variants[0][1][i]}",
                      received=f"{got[i]:g}")
    g, n = SPLITS[1]  # 100 over 8 replicas: every variant differs there
    raise Mistake(key, g=g, n=n, got=f"{got[1]:g}", want=-(-g // n), seen=g // n * n)


# (examples on this replica, replicas): the per-example losses of one replica's share
SHARES = [(8, 2), (5, 4)]


def check_replica_loss(replica_loss):
    """q2: one replica's loss, against tf.nn.compute_average_loss over the global batch."""
    expect_function(replica_loss)
    import tensorflow as tf

    rng = np.random.default_rng(0)
    got, variants = [], {}
    for b, n in SHARES:
        per_example = rng.uniform(0.1, 3.0, b)  # (b,): this replica's cross-entropies
        result = as_array(call(replica_loss, per_example.copy(), b * n))
        if result.shape == per_example.shape:
            raise Mistake("per_example", shape=result.shape)
        if result.shape != ():
            raise Mistake("shape", expected="()", received=result.shape)
        got.append(float(result))
        for key, value in (
                ("ok", float(tf.nn.compute_average_loss(per_example, global_batch_size=b * n))),
                ("per_replica", per_example.mean()), ("sum", per_example.sum())):
            variants.setdefault(key, []).append(value)
    key = first_match(got, variants.items())
    if key == "ok":
        return
    (b, n), want = SHARES[0], variants["ok"][0]
    if key is None:
        raise Mistake("value", expected=f"{want:.6g}", received=f"{got[0]:.6g}")
    raise Mistake(key, b=b, n=n, g=b * n, got=f"{got[0]:.4g}", want=f"{want:.4g}")


@functools.cache
def _strategy():
    """A MirroredStrategy over the logical CPUs (two when the CPU was split, as in the lesson)."""
    import tensorflow as tf

    from tfcourse.distribute import get_strategy

    cpus = tf.config.list_logical_devices("CPU")
    try:
        if len(cpus) >= 2:
            return get_strategy("cpu", cpu_replicas=len(cpus))
    except (RuntimeError, ValueError):  # a GPU machine: mirror over the first CPU below
        pass
    return tf.distribute.MirroredStrategy([cpus[0].name])  # one replica still mirrors


def check_scope(build):
    """q3: build(strategy) returns (model, optimizer) whose variables the strategy created."""
    expect_function(build)
    import keras

    strategy = _strategy()
    result = pair(call(build, strategy))
    model, optimizer = result if isinstance(result, (tuple, list)) and len(result) == 2 else (0, 0)
    if not (isinstance(model, keras.Model)
            and isinstance(optimizer, keras.optimizers.Optimizer)):
        raise Mistake("type", expected={"es": "un par (model, optimizer) de Keras",
                                        "en": "a Keras pair (model, optimizer)"},
                      received=type(result).__name__)
    if not model.built:
        raise Mistake("not_built")
    mirrored = strategy.extended.variable_created_in_scope
    model_in = all(mirrored(w.value) for w in model.weights)
    optimizer_in = mirrored(optimizer.iterations.value)
    if not (model_in or optimizer_in):
        raise Mistake("outside")
    if not model_in:
        raise Mistake("model_outside")
    if not optimizer_in:
        raise Mistake("optimizer_outside")


# the laptop run the learning rate was tuned on, and the new run
BASE_LR, BASE_BATCH, REPLICAS, PER_REPLICA = 0.1, 32, 4, 64


def check_scaled_lr(lr):
    """q4: the linear scaling rule: lr × (new global batch / old global batch)."""
    lr = expect_number(lr)
    ratio = REPLICAS * PER_REPLICA / BASE_BATCH
    candidates = [("ok", BASE_LR * ratio), ("not_scaled", BASE_LR),
                  ("by_replicas", BASE_LR * REPLICAS),
                  ("per_replica_ratio", BASE_LR * PER_REPLICA / BASE_BATCH),
                  ("inverse", BASE_LR / ratio)]
    key = next((k for k, v in candidates if abs(lr - v) <= 1e-6 * v), None)
    if key is None:
        raise Mistake("value", expected={"es": "α · (lote global / 32)",
                                         "en": "α · (global batch / 32)"}, received=f"{lr:g}")
    if key != "ok":
        raise Mistake(key, got=f"{lr:g}", want=f"{BASE_LR * ratio:g}", ratio=f"{ratio:g}",
                      global_=REPLICAS * PER_REPLICA)


q1, q2, q3, q4 = load_questions(
    __name__,
    check_per_replica,
    check_replica_loss,
    check_scope,
    check_scaled_lr,
)
