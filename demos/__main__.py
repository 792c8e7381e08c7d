"""List, run and convert the lessons.

Usage (from anywhere, with tfcourse installed):
    python -m demos list
    python -m demos run linear_regression --quick
    python -m demos run cnn --help                # the lesson's own settings, as flags
    python -m demos run all --quick --out out
    python -m demos run cnn --quick --workers 2   # on 2 local workers (python -m tfcourse.launch)
    python -m demos notebooks                     # demos/NAME.py → notebooks/NAME.ipynb
    python -m demos notebooks --check             # fail if a notebook differs from its demo
    python -m demos notebooks --execute out/notebooks   # run them (quick), keep outputs + HTML
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback

from demos import DEMOS
from demos import _runner

PROG = "python -m demos"


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv and argv[0] == "run":
        return run_command(argv[1:])
    parser = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0],
                                     epilog="python -m demos run NAME --help lists a lesson's "
                                            "settings; run NAME --workers N runs it on N local "
                                            "workers.")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the lessons")
    sub.add_parser("run", help="run one lesson, or all of them (see: run NAME --help)")
    nb = sub.add_parser("notebooks", help="write notebooks/NAME.ipynb from demos/NAME.py")
    nb.add_argument("names", nargs="*", metavar="NAME", help="lessons to convert (default: all)")
    nb.add_argument("--check", action="store_true",
                    help="write nothing; fail if a notebook differs from its demo")
    nb.add_argument("--execute", metavar="DIR",
                    help="also run each notebook in a fresh kernel (quick mode) and write the "
                         "executed copy and an HTML page to DIR")
    nb.add_argument("--full", action="store_true", help="with --execute: full mode, not quick")
    args = parser.parse_args(argv)
    if args.command == "list":
        for name, summary in DEMOS.items():
            print(f"{name:<24} {summary}")
        return 0
    unknown = [n for n in args.names if n not in DEMOS]
    if unknown:
        parser.error(f"unknown lesson(s) {', '.join(unknown)}: choose from {', '.join(DEMOS)}")
    from demos import _notebooks

    return _notebooks.main(args.names or list(DEMOS), check=args.check, execute=args.execute,
                           quick=not args.full)


def run_parser(name: str) -> tuple[argparse.ArgumentParser, dict[str, list[_runner.Setting]]]:
    """The flags of ``run NAME`` (the lesson's settings) or ``run all`` (every lesson's)."""
    names = list(DEMOS) if name == "all" else [name]
    found = {n: _runner.settings(_runner.path_of(n)) for n in names}
    description = ("Run every lesson in turn. A flag applies to the lessons that have that "
                   "setting and is ignored by the others." if name == "all" else DEMOS[name])
    parser = argparse.ArgumentParser(
        prog=f"{PROG} run {name}", description=description,
        epilog="Each flag overrides the value in the lesson's settings cell (the first code "
               "cell of demos/NAME.py and notebooks/NAME.ipynb).")
    union = {}
    for settings in found.values():
        for s in settings:
            union.setdefault(s.name, s)
    _runner.add_flags(parser, list(union.values()))
    return parser, found


def run_command(argv: list[str]) -> int:
    if not argv or argv[0].startswith("-"):  # no lesson named: the generic usage
        parser = argparse.ArgumentParser(prog=f"{PROG} run", description="Run one lesson, or all.",
                                         epilog=f"{PROG} run NAME --help lists its settings.")
        parser.add_argument("name", choices=[*DEMOS, "all"], help="a lesson, or 'all'")
        parser.parse_args(argv)  # prints the help for -h, else says what is missing; exits
        return 0
    name, rest = argv[0], argv[1:]
    if name not in DEMOS and name != "all":
        argparse.ArgumentParser(prog=f"{PROG} run").error(
            f"argument name: invalid choice: {name!r} (choose from {', '.join([*DEMOS, 'all'])})")
    parser, found = run_parser(name)
    parser.add_argument("--workers", type=int, metavar="N",
                        help="run the lesson as N local workers of one multi-worker job "
                             "(python -m tfcourse.launch; default: one process)")
    overrides = {k: v for k, v in vars(parser.parse_args(rest)).items() if v is not None}
    workers = overrides.pop("workers", None)
    if workers is not None:
        return launch_workers(name, rest, workers, parser)
    _say_ignored(overrides, found)

    worst = 0
    for demo, settings in found.items():
        mine = {k: v for k, v in overrides.items() if k in {s.name for s in settings}}
        print(f"\n===== {demo} =====", flush=True)
        start = time.perf_counter()
        status = _run_one(demo, mine)
        print(f"----- {demo}: {'ok' if status == 0 else 'FAILED'} in "
              f"{time.perf_counter() - start:.1f} s", flush=True)
        if status == 130:
            return status
        worst = max(worst, status)
    return worst


def launch_workers(name, flags, workers, parser) -> int:
    """Run ``run NAME FLAGS`` (without ``--workers``) on ``workers`` local workers."""
    def has_strategy(lesson):
        return "strategy" in {s.name for s in _runner.settings(_runner.path_of(lesson))}

    if name == "all" or not has_strategy(name):
        parser.error("--workers runs one lesson with a strategy setting: "
                     + ", ".join(filter(has_strategy, DEMOS)))
    flags = [f for i, f in enumerate(flags) if not f.startswith("--workers")
             and not (i and flags[i - 1] == "--workers")]
    if not any(f == "--strategy" or f.startswith("--strategy=") for f in flags):
        flags += ["--strategy", "multiworker"]
    from tfcourse.launch import launch

    try:
        return launch([sys.executable, "-m", "demos", "run", name, *flags], workers=workers)
    except ValueError as e:  # e.g. --workers 0
        parser.error(str(e))


def _say_ignored(overrides: dict, found: dict) -> None:
    for key in overrides:
        without = [d for d, settings in found.items() if key not in {s.name for s in settings}]
        if without:
            print(f"Note: --{key.replace('_', '-')} is not a setting of {', '.join(without)}; "
                  "ignored there.")


def _run_one(name: str, overrides: dict) -> int:
    """Run a lesson; print a known problem's message alone (no traceback) and return a status."""
    try:
        _runner.run(_runner.path_of(name), overrides)
        return 0
    except KeyboardInterrupt:
        print(f"\nStopped (Ctrl-C) during {name}. Training that writes to an output folder "
              "resumes from its last completed epoch when you run the same command again.",
              file=sys.stderr)
        return 130
    except ModuleNotFoundError as e:
        if e.name not in ("tensorflow", "keras", "tensorflow_datasets", "tfcourse"):
            traceback.print_exc()
            return 1
        print(f"\nThis Python ({sys.executable}) has no {e.name}: run the lessons with the "
              f"project's own Python, e.g. .venv/bin/python -m demos run {name} (Windows: "
              f".venv\\Scripts\\python -m demos run {name}); `make install` creates it.",
              file=sys.stderr)
        return 2
    except Exception as e:  # noqa: BLE001 - known problems get their message, bugs a traceback
        if isinstance(e, _known_problems()):
            print(f"\n{type(e).__name__}: {e}", file=sys.stderr)
            return 2
        traceback.print_exc()
        return 1


def _known_problems() -> tuple[type, ...]:
    """Errors that explain themselves: a dataset, weights file or device that is not here."""
    from tfcourse.data import DatasetUnavailableError
    from tfcourse.distribute import StrategyUnavailableError
    from tfcourse.models.transfer import WeightsUnavailableError

    return DatasetUnavailableError, StrategyUnavailableError, WeightsUnavailableError


if __name__ == "__main__":
    sys.exit(main())
