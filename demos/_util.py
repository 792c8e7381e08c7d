"""Small helpers every demo shares: flags from a config dataclass, tables, metrics files."""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import os
import shutil
import sys


def parse_config(config_cls, argv=None, *, description: str = ""):
    """Build command-line flags from a config dataclass and parse ``argv`` into an instance.

    A field ``cpu_replicas: int | None = None`` becomes ``--cpu-replicas N``; a bool field
    becomes a switch (``--quick``).
    """
    parser = argparse.ArgumentParser(description=description)
    for field in dataclasses.fields(config_cls):
        flag = "--" + field.name.replace("_", "-")
        help_text = field.metadata.get("help", "")
        if field.type in (bool, "bool"):
            parser.add_argument(flag, action="store_true", help=help_text)
            continue
        kind = field.metadata.get("type", type(field.default) if field.default is not None else str)
        parser.add_argument(flag, type=kind, default=field.default, choices=field.metadata.get("choices"),
                            help=f"{help_text} (default: {field.default})")
    return config_cls(**vars(parser.parse_args(argv)))


def output_dir(root: str, name: str) -> str:
    """``root/name``, created if missing.

    Under ``python -m tfcourse.launch`` only the chief (worker 0) writes there; worker ``i``
    writes to ``root/name/workertemp_<i>``, which `finish` deletes.
    """
    from tfcourse.multiworker import worker_dir

    path = worker_dir(os.path.join(root, name))
    os.makedirs(path, exist_ok=True)
    return path


def print_table(rows: list[dict], title: str = "") -> None:
    """Print rows of equal keys as an aligned text table (floats with 4 significant digits)."""
    if title:
        print(f"\n{title}")
    cells = [[_fmt(v) for v in row.values()] for row in rows]
    header = list(rows[0].keys())
    widths = [max(len(str(c)) for c in col) for col in zip(header, *cells)]
    line = "  ".join(h.ljust(w) for h, w in zip(header, widths))
    print(line)
    print("-" * len(line))
    for row in cells:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths)))


def _fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def write_metrics(directory: str, metrics: dict) -> str:
    """Write ``metrics`` as ``directory/metrics.json`` and return its path."""
    path = os.path.join(directory, "metrics.json")
    with open(path, "w", encoding="utf-8") as f:
        json.dump(metrics, f, indent=2, ensure_ascii=False)
    return path


def image_splits(dataset: str, *, size: int = 28, data_dir=None, seed: int = 0,
                 limit: int | None = None):
    """Train/validation/test images in [0, 1] with integer labels, as a `tfcourse.data.Splits`.

    ``digits`` is bundled (offline); a TFDS source (``mnist``, ``fashion_mnist``, ``cifar10``)
    must be cached, else `tfcourse.data.DatasetUnavailableError` says how to get it. TFDS sources
    have no validation split: the last 10% of the training split serves. ``limit`` keeps the
    first ``limit`` training examples (quick mode on big datasets).
    """
    import numpy as np

    from tfcourse.data import Splits, load_digits, load_tfds, to_arrays

    if dataset == "digits":
        return load_digits(size=size, seed=seed)
    train, test = load_tfds(dataset, split=("train", "test"), data_dir=data_dir)
    (x, y), (x_test, y_test) = to_arrays(train), to_arrays(test)
    x, x_test = x.astype("float32") / 255.0, x_test.astype("float32") / 255.0
    n_val = len(x) // 10
    x_train, y_train, x_val, y_val = x[:-n_val], y[:-n_val], x[-n_val:], y[-n_val:]
    if limit:
        x_train, y_train = x_train[:limit], y_train[:limit]
    return Splits(dataset, x_train, y_train.astype(np.int32), x_val, y_val.astype(np.int32),
                  x_test, y_test.astype(np.int32), int(y.max()) + 1, f"{dataset} via TFDS")


def start(config_cls, argv, *, description: str, quick: dict):
    """Parse the flags, cap the work in ``--quick`` mode, and create the strategy.

    The strategy comes first, before any other TensorFlow op: splitting the CPU into
    ``--cpu-replicas`` logical devices is only possible before TensorFlow initialises.

    Args:
        config_cls: The demo's config dataclass (with ``quick``, ``strategy``, ``cpu_replicas``).
        argv: Command-line arguments, or None for ``sys.argv``.
        description: One line for ``--help``.
        quick: Caps applied in quick mode, e.g. ``{"epochs": 3}``.

    Returns:
        ``(config, strategy)``.
    """
    cfg = parse_config(config_cls, argv, description=description)
    if cfg.quick:
        cfg = dataclasses.replace(cfg, **{k: min(getattr(cfg, k), v) for k, v in quick.items()})
    from tfcourse.distribute import describe, get_strategy

    strategy = get_strategy(cfg.strategy, cpu_replicas=cfg.cpu_replicas)
    print(f"Strategy: {describe(strategy)}")
    return cfg, strategy


def finish(cfg, out: str, results: dict) -> int:
    """Write ``out/metrics.json`` (the config plus ``results``), say where, and return 0."""
    from tfcourse.multiworker import is_chief

    if not is_chief():  # a non-chief worker: the chief keeps the results
        shutil.rmtree(out, ignore_errors=True)
        return 0
    path = write_metrics(out, {"config": dataclasses.asdict(cfg), **results})
    print(f"\nWrote {path} and the PNG figures in {out}{os.sep}")
    return 0


def explains_missing_data(main):
    """Decorate a demo's ``main``: a dataset or weights file that cannot be had ends the demo with
    its explanation (where it looked, how to get it, what serves offline) and exit status 2,
    instead of a traceback."""

    @functools.wraps(main)
    def wrapper(argv=None) -> int:
        from tfcourse.data import DatasetUnavailableError
        from tfcourse.models.transfer import WeightsUnavailableError

        try:
            return main(argv)
        except (DatasetUnavailableError, WeightsUnavailableError) as e:
            print(f"\n{e}", file=sys.stderr)
            return 2

    return wrapper


def per_replica(global_batch: int, strategy) -> int:
    """The per-replica batch size that splits ``global_batch`` over the strategy's replicas.

    The demos' ``--batch-size`` is the *global* batch: with 2 replicas and ``--batch-size 32``
    each replica takes 16 examples a step, so the model sees the same batches, takes the same
    number of steps, and reaches the same accuracy as on one device — what a comparison of
    hardware set-ups needs. (Scaling out for speed means raising the global batch, and usually
    the learning rate with it; see README "Strategies and batch sizes".) When the replicas
    don't divide it, each takes the batch rounded up.
    """
    n = strategy.num_replicas_in_sync
    return max(1, -(-global_batch // n))
