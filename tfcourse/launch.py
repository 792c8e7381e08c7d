"""Start N workers of one training program on this machine: multi-worker training, locally.

Run:

    python -m tfcourse.launch --workers 2 -- python my_script.py --epochs 3
    python -m tfcourse.launch --workers 3 --cross-device-ops ring --timeout 900 -- python -m my_job

Every worker runs the command after ``--`` (a leading ``python`` becomes this interpreter);
only its ``TF_CONFIG`` differs, naming the cluster on free localhost ports and its own index.
`tfcourse.distribute.get_strategy` then builds a `MultiWorkerMirroredStrategy` from it. Worker
0 (the chief) prints here; every worker also logs to ``LOG_DIR/worker<i>.log``. A failed
worker, ``--timeout`` or Ctrl-C stops them all. Local workers see no GPU unless
``--gpu-per-worker``. A lesson runs on workers with ``python -m demos run cnn --workers 2``.

Importing this module does not import TensorFlow: the launcher only manages processes.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

from tfcourse import validation as check
from tfcourse.cluster import (free_ports, gpus_per_worker, make_tf_configs, worker_command,
                              worker_env)
from tfcourse.constants import CROSS_DEVICE_OPS_ENV, MULTIWORKER_OPS

__all__ = ["launch", "main", "make_tf_configs", "free_ports", "worker_command", "worker_env",
           "CROSS_DEVICE_OPS_ENV"]
_GRACE_SECONDS = 3.0  # between asking a worker to stop (SIGTERM) and killing it


def _tee(stream, log):
    """Copy the chief's output to the console and its log, chunk by chunk (progress bars)."""
    console = getattr(sys.stdout, "buffer", None)
    for chunk in iter(lambda: stream.read1(65536), b""):
        if console is not None:
            console.write(chunk)
            console.flush()
        else:  # a text-only stdout (e.g. under a notebook)
            print(chunk.decode("utf-8", "replace"), end="", flush=True)
        log.write(chunk)
        log.flush()


def _stop(procs):
    """Ask every running worker to stop (SIGTERM), then kill what is left (SIGKILL)."""
    running = [p for p in procs if p.poll() is None]
    for stop in ("terminate", "kill"):
        for p in running:
            getattr(p, stop)()
        deadline = time.monotonic() + _GRACE_SECONDS
        while time.monotonic() < deadline and any(p.poll() is None for p in running):
            time.sleep(0.05)
        running = [p for p in running if p.poll() is None]
        if not running:
            return


def _tail(path: str, lines: int = 15) -> str:
    with open(path, "rb") as f:
        text = f.read()[-20_000:].decode("utf-8", "replace")
    return "\n".join("    " + line for line in text.splitlines()[-lines:])


def _say(message: str) -> None:
    print(f"tfcourse.launch: {message}", file=sys.stderr, flush=True)


def launch(command: list[str], *, workers: int = 2, cross_device_ops: str = "auto",
           timeout: float | None = None, log_dir: str | None = None,
           gpu_per_worker: bool = False) -> int:
    """Run ``command`` as ``workers`` local workers of one multi-worker job and wait for them.

    Args:
        command: The program each worker runs, and its arguments (see `worker_command`).
        workers: Number of worker processes. Defaults to 2.
        cross_device_ops: How the workers sum gradients: ``"auto"``, ``"ring"`` (try it when
            NCCL hangs) or ``"nccl"``. Defaults to ``"auto"``.
        timeout: Stop every worker after this many seconds; None waits. Defaults to None.
        log_dir: Folder for ``worker<i>.log``; a new temporary one if None. Defaults to None.
        gpu_per_worker: Give worker ``i`` the ``i``-th visible GPU, not none. Defaults to False.

    Returns:
        0 when every worker succeeded; a failed worker's exit status (1 if it was killed);
        124 on timeout; 130 on Ctrl-C.

    Raises:
        ValueError: If an argument is invalid.
    """
    workers = check.positive_int("workers", workers)
    check.one_of("cross_device_ops", cross_device_ops, MULTIWORKER_OPS)
    timeout = check.positive_number("timeout", timeout, allow_none=True)
    argv = worker_command(command)
    gpus = gpus_per_worker(workers, gpu_per_worker)
    log_dir = log_dir or tempfile.mkdtemp(prefix="tfcourse-launch-")
    os.makedirs(log_dir, exist_ok=True)
    configs = make_tf_configs(workers, free_ports(workers))

    _say(f"{workers} worker(s) at {', '.join(configs[0]['cluster']['worker'])}; worker 0 (the "
         f"chief) prints here\n  command: {' '.join(argv)}\n  logs:    "
         f"{os.path.join(log_dir, 'worker<i>.log')}")
    procs, logs, tees = [], [], []
    start = time.monotonic()
    restore = _stop_on_sigterm()
    try:
        for i, config in enumerate(configs):
            logs.append(open(os.path.join(log_dir, f"worker{i}.log"), "wb"))
            env = worker_env(config, cross_device_ops=cross_device_ops, gpu=gpus[i])
            # the workers share the launcher's process group: Ctrl-C reaches them all
            procs.append(subprocess.Popen(
                argv, env=env, stdin=subprocess.DEVNULL, stderr=subprocess.STDOUT,
                stdout=subprocess.PIPE if i == 0 else logs[i]))
            if i == 0:
                tees.append(threading.Thread(target=_tee, args=(procs[0].stdout, logs[0]),
                                             daemon=True))
                tees[0].start()
        while True:
            codes = [p.poll() for p in procs]
            failed = [i for i, code in enumerate(codes) if code not in (None, 0)]
            if failed:
                i, code = failed[0], codes[failed[0]]
                _stop(procs)
                for tee in tees:  # the chief's last lines reach its log
                    tee.join(timeout=5)
                log = os.path.join(log_dir, f"worker{i}.log")
                logs[i].flush()
                _say(f"worker {i} failed (exit status {code}) after "
                     f"{time.monotonic() - start:.1f} s; stopped the other workers.\n"
                     f"  its log: {log}\n{_tail(log)}")
                return code if code > 0 else 1
            if all(code == 0 for code in codes):
                _say(f"all {workers} workers finished in {time.monotonic() - start:.1f} s")
                return 0
            if timeout is not None and time.monotonic() - start > timeout:
                running = [str(i) for i, code in enumerate(codes) if code is None]
                _stop(procs)
                _say(f"timed out after {timeout:g} s with worker(s) {', '.join(running)} still "
                     f"running (a hang? a worker waiting for a peer that never answers); "
                     f"stopped them. Logs: {log_dir}")
                return 124
            time.sleep(0.1)
    except KeyboardInterrupt:
        _stop(procs)
        _say(f"interrupted; stopped every worker. Logs: {log_dir}")
        return 130
    finally:
        _stop(procs)
        restore()
        for tee in tees:
            tee.join(timeout=5)
        for log in logs:
            log.close()


def _stop_on_sigterm():
    """Make SIGTERM to the launcher stop the workers too (as Ctrl-C does); return an undo."""
    if threading.current_thread() is not threading.main_thread():
        return lambda: None

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupt)
    return lambda: signal.signal(signal.SIGTERM, previous)


def build_parser() -> argparse.ArgumentParser:
    """The launcher's flags (everything before ``--``)."""
    parser = argparse.ArgumentParser(
        prog="python -m tfcourse.launch", usage="%(prog)s [options] -- COMMAND ...",
        description="Start N local workers of one multi-worker TensorFlow job (TF_CONFIG on "
                    "free localhost ports), each running COMMAND (e.g. `-- python my_script.py`).",
        epilog="A lesson: python -m demos run NAME --workers 2 [its flags].")
    parser.add_argument("--workers", type=int, default=2, help="worker processes (default: 2)")
    parser.add_argument("--cross-device-ops", choices=MULTIWORKER_OPS, default="auto",
                        help="how workers sum gradients; try 'ring' on NCCL trouble "
                             "(default: auto)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="stop every worker after this many seconds (default: none)")
    parser.add_argument("--log-dir", default=None,
                        help="folder for worker<i>.log (default: a new temporary folder)")
    parser.add_argument("--gpu-per-worker", action="store_true",
                        help="give worker i the i-th GPU (default: workers see no GPU)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse ``[options] -- COMMAND ...`` and run `launch`; return its status (2: usage)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser()
    if "--" not in argv:
        if any(a in ("-h", "--help") for a in argv):
            parser.print_help()
            return 0
        parser.print_usage(sys.stderr)
        _say("error: put the command after `--`, e.g. `--workers 2 -- python my_script.py`")
        return 2
    split = argv.index("--")
    try:
        args = parser.parse_args(argv[:split])
    except SystemExit as e:  # --help, or a usage error argparse already printed
        return e.code if isinstance(e.code, int) else 0 if e.code is None else 2
    try:
        return launch(argv[split + 1:], workers=args.workers,
                      cross_device_ops=args.cross_device_ops, timeout=args.timeout,
                      log_dir=args.log_dir, gpu_per_worker=args.gpu_per_worker)
    except ValueError as e:
        _say(f"error: {e}")
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
