"""The ``python -m tfcourse`` command line: one subcommand per task.

Run:

    python -m tfcourse --help
    python -m tfcourse info            # versions, devices, strategy, datasets, GPU check
    python -m tfcourse info --json
    python -m tfcourse fetch --all --dest bundle   # download data and weights, make a bundle
    python -m tfcourse fetch --from bundle         # install one (a folder or http://host:port/)
    python -m tfcourse serve-bundle bundle         # share it on the room's network

A subcommand is an ``_add_<name>`` function in ``_COMMANDS``; its handler takes the parsed args
and returns an exit code. Importing this module does not import TensorFlow.
"""

from __future__ import annotations

import argparse
import json
import os
import sys


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


def _run_fetch(args: argparse.Namespace) -> int:
    from tfcourse import bundle, fetch

    if args.source:
        if args.dest:
            print("--dest makes a bundle from downloads; with --from, copy the bundle folder "
                  "itself instead.", file=sys.stderr)
            return 2
        try:
            done = bundle.install(args.source, args.names)
        except bundle.BundleError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
        print(f"Installed {len(done['installed'])}, already there {len(done['present'])}. "
              f"Datasets: {bundle.default_data_dir()}; weights: {bundle.keras_models_dir()}. "
              "Check with: python -m tfcourse info")
        return 0
    if not args.names and not args.all:
        print("Name what to fetch, or --all. Datasets and bases: "
              + ", ".join(fetch.available_names()), file=sys.stderr)
        return 2
    names = fetch.available_names() if args.all else args.names
    try:
        result = fetch.fetch(names, args.dest)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    failed = result.get("failed", {})
    for name, why in failed.items():
        print(f"error: could not fetch {name}: {why}", file=sys.stderr)
    if failed:
        print("Without internet, install from a workshop bundle instead: "
              "python -m tfcourse fetch --from FOLDER_OR_URL", file=sys.stderr)
    return 1 if failed else 0


def _add_fetch(subparsers) -> None:
    p = subparsers.add_parser(
        "fetch", help="download the lessons' datasets and ImageNet weights, or install a bundle",
        description="Download TFDS datasets and keras.applications ImageNet weights into the "
                    "caches the lessons read (TFDS_DATA_DIR, KERAS_HOME/models), optionally "
                    "writing a bundle folder for a workshop; or, with --from, install such a "
                    "bundle from a folder or an http:// address, checking every file's sha256.",
    )
    p.add_argument("names", nargs="*", metavar="NAME",
                   help="datasets (mnist, fashion_mnist, cifar10, cats_vs_dogs, tf_flowers, "
                        "imdb_reviews) or bases (mobilenet_v2, resnet50, ...)")
    p.add_argument("--all", action="store_true", help="every dataset and every base")
    p.add_argument("--dest", metavar="BUNDLE_DIR",
                   help="also write what was fetched into this bundle folder")
    p.add_argument("--from", dest="source", metavar="FOLDER_OR_URL",
                   help="install from a bundle (a folder, or http://host:port/) instead of the "
                        "internet; default: everything in it")
    p.set_defaults(handler=_run_fetch)


def _run_serve_bundle(args: argparse.Namespace) -> int:
    from tfcourse import bundle, fetch

    try:
        fetch.serve(args.folder, host=args.host, port=args.port)
    except (bundle.BundleError, OSError, ValueError) as e:  # not a bundle; port in use
        print(f"error: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Stopped.")
    return 0


def _add_serve_bundle(subparsers) -> None:
    p = subparsers.add_parser(
        "serve-bundle", help="serve a bundle folder over HTTP on this network (read-only)",
        description="Serve a bundle made by `fetch --dest` with Python's http.server, "
                    "read-only, and print the address participants pass to `fetch --from`.",
    )
    p.add_argument("folder", metavar="DIR", help="the bundle folder")
    p.add_argument("--port", type=int, default=8000, help="TCP port (default 8000)")
    p.add_argument("--host", default="0.0.0.0",
                   help="address to listen on (default 0.0.0.0: every interface)")
    p.set_defaults(handler=_run_serve_bundle)


_COMMANDS = (_add_info, _add_fetch, _add_serve_bundle)


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
