"""Case 3 — graph vs eager: GradientTape in `tf.function` vs eagerly; custom loop vs fit.

1. `tfcourse.lowlevel.softmax_regression.fit_tape` on the digits (784 pixels → 10 classes), run
   as written (its step is a `tf.function`) and with ``tf.config.run_functions_eagerly(True)``.
   The per-step time is ``(t(N steps) − t(1 step)) / (N − 1)``, which cancels the one-off
   tracing; reported as steps/s and the graph-over-eager speedup.
2. `tfcourse.custom_loop.fit_custom` (TensorFlow's distributed custom-training pattern: a
   `tf.function` step with GradientTape, optimizer and metric; a Python ``for`` over the
   distributed `tf.data` pipeline) vs ``model.fit`` through `tfcourse.train`, same model,
   batch and data, both one step per call (``steps_per_execution=1``: the custom loop calls
   its step once per batch). A steady epoch of ``fit_custom`` is
   ``(t(1 + K epochs) − t(1 epoch)) / K`` (each call builds and traces afresh); ``train``'s
   epochs after the first are timed by a callback, the same K of them.
"""

from __future__ import annotations

import time

from benchmarks._timing import alternate, record

CASE = "graph_eager"
TITLE = "Graph vs eager: tf.function vs eager GradientTape loop; custom loop vs model.fit"
STEPS = (200, 30)  # full run, --quick
EXAMPLES = {"mlp": (16384, 2048), "lenet": (8192, 1024)}  # examples an epoch (full, --quick)
K_EPOCHS = 3  # steady epochs per repetition of the custom-loop comparison


def _tape_step_seconds(x, y, *, eager: bool, steps: int, batch_size):
    """A function returning ``(wall, cpu)`` seconds per step of `fit_tape`, tracing excluded."""
    import tensorflow as tf

    from tfcourse.lowlevel.softmax_regression import fit_tape

    kw = dict(lr=0.5, batch_size=batch_size, init="truncated_normal")

    def run():
        tf.config.run_functions_eagerly(eager)
        try:
            cpu = time.process_time()
            one = fit_tape(x, y, steps=1, **kw).seconds  # tracing + one step
            cpu_one, cpu = time.process_time() - cpu, time.process_time()
            many = fit_tape(x, y, steps=steps, **kw).seconds  # tracing + `steps` steps
            cpu_many = time.process_time() - cpu
        finally:
            tf.config.run_functions_eagerly(False)
        return (many - one) / (steps - 1), (cpu_many - cpu_one) / (steps - 1)

    return run


def _custom_epoch(name: str, x, y):
    """A function returning mean ``(wall, cpu)`` seconds of `fit_custom`'s steady epochs."""
    from benchmarks import _keras as K
    from tfcourse.custom_loop import fit_custom

    kw = dict(per_replica_batch_size=K.BATCH, lr=K.LR, verbose=False)

    def run():
        cpu = time.process_time()
        one = fit_custom(K.builder(name), x, y, epochs=1, **kw).seconds
        cpu_one, cpu = time.process_time() - cpu, time.process_time()
        more = fit_custom(K.builder(name), x, y, epochs=1 + K_EPOCHS, **kw).seconds
        return (more - one) / K_EPOCHS, (time.process_time() - cpu - cpu_one) / K_EPOCHS

    return run


def _fit_epoch(name: str, x, y):
    """A function returning mean ``(wall, cpu)`` seconds of `tfcourse.train`'s later epochs."""
    from benchmarks import _keras as K
    from tfcourse.train import train

    def run():
        timer = K.EpochTimer()
        train(K.builder(name), (x, y), epochs=1 + K_EPOCHS, per_replica_batch_size=K.BATCH,
              lr=K.LR, verbose=0, callbacks=[timer], steps_per_execution=1)
        later = timer.seconds[1:]
        return tuple(sum(part) / K_EPOCHS for part in zip(*later))

    return run


def run(quick: bool = False, repeats: int = 5) -> list[dict]:
    """Graph-vs-eager speedups of the low-level loop, and `fit_custom` vs ``model.fit``.

    Args:
        quick: Few steps and tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed repetitions of each side. Defaults to 5.

    Returns:
        Two records for the tape loop (full batch, mini-batch 64) and one per Keras model.
    """
    from benchmarks import _keras as K

    records, steps = [], STEPS[quick]
    x, y = K.digits()
    for variant, batch in (("softmax tape loop, full batch", None),
                           ("softmax tape loop, batch 64", 64)):
        graph, eager = alternate(
            _tape_step_seconds(x, y, eager=False, steps=steps, batch_size=batch),
            _tape_step_seconds(x, y, eager=True, steps=steps, batch_size=batch),
            repeats=repeats, warmup=1)
        records.append(record(
            CASE, variant, "training steps", "steps/s", graph, eager, scale=lambda s: 1 / s,
            baseline_name="the same loop run eagerly", device=K.device(),
            note=f"fit_tape on {len(x)} digits (784 → 10); ratio = speedup of tf.function"))
    for name in EXAMPLES:
        n = EXAMPLES[name][quick]
        xs, ys = K.digits(n)
        ours, fit = alternate(_custom_epoch(name, xs, ys), _fit_epoch(name, xs, ys),
                              repeats=repeats, warmup=1)
        records.append(record(
            CASE, f"{name}: fit_custom", "training throughput", "images/s", ours, fit,
            scale=lambda s, n=n: n / s,
            baseline_name="model.fit (tfcourse.train, steps_per_execution=1)",
            goal="ratio >= 0.9", note=f"batch {K.BATCH}, {n} examples an epoch",
            device=K.device()))
    return records
