"""Small helpers every demo shares: flags from a config dataclass, tables, metrics files."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os


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
    """``root/name``, created if missing."""
    path = os.path.join(root, name)
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
