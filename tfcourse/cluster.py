"""What each local worker of a multi-worker job gets: its ``TF_CONFIG``, command, environment.

`tfcourse.launch` starts the workers with these; neither imports TensorFlow.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sys

from tfcourse import validation as check
from tfcourse.constants import CROSS_DEVICE_OPS_ENV, MULTIWORKER_OPS

# the folder holding this tfcourse: the workers get it on PYTHONPATH when it is a source tree
_HOME = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def make_tf_configs(n: int, ports: list[int], host: str = "localhost") -> list[dict]:
    """The ``TF_CONFIG`` of each of ``n`` workers listening on ``host:ports[i]``.

    Returns ``n`` dicts: the shared cluster and worker ``i``'s task. Worker 0 is the chief.

    Example:
        >>> config = make_tf_configs(2, [2222, 2223])[1]
        >>> config["cluster"], config["task"]
        ({'worker': ['localhost:2222', 'localhost:2223']}, {'type': 'worker', 'index': 1})
    """
    n = check.positive_int("n", n)
    ports = list(ports)
    if not all(check.is_int(p) and 0 < p < 65536 for p in ports) or len(set(ports)) != n:
        raise check.invalid("ports", f"{n} distinct integers in 1..65535, one per worker", ports)
    cluster = {"worker": [f"{host}:{p}" for p in ports]}
    return [{"cluster": cluster, "task": {"type": "worker", "index": i}} for i in range(n)]


def free_ports(n: int) -> list[int]:
    """``n`` distinct ports free on localhost now (a worker that loses one fails at start)."""
    n = check.positive_int("n", n)
    sockets = []
    try:
        for _ in range(n):  # all held open at once, so the OS hands out distinct ports
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("localhost", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def worker_command(command: list[str]) -> list[str]:
    """What each worker runs: ``command``, with a leading ``python`` made this interpreter.

    Raises:
        ValueError: If ``command`` is empty or its program is not found.
    """
    command = list(command)
    if not command:
        raise check.invalid("command", "a program and its arguments after `--` (e.g. "
                            "`-- python train.py`)", command)
    if command[0] in ("python", "python3"):  # the workers share this environment
        return [sys.executable, *command[1:]]
    if shutil.which(command[0]) is None:
        raise check.invalid(
            "command", f"a program on PATH or a path to one; `{command[0]}` is neither (a "
            f"lesson? run `python -m demos run {' '.join(command)} --workers 2`)", command)
    return command


def worker_env(tf_config: dict, *, cross_device_ops: str = "auto", gpu: str = "",
               base: dict | None = None) -> dict:
    """The environment of one worker: ``base`` (``os.environ`` if None) plus its ``TF_CONFIG``,
    ``CUDA_VISIBLE_DEVICES=gpu`` (``""``: no GPU) and all-reduce (``cross_device_ops``)."""
    check.one_of("cross_device_ops", cross_device_ops, MULTIWORKER_OPS)
    env = dict(os.environ if base is None else base)
    env["TF_CONFIG"] = json.dumps(tf_config)
    env["CUDA_VISIBLE_DEVICES"] = gpu
    env["PYTHONUNBUFFERED"] = "1"  # the chief's lines reach the console as they are printed
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    if os.path.basename(_HOME) not in ("site-packages", "dist-packages"):
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_HOME, env.get("PYTHONPATH")) if p)
    env.pop(CROSS_DEVICE_OPS_ENV, None)
    if cross_device_ops != "auto":
        env[CROSS_DEVICE_OPS_ENV] = cross_device_ops
    return env


def gpus_per_worker(n: int, gpu_per_worker: bool) -> list[str]:
    """Each worker's ``CUDA_VISIBLE_DEVICES``: the ``i``-th visible GPU, or none."""
    if not gpu_per_worker:
        return [""] * n  # n processes would each claim all of one GPU's memory
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    ids = visible.split(",") if visible else [str(i) for i in range(n)]
    if len(ids) < n:
        raise check.invalid("gpu_per_worker", f"one GPU per worker ({n})",
                            received=f"CUDA_VISIBLE_DEVICES={visible!r}")
    return ids[:n]
