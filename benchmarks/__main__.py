"""``python -m benchmarks``: list the cases, run them, write the results and BENCHMARKS.md.

Run from the repository root, with the venv's Python:

    python -m benchmarks list
    python -m benchmarks run                          # all cases, 5 timed repetitions each
    python -m benchmarks run overhead torch --repeats 7
    python -m benchmarks run --quick                  # seconds a case; written under out/
    python -m benchmarks report                       # rebuild BENCHMARKS.md from the JSON

A full run writes ``benchmarks/results/<machine>.json`` (cases not run keep their earlier
figures) and the tables of ``BENCHMARKS.md``; a ``--quick`` run is a smoke test and writes to
``out/benchmarks/`` instead, so it never replaces a measurement.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import time

from benchmarks import CASES, _isolate, _report

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "benchmarks", "results")
MARKDOWN = os.path.join(ROOT, "BENCHMARKS.md")
QUICK_DIR = os.path.join(ROOT, "out", "benchmarks")
MIN_REPEATS = 5


def _print_records(records) -> None:
    for r in records:
        ratio = "" if r["ratio"] is None else f"  ratio {r['ratio']:.3g}"
        goal = "" if r["goal"] is None else f"  [{r['goal']}: {'met' if r['met'] else 'MISSED'}]"
        value = r["note"] if r["value"] is None else f"{r['value']:.4g} {r['unit']}"
        print(f"  {r['variant']:<34} {value}{ratio}{goal}", flush=True)


def run_case(name: str, *, quick: bool, repeats: int, threads: int | None) -> dict:
    """Run one case in a fresh process; an error becomes a record that says so."""
    module, _ = CASES[name]
    # a case whose repetitions take minutes (lessons) caps them; the header says how many ran
    repeats = min(repeats, getattr(importlib.import_module(module), "MAX_REPEATS", repeats))
    load_before, start = list(os.getloadavg()), time.perf_counter()
    # start-up timing spawns its own interpreters; the others get the thread count
    try:
        records = _isolate.call(f"{module}:run", threads=None if name == "startup" else threads,
                                quick=quick, repeats=repeats)
    except Exception as e:  # noqa: BLE001 - reported as a record, the other cases go on
        from benchmarks._timing import skipped

        records = [skipped(name, "all", f"error: {str(e).strip().splitlines()[-1][:300]}")]
    return {"date": _report.now(), "quick": quick, "repeats": repeats, "threads": threads,
            "seconds": round(time.perf_counter() - start, 1), "load_before": load_before,
            "load_after": list(os.getloadavg()), "records": records}


def run(args) -> int:
    unknown = [n for n in args.names if n not in CASES]
    if unknown:
        print(f"Unknown case(s) {unknown}. Expected names from: {', '.join(CASES)}",
              file=sys.stderr)
        return 2
    repeats = args.repeats or (2 if args.quick else MIN_REPEATS)
    if repeats < (1 if args.quick else MIN_REPEATS):
        print(f"Invalid value for --repeats: a measurement needs at least {MIN_REPEATS} "
              f"(use --quick for a smoke test). Received: --repeats={repeats}", file=sys.stderr)
        return 2
    results_dir = args.results_dir or (QUICK_DIR if args.quick else RESULTS)
    markdown = args.markdown or (os.path.join(QUICK_DIR, "BENCHMARKS.md") if args.quick
                                 else MARKDOWN)
    info = _isolate.call("benchmarks._report:device_info", threads=args.threads)
    machine = args.machine or _report.machine_name(info)
    path = os.path.join(results_dir, f"{machine}.json")
    print(f"machine {machine} (measuring on {info['measured_on']}), {repeats} repetitions, "
          f"{args.threads} threads → {os.path.relpath(path)}", flush=True)
    for name in args.names or list(CASES):
        print(f"{name}: {CASES[name][1]}", flush=True)
        result = run_case(name, quick=args.quick, repeats=repeats, threads=args.threads)
        _print_records(result["records"])
        _report.save(path, machine, info, {name: result})  # after each case: a crash keeps it
    _report.write_markdown(markdown, results_dir, CASES)
    print(f"wrote {os.path.relpath(path)} and {os.path.relpath(markdown)}")
    return 0


def main(argv=None) -> int:
    """Parse ``argv`` and list, run or report."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list", help="list the cases")
    p = sub.add_parser("run", help="run cases (all when none is named)")
    p.add_argument("names", nargs="*", metavar="NAME", help=f"cases: {', '.join(CASES)}")
    p.add_argument("--quick", action="store_true", help="tiny sizes: checks that cases run")
    p.add_argument("--repeats", type=int, help=f"timed repetitions (default {MIN_REPEATS}; "
                   "2 with --quick)")
    p.add_argument("--threads", type=int, default=os.cpu_count(),
                   help="intra-/inter-op threads for TensorFlow and PyTorch (default: cores)")
    p.add_argument("--results-dir", help="where <machine>.json goes (default "
                   "benchmarks/results, or out/benchmarks with --quick)")
    p.add_argument("--markdown", help="the markdown file to update (default BENCHMARKS.md)")
    p.add_argument("--machine", help="name of the results file (default from the device)")
    r = sub.add_parser("report", help="rebuild the markdown from the results JSON")
    r.add_argument("--results-dir", default=RESULTS)
    r.add_argument("--markdown", default=MARKDOWN)
    args = parser.parse_args(argv)
    if args.command == "list":
        for name, (_, what) in CASES.items():
            print(f"{name:<18} {what}")
        return 0
    if args.command == "report":
        _report.write_markdown(args.markdown, args.results_dir, CASES)
        return 0
    return run(args)


if __name__ == "__main__":
    raise SystemExit(main())
