"""The ``python -m tfcourse`` command line: one subcommand per task.

Run:

    python -m tfcourse --help
    python -m tfcourse info            # versions, devices, strategy, datasets, GPU check
    python -m tfcourse info --json

A subcommand is an ``_add_<name>`` function in ``_COMMANDS``; its handler takes the parsed args
and returns an exit code. Importing this module does not import TensorFlow.
"""

from __future__ import annotations

import argparse
import json
import os


def _run_info(args: argparse.Namespace) -> int:
    from tfcourse import info

    facts = info.collect()
    print(json.dumps(facts, indent=2, default=str) if args.json else info.format_report(facts))
    return 0


def _add_info(subparsers) -> None:
    p = subparsers.add_parser(
        "info", help="report versions, devices, the auto strategy, datasets and GPU problems",
        description="Report Python/TensorFlow/Keras versions, the CUDA build, visible devices, "
                    "the strategy get_strategy('auto') picks, mixed precision, cached TFDS "
                    "datasets, and why a GPU might be invisible to TensorFlow. Runs offline.",
    )
    p.add_argument("--json", action="store_true", help="print the facts as JSON")
    p.set_defaults(handler=_run_info)


_COMMANDS = (_add_info,)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="python -m tfcourse",
        description="tfcourse: an introductory deep-learning workshop as code.",
    )
    subparsers = parser.add_subparsers(title="commands", metavar="COMMAND")
    for add in _COMMANDS:
        add(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the subcommand ``argv`` names (default ``sys.argv[1:]``); return the exit code
    (2: a usage error or no subcommand)."""
    # keep TensorFlow's C++ info/warning lines from burying the output
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, or a usage error argparse already printed
        return e.code if isinstance(e.code, int) else 0 if e.code is None else 2
    if not hasattr(args, "handler"):
        parser.print_help()
        return 2
    return args.handler(args)
