"""Case 0 — the noise floor: the same training on both sides of a pair (an A/A test).

Both sides are plain Keras LeNet-5 ``model.fit(x, y)``, measured exactly as the other cases
measure a pair (two processes, epochs in turns, median of the timed epochs). The ratio would
be 1 on a quiet machine; how far it strays is how far any other ratio in the same run can stray
by chance. Read the goals of the other cases with it in mind.
"""

from __future__ import annotations

from benchmarks._isolate import alternate_remote
from benchmarks._timing import record

CASE = "noise"
TITLE = "The noise floor: identical sides (A/A), ratio ideally 1"
EXAMPLES = (16384, 512)


def run(quick: bool = False, repeats: int = 5) -> list[dict]:
    """The ratio of two identical plain-Keras LeNet trainings.

    Args:
        quick: Tiny epochs, to check that the case runs. Defaults to False.
        repeats: Timed epochs of each side. Defaults to 5.

    Returns:
        One record; its ratio and cpu_ratio show the run's noise.
    """
    n = EXAMPLES[quick]
    side = dict(target="benchmarks._keras:epochs", side="keras", model="lenet", n=n)
    a, b, device, _ = alternate_remote(side, side, repeats=repeats)
    return [record(CASE, "lenet: keras vs keras", "training throughput", "images/s", a, b,
                   scale=lambda s: n / s, baseline_name="the same, in another process",
                   device=device, note=f"batch 64, {n} examples an epoch; ideally 1: how far "
                                       "it strays, any ratio of this run can stray by chance")]
