"""Warm-up, median of N, alternation (ABAB…) and the result record every case returns.

A case times its tfcourse variant and its baseline in turns — A, B, A, B, … — so a load that
comes and goes on the machine hits both alike, and reports the median of each side.

Every sample is a pair ``(wall seconds, CPU seconds)``. The wall time is the figure; the CPU
time (all threads of the measuring process) is a cross-check that other processes on a shared
machine disturb much less: they delay our threads, they don't make them do more work.

Example:
    >>> a, b = alternate(lambda: None, lambda: None, repeats=5, warmup=1)
    >>> len(a), len(b)
    (5, 5)
    >>> r = record("demo", "x", "throughput", "images/s", [10, 12, 11], [10, 10, 10],
    ...            goal="ratio >= 1.05")
    >>> r["value"], r["ratio"], r["met"], r["cpu_ratio"]
    (11.0, 1.1, True, None)
"""

from __future__ import annotations

import operator
import statistics
import time
from typing import Callable

_OPS = {">=": operator.ge, "<=": operator.le}


def median(xs) -> float | None:
    """The median of ``xs``, or None when it is empty."""
    xs = [float(x) for x in xs]
    return statistics.median(xs) if xs else None


def timed(fn: Callable) -> tuple:
    """``(wall, cpu)`` seconds of one call of ``fn``.

    ``fn`` may instead return what it measured itself: wall seconds, or a ``(wall, cpu)`` pair
    (cpu None when unknown).
    """
    start, cpu = time.perf_counter(), time.process_time()
    out = fn()
    if out is None:
        return time.perf_counter() - start, time.process_time() - cpu
    if isinstance(out, (tuple, list)):
        return float(out[0]), None if out[1] is None else float(out[1])
    return float(out), None


def alternate(a: Callable, b: Callable, *, repeats: int, warmup: int = 1):
    """Run ``a`` and ``b`` in turns: ``warmup`` untimed pairs, then ``repeats`` timed pairs.

    Args:
        a: The tfcourse side: a function of no arguments, timed by `timed`.
        b: The baseline side, likewise.
        repeats: Timed calls of each side.
        warmup: Untimed calls of each side first (tracing, caches). Defaults to 1.

    Returns:
        ``(samples_a, samples_b)``, two lists of ``repeats`` ``(wall, cpu)`` pairs.
    """
    for _ in range(warmup):
        a(), b()
    seconds_a, seconds_b = [], []
    for _ in range(repeats):
        seconds_a.append(timed(a))
        seconds_b.append(timed(b))
    return seconds_a, seconds_b


def check_goal(goal: str | None, value, ratio) -> bool | None:
    """Whether ``goal`` (``"ratio >= 0.97"``, ``"value <= 10"``) holds; None without a goal."""
    if not goal:
        return None
    field, op, number = goal.split()
    x = ratio if field == "ratio" else value
    return None if x is None else bool(_OPS[op](x, float(number)))


def record(case: str, variant: str, metric: str, unit: str, values, baselines=None, *,
           baseline_name: str = "", goal: str | None = None, note: str = "",
           scale: Callable[[float], float] = lambda s: s, device: str = "") -> dict:
    """One result row: the medians of both sides, their ratio, the goal and whether it is met.

    Args:
        case: The case name, e.g. ``"overhead"``.
        variant: What was measured within the case, e.g. ``"lenet"``.
        metric: What ``value`` is, e.g. ``"training throughput"``.
        unit: Its unit, e.g. ``"images/s"``.
        values: The tfcourse samples: numbers, or ``(wall, cpu)`` pairs as `timed` returns.
        baselines: The baseline samples, measured in the same run, or None.
        baseline_name: What the baseline is, e.g. ``"plain Keras model.fit"``.
        goal: ``"ratio >= X"``, ``"ratio <= X"``, ``"value >= X"``, ``"value <= X"`` or None.
        note: Anything a reader needs to interpret the row.
        scale: Applied to every sample first, e.g. ``lambda s: images / s`` for seconds.
            Defaults to the identity.
        device: Where it ran, e.g. ``"CPU"``.

    Returns:
        A JSON-ready dict with keys case, variant, metric, unit, value, baseline,
        baseline_name, ratio, goal, met, note, device, samples, and cpu_ratio: the same
        ratio computed from CPU time (None where either side has none).
    """
    wall_a, cpu_a = _split(values or [], scale)
    wall_b, cpu_b = _split(baselines or [], scale)
    value, baseline = median(wall_a), median(wall_b)
    ratio = value / baseline if value is not None and baseline else None
    cpu_ratio = None
    if cpu_a and cpu_b and None not in cpu_a + cpu_b:
        cpu_ratio = median(cpu_a) / median(cpu_b)
    return {
        "case": case, "variant": variant, "metric": metric, "unit": unit,
        "value": _round(value), "baseline": _round(baseline), "baseline_name": baseline_name,
        "ratio": _round(ratio), "goal": goal, "met": check_goal(goal, value, ratio),
        "cpu_ratio": _round(cpu_ratio), "note": note, "device": device,
        "samples": {"value": [_round(v) for v in wall_a],
                    "baseline": [_round(v) for v in wall_b]},
    }


def _split(samples, scale):
    """Samples (numbers or ``(wall, cpu)`` pairs) → scaled wall and CPU lists."""
    pairs = [s if isinstance(s, (tuple, list)) else (s, None) for s in samples]
    return ([scale(w) for w, _ in pairs],
            [None if c is None or c <= 0 else scale(c) for _, c in pairs])


def skipped(case: str, variant: str, why: str, *, goal: str | None = None) -> dict:
    """A row that says why a case (or variant) was not measured."""
    row = record(case, variant, "skipped", "", [], goal=goal, note=f"skipped: {why}")
    row["met"] = None
    return row


def _round(x, digits: int = 4):
    """Four significant digits: plenty for timings that vary by a few percent."""
    return None if x is None else float(f"{x:.{digits}g}")
