"""Case 2 — input pipeline: a `tfcourse.data` pipeline vs in-memory arrays, same model.

One model trains on ``tfcourse.data.for_strategy(x, y, ...)`` (cache → shuffle → batch →
prefetch), an identical one on the NumPy arrays themselves (``model.fit(x, y, shuffle=True)``,
Keras' own array adapter), each in a process of its own, epochs in turns; the first epoch of
each is not kept.
"""

from __future__ import annotations

from benchmarks._isolate import alternate_remote
from benchmarks._timing import record

CASE = "pipeline"
TITLE = "Input pipeline: tfcourse.data vs in-memory arrays"
EXAMPLES = {"mlp": (32768, 1024), "lenet": (16384, 512)}
EPOCHS = "benchmarks._keras:epochs"


def run(quick: bool = False, repeats: int = 5, models=("mlp", "lenet")) -> list[dict]:
    """Training throughput fed by `tfcourse.data.for_strategy` vs fed by arrays.

    Args:
        quick: Tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed epochs of each side. Defaults to 5.
        models: Which of ``"mlp"``, ``"lenet"``. Defaults to both.

    Returns:
        One record per model.
    """
    records = []
    for name in models:
        n = EXAMPLES[name][quick]
        ours, theirs, device, _ = alternate_remote(
            dict(target=EPOCHS, side="pipeline", model=name, n=n),
            dict(target=EPOCHS, side="keras", model=name, n=n), repeats=repeats)
        records.append(record(
            CASE, name, "training throughput", "images/s", ours, theirs,
            scale=lambda s, n=n: n / s, goal="ratio >= 0.95", device=device,
            baseline_name="model.fit(x, y) on in-memory NumPy arrays",
            note=f"batch 64, {n} examples an epoch"))
    return records
