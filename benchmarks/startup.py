"""Case 8 — start-up: ``import tfcourse`` vs ``import keras``, and ``python -m tfcourse info``.

Each figure is the wall time of a fresh interpreter (``python -c "import …"``), started in turns
with its baseline, so Python's own start-up is in both and cancels in the ratio.
"""

from __future__ import annotations

import subprocess
import sys

from benchmarks._timing import alternate, record

CASE = "startup"
TITLE = "Start-up: import tfcourse vs import keras; python -m tfcourse info"
KERAS = ["-c", "import keras"]
# (variant, command, goal)
COMMANDS = (
    ("import tfcourse", ["-c", "import tfcourse"], "ratio <= 1.1"),
    ("import tfcourse.train", ["-c", "import tfcourse.train"], "ratio <= 1.1"),
    ("python -m tfcourse info", ["-m", "tfcourse", "info"], None),
)


def python(args):
    """A function that runs ``python ARGS`` in a fresh interpreter: ``(wall, cpu)`` seconds."""
    import resource
    import time

    from benchmarks._isolate import child_env

    env = child_env()

    def cpu():
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    def run():
        start, cpu_start = time.perf_counter(), cpu()
        subprocess.run([sys.executable, *args], env=env, check=True, capture_output=True)
        return time.perf_counter() - start, cpu() - cpu_start

    return run


def run(quick: bool = False, repeats: int = 5) -> list[dict]:
    """Wall time of each command against ``python -c "import keras"``.

    Args:
        quick: Unused: start-up has no smaller size (``--quick`` lowers the repeats).
        repeats: Timed runs of each side. Defaults to 5.

    Returns:
        One record per command; ratio = its time over ``import keras``'s.
    """
    from tfcourse.cpu import cpu_facts

    records = []
    for variant, args, goal in COMMANDS:
        ours, keras = alternate(python(args), python(KERAS), repeats=repeats, warmup=1)
        records.append(record(
            CASE, variant, "wall time", "s", ours, keras, goal=goal,
            baseline_name='python -c "import keras"', device=f"CPU ({cpu_facts()['model']})",
            note="a fresh interpreter each time; ratio = time / import keras's"))
    return records
