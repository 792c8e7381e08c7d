"""What every lesson notebook shares: a quiet TensorFlow start, tables, where results go.

Import it at the top of a lesson, before anything else loads TensorFlow::

    from tfcourse.lesson import output_dir, print_table, save_metrics

Importing it loads TensorFlow with its start-up log lines hidden (CUDA stubs, ``failed call to
cuInit``: noise participants read as errors); later errors still show.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

from tfcourse._quiet import stderr_silenced


def quiet_tensorflow() -> None:
    """Import TensorFlow (if not yet) with its start-up lines hidden; ``TF_CPP_MIN_LOG_LEVEL``
    defaults to 2 (warnings and errors)."""
    if "tensorflow" in sys.modules:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with stderr_silenced():
        import tensorflow as tf

        tf.config.list_physical_devices()  # CUDA's probe logs here on machines without a GPU


quiet_tensorflow()


def output_dir(root: str, name: str) -> str:
    """Return ``root/name``, created if missing: where a lesson writes figures and metrics.

    Across workers only the chief writes there; worker ``i`` gets ``root/name/workertemp_<i>``,
    which `save_metrics` deletes.
    """
    from tfcourse.multiworker import worker_dir

    path = worker_dir(os.path.join(root, name))
    os.makedirs(path, exist_ok=True)
    return path


def print_setup(strategy, results_dir: str, mixed_precision=None) -> str | None:
    """Print where a lesson trains and writes, and (given ``mixed_precision``) in which precision.

    Returns:
        The precision that runs here (`tfcourse.precision.describe_precision`), or None.
    """
    from tfcourse.distribute import describe

    print(f"Strategy: {describe(strategy)}. Results go to {results_dir}")
    if mixed_precision is None:
        return None
    from tfcourse.precision import describe_precision

    precision = describe_precision(mixed_precision)
    print(f"Precision: {precision}")
    return precision


def print_table(rows: list[dict], title: str = "") -> None:
    """Print dicts as an aligned table (the first row's keys are the columns; floats to 4
    significant digits), under ``title`` if given."""
    if title:
        print(f"\n{title}")
    if not rows:
        print("(no rows)")
        return
    header = list(rows[0])
    cells = [[_fmt(row.get(key)) for key in header] for row in rows]
    widths = [max(len(c) for c in column) for column in zip(header, *cells)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("-" * len(line))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip())


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def save_metrics(directory: str, metrics: dict) -> None:
    """Write JSON-serialisable ``metrics`` to ``directory/metrics.json`` and say where.

    Across workers only the chief writes; another worker deletes its ``workertemp`` folder.
    """
    from tfcourse.multiworker import is_chief

    if not is_chief():
        shutil.rmtree(directory, ignore_errors=True)
        return
    path = os.path.join(directory, "metrics.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2, ensure_ascii=False)
    print(f"Wrote {path} and the figures in {directory}{os.sep}")
