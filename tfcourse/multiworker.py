"""Training on several machines at once: ``TF_CONFIG``, the chief, and per-worker folders.

Every machine (a *worker*) runs the same program and learns from ``TF_CONFIG`` where the others
are and which one it is; on the second of two machines::

    TF_CONFIG='{"cluster": {"worker": ["host1:12345", "host2:12345"]},
                "task": {"type": "worker", "index": 1}}'

Each worker trains a full copy of the model on its share of every global batch, and the
gradients are summed over all workers after each step. Worker 0, the *chief*, keeps the
checkpoints, logs and figures; the others save into ``workertemp_<i>`` folders, deleted at the
end. ``python -m tfcourse.launch --workers 2 -- python job.py`` starts two workers locally.

Example:
    >>> is_chief(), worker_dir("out/cnn")  # no TF_CONFIG: a single process is its own chief
    (True, 'out/cnn')
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import threading
import time

import tensorflow as tf

from tfcourse import validation as check
from tfcourse._quiet import stderr_silenced
from tfcourse.constants import WORKER_TIMEOUT, WORKER_TIMEOUT_ENV
from tfcourse.distribute import StrategyUnavailableError


def tf_config() -> dict:
    """The parsed ``TF_CONFIG`` environment variable (``{}`` if unset); ValueError if not JSON."""
    raw = os.environ.get("TF_CONFIG", "")
    if not raw:
        return {}
    try:
        config = json.loads(raw)
    except json.JSONDecodeError as e:
        raise ValueError(f"The TF_CONFIG environment variable is not valid JSON. Received: "
                         f"TF_CONFIG={raw!r}") from e
    if not isinstance(config, dict):
        raise ValueError(f"The TF_CONFIG environment variable must hold a JSON object. "
                         f"Received: TF_CONFIG={raw!r}")
    return config


def _task(strategy) -> tuple[int, bool]:
    """``(task index, is chief)`` of this process, from the strategy or else ``TF_CONFIG``."""
    if strategy is not None:
        resolver = strategy.cluster_resolver  # None for single-machine strategies
        task_id = resolver.task_id if resolver is not None and resolver.task_type else 0
        return task_id or 0, bool(strategy.extended.should_checkpoint)
    config = tf_config()
    task = config.get("task", {})
    kind, index = task.get("type"), int(task.get("index", 0))
    if kind is None:
        return 0, True
    # by TensorFlow's convention, worker 0 is the chief unless the cluster names a "chief" task
    chief = kind == "chief" or (kind == "worker" and index == 0
                                and not config.get("cluster", {}).get("chief"))
    return index, chief


def is_chief(strategy: tf.distribute.Strategy | None = None) -> bool:
    """Whether this process is the chief (the one whose outputs are kept): a single process,
    worker 0, or the ``"chief"`` task. None for ``strategy`` reads ``TF_CONFIG``."""
    return _task(strategy)[1]


def worker_dir(path: str | None, strategy: tf.distribute.Strategy | None = None) -> str | None:
    """Where this worker writes what belongs in folder ``path``: ``path`` itself for the chief,
    ``path/workertemp_<i>`` for worker ``i`` (its caller deletes it); None stays None."""
    task_id, chief = _task(strategy)
    if path is None or chief:
        return path
    name = f"workertemp_{task_id}"
    parts = os.path.normpath(path).split(os.sep)
    return path if name in parts else os.path.join(path, name)


def num_workers(strategy: tf.distribute.Strategy | None = None) -> int:
    """How many workers (processes) train together under ``strategy`` (None: the current one)."""
    strategy = strategy or tf.distribute.get_strategy()
    if not isinstance(strategy, tf.distribute.MultiWorkerMirroredStrategy):
        return 1
    return strategy.num_replicas_in_sync // len(strategy.extended.worker_devices)


class MultiWorkerMirroredStrategy(tf.distribute.MultiWorkerMirroredStrategy):
    """TensorFlow's `tf.distribute.MultiWorkerMirroredStrategy`, with a `reduce` Keras ``fit``
    can call: on each tensor of a nest, and without ``axis`` on scalars."""

    # Keras's fit reduces whole (x, y) nests and per-replica scalars with axis=0, which
    # TensorFlow's own reduce rejects across workers (keras-team/keras#20585)
    def reduce(self, reduce_op, value, axis=None):

        def reduce_one(v):
            shape = getattr(self.experimental_local_results(v)[0], "shape", None)
            scalar = shape is not None and shape.rank == 0
            return super(MultiWorkerMirroredStrategy, self).reduce(
                reduce_op, v, None if scalar else axis)

        return tf.nest.map_structure(reduce_one, value)


class WorkersUnavailableError(StrategyUnavailableError):
    """A worker named by ``TF_CONFIG`` did not start within the timeout."""


def join_workers(communication_options=None, *, timeout: float | None = None):
    """Create the multi-worker strategy ``TF_CONFIG`` describes, waiting at most ``timeout`` s.

    Says at once on stderr which workers it waits for, and for how long. Ctrl-C stops the wait.

    Args:
        communication_options: A `tf.distribute.experimental.CommunicationOptions`, or None.
        timeout: Seconds to wait for every worker; None reads ``$TFCOURSE_WORKER_TIMEOUT``,
            else 60. Defaults to None.

    Returns:
        A `MultiWorkerMirroredStrategy`.

    Raises:
        WorkersUnavailableError: If a worker has not started by the deadline.
        ValueError: If ``timeout`` or ``$TFCOURSE_WORKER_TIMEOUT`` is invalid.
    """
    timeout = _timeout(timeout)
    workers, me = cluster_tasks()
    names = ", ".join(f"{name} at {address}" for name, address in workers)
    print(f"tfcourse: TF_CONFIG names {len(workers)} workers ({names}); this is {me}. Waiting up "
          f"to {timeout:g} s for all of them to start (${WORKER_TIMEOUT_ENV} sets how long; "
          "Ctrl-C stops; unset TF_CONFIG to train in one process).", file=sys.stderr, flush=True)
    deadline = time.monotonic() + timeout
    leader, address = workers[0]
    if me != leader:  # the leader's port opens when it creates its strategy: wait for it here,
        while not _answers(address):  # in Python, where Ctrl-C works
            if time.monotonic() > deadline:
                raise _missing([(leader, address)], me, len(workers), timeout)
            time.sleep(0.2)
    _register_timeout(max(deadline - time.monotonic(), 1.0))
    try:
        with _default_signals(), stderr_silenced():  # TensorFlow blocks in C++ until all join
            return MultiWorkerMirroredStrategy(communication_options=communication_options)
    except tf.errors.DeadlineExceededError as e:
        silent = [(n, a) for n, a in workers if n != me and not _answers(a)] or [
            (n, a) for n, a in workers if n != me]
        raise _missing(silent, me, len(workers), timeout) from e


def _missing(silent, me, n, timeout) -> WorkersUnavailableError:
    """The error naming the workers that did not start."""
    return WorkersUnavailableError(
        f"{', '.join(f'{name} ({address})' for name, address in silent)} did not start within "
        f"{timeout:g} s; this is {me} of the {n} workers TF_CONFIG names. Start the same command "
        "on every worker, or, if TF_CONFIG is left over from another run, `unset TF_CONFIG` to "
        "train in one process.")


def _register_timeout(seconds: float) -> None:
    """Make TensorFlow give up when not every worker has joined within ``seconds``."""
    from tensorflow.python.distribute import collective_all_reduce_strategy as collective
    from tensorflow.python.distribute import multi_worker_util
    from tensorflow.python.eager import context

    spec = tf.distribute.cluster_resolver.TFConfigClusterResolver().cluster_spec()
    jobs = [collective.coordination_config_pb2.CoordinatedJob(name=job, num_tasks=len(tasks))
            for job, tasks in spec.as_dict().items() if job in ("chief", "worker")]
    # what the strategy would configure itself, plus a deadline for every worker to register
    context.context().configure_coordination_service(
        "standalone", multi_worker_util.coordination_leader(spec), coordinated_jobs=jobs,
        cluster_register_timeout_in_ms=int(seconds * 1000))
    context.context().coordination_service.cluster_register_with_barrier = True


@contextlib.contextmanager
def _default_signals():
    """Ctrl-C and SIGTERM end the process at once (TensorFlow's C++ wait never returns to
    Python to raise KeyboardInterrupt)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    saved = {s: signal.signal(s, signal.SIG_DFL) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for s, handler in saved.items():
            signal.signal(s, handler)


def _timeout(timeout) -> float:
    """The wait: ``timeout``, else ``$TFCOURSE_WORKER_TIMEOUT``, else `WORKER_TIMEOUT`."""
    if timeout is None and os.environ.get(WORKER_TIMEOUT_ENV):
        try:
            return check.positive_number(WORKER_TIMEOUT_ENV, float(os.environ[WORKER_TIMEOUT_ENV]))
        except ValueError:
            raise check.invalid(WORKER_TIMEOUT_ENV, "a number of seconds > 0",
                                received=repr(os.environ[WORKER_TIMEOUT_ENV])) from None
    return check.positive_number("timeout", WORKER_TIMEOUT if timeout is None else timeout)


def cluster_tasks() -> tuple[list[tuple[str, str]], str]:
    """``([(name, address)], this task's name)`` of the chief and workers in ``TF_CONFIG``."""
    config = tf_config()
    cluster, task = config.get("cluster", {}), config.get("task", {})
    workers = [(f"{kind} {i}", address) for kind in ("chief", "worker")
               for i, address in enumerate(cluster.get(kind, []))]
    return workers, f"{task.get('type', 'worker')} {task.get('index', 0)}"


def _answers(address: str) -> bool:
    """Whether something listens at ``host:port`` (a started worker does)."""
    host, _, port = address.rpartition(":")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=1).close()
        return True
    except (OSError, ValueError):
        return False
