"""Case — every lesson in full mode: what ``python -m demos run all`` costs a participant.

Each repetition runs ``python -m demos run all`` in a fresh process, exactly as the README tells
a participant to, and reads the runner's own line per lesson (``----- cnn: ok in 33.1 s``); the
total is that process's wall time (Python, TensorFlow's start-up and every lesson). A report per
lesson and one goal for the whole: at most 3 minutes on 2 cores. ``--quick`` runs the lessons'
quick mode instead (seconds), to check that the case runs.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time

from benchmarks._timing import record

CASE = "lessons"
TITLE = "Every lesson in full mode: python -m demos run all"
GOAL = "value <= 180"
MAX_REPEATS = 3  # each repetition is a few minutes
_LINE = re.compile(r"^----- (\w+): (ok|FAILED) in ([0-9.]+) s$", re.MULTILINE)


def run_all(quick: bool, name: str = "all") -> tuple[float, dict[str, float]]:
    """One ``python -m demos run NAME [--quick]``: its wall seconds and each lesson's.

    Raises:
        RuntimeError: If a lesson failed; the message ends with the run's last output.
    """
    from benchmarks._isolate import child_env

    cmd = [sys.executable, "-m", "demos", "run", name] + (["--quick"] if quick else [])
    start = time.perf_counter()
    proc = subprocess.run(cmd, env=child_env(), capture_output=True, text=True)
    wall = time.perf_counter() - start
    found = _LINE.findall(proc.stdout)
    if proc.returncode or not found or any(status != "ok" for _, status, _ in found):
        raise RuntimeError(f"{' '.join(cmd[1:])} failed (exit {proc.returncode}):\n"
                           f"{(proc.stdout + proc.stderr)[-3000:]}")
    return wall, {name: float(seconds) for name, _, seconds in found}


def run(quick: bool = False, repeats: int = 3) -> list[dict]:
    """Seconds of each lesson and of the whole run, medians of ``min(repeats, 3)`` runs.

    Args:
        quick: The lessons' quick mode. Defaults to False.
        repeats: Runs of ``demos run all`` (at most `MAX_REPEATS`). Defaults to 3.

    Returns:
        One record per lesson (no goal) and one for the total (goal: ≤ 180 s in full mode).
    """
    from tfcourse.cpu import cpu_facts

    runs = [run_all(quick) for _ in range(min(repeats, MAX_REPEATS))]
    mode = "quick mode" if quick else "full mode"
    device = f"CPU ({cpu_facts()['model']})"
    records = [record(CASE, f"{name}, {mode}", "wall time", "s", [r[1][name] for r in runs],
                      note="the runner's own time for this lesson, in the same process as the "
                           "others (TensorFlow already loaded)", device=device)
               for name in runs[0][1]]
    records.append(record(
        CASE, f"all lessons, {mode}", "wall time", "s", [r[0] for r in runs],
        goal=None if quick else GOAL, device=device,
        note=f"`python -m demos run all{' --quick' if quick else ''}` in a fresh process: "
             f"start-up and every lesson; median of {len(runs)} run(s)"))
    return records
