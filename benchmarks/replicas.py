"""Case 7 — replicas: what ``cpu_replicas=2`` costs against the default strategy, same work.

Both sides train the same model on the same data with the same *global* batch (64): the
default strategy in one piece, the `MirroredStrategy` over 2 logical CPUs as 2 × 32, each
replica's gradients summed every step. On a CPU the two logical devices share the same cores,
so this measures the price of the lesson, not a speed-up; with 2 or more GPUs the case compares
`get_strategy("mirrored")` with the default strategy (one GPU), where replicas pay off. Each
side trains in a process of its own (the logical CPUs must be set before TensorFlow starts).
"""

from __future__ import annotations

from benchmarks._timing import record, skipped

CASE = "replicas"
TITLE = "Replicas: cpu_replicas=2 vs the default strategy on the same work"
EXAMPLES = {"lenet": (16384, 512), "mlp": (32768, 1024)}
GLOBAL_BATCH = 64


def run(quick: bool = False, repeats: int = 5, models=("lenet", "mlp")) -> list[dict]:
    """Training throughput with replicas over throughput without, per model.

    Args:
        quick: Tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed epochs of each side. Defaults to 5.
        models: Which of ``"lenet"``, ``"mlp"``. Defaults to both.

    Returns:
        One record per model (ratio below 1: replicas cost more than they give), or one
        "skipped" record on a machine with exactly one GPU.
    """
    import tensorflow as tf

    from benchmarks._isolate import alternate_remote

    gpus = len(tf.config.list_physical_devices("GPU"))
    if gpus == 1:
        return [skipped(CASE, "all", "one GPU: nothing to replicate over, and cpu_replicas "
                        "applies only where no GPU is visible")]
    replicas = gpus or 2
    what = f"{gpus} GPUs vs one" if gpus else "cpu_replicas=2 vs the default strategy"
    records = []
    for name in models:
        n = EXAMPLES[name][quick]
        side = dict(target="benchmarks._keras:epochs", side="tfcourse", model=name, n=n,
                    batch_size=GLOBAL_BATCH)
        with_replicas, without, device, _ = alternate_remote(
            dict(side, replicas=replicas), side, repeats=repeats)
        records.append(record(
            CASE, f"{name}, {replicas} replicas", "training throughput", "images/s",
            with_replicas, without, scale=lambda s, n=n: n / s, device=device,
            baseline_name="one replica (the default strategy)",
            note=f"{what}; global batch {GLOBAL_BATCH}, {n} examples an epoch"))
    return records
