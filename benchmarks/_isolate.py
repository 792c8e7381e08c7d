"""Run one function in a fresh Python process and get its JSON-ready result back.

Each case runs in its own interpreter: TensorFlow's devices (``cpu_replicas``), thread pools and
compiled-function caches start fresh, and one case cannot slow the next one down.

Within a case, each side of a pair that trains runs in a process of its own too, as a `Remote`
function that runs one epoch per call, and the case alternates between them. Two sides in one
process disturb each other: PyTorch's MLP ran 8× slower beside TensorFlow's idle threads than
alone, and with one Keras fit nested in another's callback, identical sides measured ratios
from 0.44 to 1.0 (the outer fit's epochs slowed down at random).

    python -m benchmarks._isolate MODULE:FUNCTION KWARGS_JSON OUT_PATH      (what `call` runs)
    python -m benchmarks._isolate --serve LIBRARY MODULE:FUNCTION KWARGS_JSON  (a `Remote`)
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

THREADS_ENV = "TFCOURSE_BENCH_THREADS"  # intra- and inter-op threads of TF and PyTorch


def child_env(threads: int | None = None) -> dict:
    """The environment of a measuring child: quiet TensorFlow logs, the thread count set."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2", PYTHONUNBUFFERED="1")
    if threads:
        env[THREADS_ENV] = str(threads)
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def call(target: str, *, threads: int | None = None, timeout: float = 1800, **kwargs):
    """Call ``target`` (``"package.module:function"``) with ``kwargs`` in a fresh process.

    Args:
        target: The function to run, as ``"module:function"``.
        threads: Threads for TensorFlow in the child, and for PyTorch in its `Remote`
            processes (both sides of a pair get the same); None leaves the libraries'
            defaults. Defaults to None.
        timeout: Seconds before the child is killed. Defaults to 1800.
        **kwargs: JSON-serialisable keyword arguments for the function.

    Returns:
        What the function returned (JSON round-tripped).

    Raises:
        RuntimeError: If the child fails; the message ends with its stderr.
    """
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "result.json")
        cmd = [sys.executable, "-m", "benchmarks._isolate", target, json.dumps(kwargs), out]
        proc = subprocess.run(cmd, env=child_env(threads), capture_output=True, text=True,
                              timeout=timeout)
        if proc.returncode != 0 or not os.path.exists(out):
            raise RuntimeError(f"{target} failed (exit {proc.returncode}):\n"
                               f"{proc.stderr[-4000:]}")
        with open(out) as f:
            return json.load(f)


class Remote:
    """A function that lives in another process: each call runs it there once and times it.

    Args:
        target: ``"module:function"``; called once with ``kwargs`` in the child, it returns the
            function of no arguments to be timed (e.g. one training epoch).
        library: The library whose threads are set in the child: ``"tensorflow"`` or
            ``"torch"``. Defaults to ``"tensorflow"``.
        threads: As in `call`; the parent's setting when None. Defaults to None.
        env: Variables set in the child's environment before it starts, e.g.
            ``{"TF_ENABLE_ONEDNN_OPTS": "0"}`` (read when TensorFlow loads). Defaults to None.
        **kwargs: JSON-serialisable keyword arguments for ``target``.

    The child starts at once (several can start side by side); calling the `Remote` returns
    ``(wall, cpu)`` seconds measured in the child, and ``info`` is the function's ``info``
    attribute, if it has one (e.g. the device it chose). Use it as a context manager, or call
    `close`.
    """

    def __init__(self, target: str, *, library: str = "tensorflow", threads: int | None = None,
                 env: dict | None = None, **kwargs):
        self._stderr = tempfile.TemporaryFile("w+")
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "benchmarks._isolate", "--serve", library, target,
             json.dumps(kwargs)],
            env={**child_env(threads), **(env or {})}, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=self._stderr, text=True)
        self._info, self._ready = None, False

    @property
    def info(self):
        """The function's ``info`` (waits until the child has built it)."""
        if not self._ready:
            self._info, self._ready = self._read(), True
        return self._info

    def _read(self):
        line = self._proc.stdout.readline()
        if not line:
            self._stderr.seek(0)
            raise RuntimeError(f"the remote process failed:\n{self._stderr.read()[-4000:]}")
        return json.loads(line)

    def __call__(self):
        _ = self.info
        self._proc.stdin.write("run\n")
        self._proc.stdin.flush()
        return tuple(self._read())

    def close(self) -> None:
        """End the child process."""
        if self._proc.poll() is None:
            self._proc.stdin.close()
            self._proc.wait(timeout=60)
        self._stderr.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def alternate_remote(a: dict, b: dict, *, repeats: int, warmup: int = 1):
    """Time two `Remote` functions in turns (see `benchmarks._timing.alternate`).

    Args:
        a: The tfcourse side: keyword arguments of `Remote` (``target`` and the rest).
        b: The baseline side, likewise.
        repeats: Timed calls of each side.
        warmup: Untimed calls of each side first. Defaults to 1.

    Returns:
        ``(samples_a, samples_b, info_a, info_b)``.
    """
    from benchmarks._timing import alternate

    with Remote(**a) as remote_a, Remote(**b) as remote_b:  # both start side by side
        samples_a, samples_b = alternate(remote_a, remote_b, repeats=repeats, warmup=warmup)
        return samples_a, samples_b, remote_a.info, remote_b.info


def set_threads(n: int | None, *, library: str = "tensorflow") -> None:
    """Give ``library`` (``"tensorflow"`` or ``"torch"``) ``n`` intra- and inter-op threads."""
    if not n:
        return
    if library == "tensorflow":
        import tfcourse  # noqa: F401 - before TensorFlow, as in a lesson: it may set TF's options
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(n)
        tf.config.threading.set_inter_op_parallelism_threads(n)
    elif importlib.util.find_spec("torch"):
        import torch

        torch.set_num_threads(n)
        torch.set_num_interop_threads(n)


def _function(target: str):
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _serve(library: str, target: str, kwargs: str) -> int:
    from benchmarks._timing import timed

    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)  # whatever the libraries print goes to stderr, not into the replies
    set_threads(int(os.environ.get(THREADS_ENV, "0")), library=library)
    fn = _function(target)(**json.loads(kwargs))
    print(json.dumps(getattr(fn, "info", None)), file=replies, flush=True)
    for line in sys.stdin:
        if line.strip() == "run":
            print(json.dumps(timed(fn)), file=replies, flush=True)
    replies.close()
    sys.stderr.flush()
    os._exit(0)  # a training thread may still wait for its next epoch: don't wait for it


def _main(argv) -> int:
    if argv[0] == "--serve":
        return _serve(*argv[1:])
    target, kwargs, out = argv
    set_threads(int(os.environ.get(THREADS_ENV, "0")))
    result = _function(target)(**json.loads(kwargs))
    with open(out, "w") as f:
        json.dump(result, f)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
