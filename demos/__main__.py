"""List and run the demos.

Usage (from the repository root):
    python -m demos list
    python -m demos run linear_regression --quick
    python -m demos run all --quick --out out
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # keep TensorFlow's C++ log lines quiet

from demos import DEMOS  # noqa: E402


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demos", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the demos")
    run = sub.add_parser("run", help="run one demo, or all of them")
    run.add_argument("name", choices=[*DEMOS, "all"], help="a demo name, or 'all'")
    args, rest = parser.parse_known_args(argv)

    if args.command == "list":
        if rest:
            parser.error(f"unrecognized arguments: {' '.join(rest)}")
        for name, summary in DEMOS.items():
            print(f"{name:<24} {summary}")
        return 0

    names = list(DEMOS) if args.name == "all" else [args.name]
    failed = []
    for name in names:
        print(f"\n===== {name} =====", flush=True)
        start = time.perf_counter()
        status = importlib.import_module(f"demos.{name}").main(rest)
        print(f"----- {name}: {'ok' if status == 0 else 'FAILED'} in "
              f"{time.perf_counter() - start:.1f} s", flush=True)
        if status != 0:
            failed.append(name)
    if failed:
        print(f"\nFailed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
