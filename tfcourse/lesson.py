"""What every lesson notebook shares: a quiet TensorFlow start, tables, where results go.

Import it at the top of a lesson, before anything else loads TensorFlow::

    from tfcourse.lesson import output_dir, print_table, save_metrics

Importing it loads TensorFlow with its start-up log lines hidden (CUDA stubs, and ``failed call
to cuInit`` on machines without a GPU: noise participants read as errors). Errors TensorFlow
logs later still show; ``python -m tfcourse info`` explains a GPU TensorFlow does not see.
"""

from __future__ import annotations

import json
import os
import shutil
import sys

from tfcourse._quiet import stderr_silenced


def quiet_tensorflow() -> None:
    """Import TensorFlow and look for GPUs with the start-up log lines hidden.

    Does nothing when TensorFlow is already imported. ``TF_CPP_MIN_LOG_LEVEL`` is set to 2
    (warnings and errors only) unless you set it yourself.
    """
    if "tensorflow" in sys.modules:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    with stderr_silenced():
        import tensorflow as tf

        tf.config.list_physical_devices()  # CUDA's probe logs here on machines without a GPU


quiet_tensorflow()


def output_dir(root: str, name: str) -> str:
    """Return ``root/name``, created if missing: where a lesson writes its figures and metrics.

    Under several workers (``python -m tfcourse.launch``) only the chief (worker 0) writes
    there; worker ``i`` writes to ``root/name/workertemp_<i>``, which `save_metrics` deletes.

    Args:
        root: The output root, e.g. ``"out"``.
        name: The lesson's name, e.g. ``"cnn"``.

    Returns:
        The folder's path.
    """
    from tfcourse.multiworker import worker_dir

    path = worker_dir(os.path.join(root, name))
    os.makedirs(path, exist_ok=True)
    return path


def print_table(rows: list[dict], title: str = "") -> None:
    """Print rows with the same keys as an aligned text table (floats to 4 significant digits).

    Args:
        rows: One dict per row; the first row's keys are the columns.
        title: A line printed above the table. Defaults to "".
    """
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
    """Write ``metrics`` as ``directory/metrics.json`` and say where.

    Under several workers only the chief writes; another worker deletes its temporary folder
    and returns None.

    Args:
        directory: The lesson's output folder (from `output_dir`).
        metrics: JSON-serialisable results, e.g. ``{"settings": {...}, "results": rows}``.

    """
    from tfcourse.multiworker import is_chief

    if not is_chief():
        shutil.rmtree(directory, ignore_errors=True)
        return
    path = os.path.join(directory, "metrics.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2, ensure_ascii=False)
    print(f"Wrote {path} and the figures in {directory}{os.sep}")
