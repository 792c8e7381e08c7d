"""Case 5 — against the machine's limit: the MLP's training FLOP/s over the matmul peak.

The peak is a large float32 ``tf.linalg.matmul`` (2·n³ floating-point operations), timed in
turns with the MLP's training epochs (each in a process of its own). The MLP's work is
counted analytically from its dense layers: forward 2·inputs·outputs per example and layer,
backward twice that (the usual 3× forward). Their ratio is the model FLOP utilisation (MFU).
"""

from __future__ import annotations

from benchmarks._timing import record

CASE = "mfu"
TITLE = "Against the machine's limit: MLP training FLOP/s vs measured matmul peak"
MATMUL_N = (2048, 512)  # full, --quick
# (batch size, examples an epoch (full, quick), jit_compile, steps_per_execution): the
# lesson's MLP (784 → 128 → 10) through tfcourse.train with its defaults (32 steps per call) at
# its default batch and at larger ones, with XLA; last, without a goal, one step per call
# (Keras' default, and tfcourse's before "auto")
VARIANTS = ((64, (32768, 1024), False, None), (512, (65536, 2048), False, None),
            (2048, (131072, 4096), False, None), (512, (65536, 2048), True, None),
            (512, (65536, 2048), False, 1))


def train_flops(layer_sizes) -> int:
    """Training FLOPs per example of dense layers ``n0 → n1 → …`` (3 × forward).

    Example:
        >>> train_flops([784, 128, 10])  # 3 · 2 · (784·128 + 128·10)
        609792
    """
    return 3 * 2 * sum(a * b for a, b in zip(layer_sizes, layer_sizes[1:]))


def matmul_seconds(n: int):
    """A function that runs one n×n float32 matmul (timed by `benchmarks._timing.timed`)."""
    import tensorflow as tf

    from benchmarks._keras import device

    a = tf.random.uniform((n, n))
    b = tf.random.uniform((n, n))

    def run():
        c = tf.linalg.matmul(a, b)
        float(c[0, 0])  # the result is there (a GPU runs asynchronously)

    run.info = device()
    return run


def run(quick: bool = False, repeats: int = 5) -> list[dict]:
    """MFU of the lesson's MLP at its default batch size and at larger ones.

    Args:
        quick: Small matmul and tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed repetitions of each side. Defaults to 5.

    Returns:
        One record per variant: GFLOP/s achieved vs the peak; ratio = MFU.
    """
    from benchmarks._isolate import alternate_remote

    n = MATMUL_N[quick]
    flops = train_flops([784, 128, 10])
    records = []
    for batch, examples, jit, steps_per_execution in VARIANTS:
        m = examples[quick]
        side = dict(target="benchmarks._keras:epochs", side="tfcourse", model="mlp", n=m,
                    batch_size=batch, jit_compile=jit, steps_per_execution=steps_per_execution)
        variant = f"mlp, batch {batch}" + (", jit_compile=True" if jit else "")
        goal = "ratio >= 0.5"
        if steps_per_execution is not None:
            variant += f", what-if: steps_per_execution={steps_per_execution}"
            goal = None  # not what tfcourse.train does by default
        ours, theirs, device, _ = alternate_remote(
            side, dict(target=f"{__name__}:matmul_seconds", n=n), repeats=repeats)
        records.append(record(
            CASE, variant, "training FLOP/s", "GFLOP/s",
            [m * flops / s / 1e9 for s, _ in ours], [2 * n**3 / s / 1e9 for s, _ in theirs],
            baseline_name=f"peak: {n}×{n} float32 tf.linalg.matmul", goal=goal,
            note=f"784 → 128 → 10, {flops / 1e6:.3f} MFLOP an example (3× forward), "
                 f"{m} examples an epoch; ratio = MFU", device=device))
    return records
