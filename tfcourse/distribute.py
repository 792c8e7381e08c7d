"""Pick a `tf.distribute.Strategy` for the hardware at hand: the floor every lesson stands on.

Every lesson trains through a strategy, so the same code runs on a CPU, one or several GPUs, or
several machines (`tfcourse.multiworker`). One step consumes a global batch of
``per_replica * strategy.num_replicas_in_sync`` examples.

Example:
    >>> from tfcourse.distribute import get_strategy, global_batch_size
    >>> global_batch_size(32, get_strategy("cpu"))
    32

``python -m tfcourse info`` shows which strategy ``auto`` picks on this machine.
"""

from __future__ import annotations

import functools
import os

import numpy as np
import tensorflow as tf

from tfcourse import validation as check
from tfcourse.constants import (CROSS_DEVICE_OPS, CROSS_DEVICE_OPS_ENV, KINDS, MIRRORED_OPS,
                                MULTIWORKER_OPS)


class StrategyUnavailableError(RuntimeError):
    """The requested kind of strategy cannot run on this machine."""


def _tf_config_workers() -> int:
    """Number of workers named by the ``TF_CONFIG`` environment variable (0 if unset)."""
    from tfcourse.multiworker import cluster_tasks

    return len(cluster_tasks()[0])


def configure_cpu_replicas(n: int) -> list[str]:
    """Split the CPU into ``n`` logical devices, before the first TensorFlow op; return their names.

    Raises:
        ValueError: If ``n`` is not a positive integer.
        RuntimeError: If TensorFlow already initialised its devices with another count.
    """
    n = check.positive_int("cpu_replicas", n)
    cpu = tf.config.list_physical_devices("CPU")[0]
    try:
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration() for _ in range(n)]
        )
    except RuntimeError as e:
        have = tf.config.list_logical_devices("CPU")
        if len(have) != n:
            raise RuntimeError(
                f"Cannot split the CPU into cpu_replicas={n} logical devices: TensorFlow has "
                f"already initialised its devices ({len(have)} logical CPU(s)). Call "
                f"`get_strategy(cpu_replicas={n})` (or `configure_cpu_replicas({n})`) at the start "
                "of the program, before any TensorFlow op runs, or restart the Python process "
                "(in Jupyter: restart the kernel)."
            ) from e
    return [d.name for d in tf.config.list_logical_devices("CPU")]


def get_strategy(kind: str = "auto", *, cpu_replicas: int | None = None,
                 cross_device_ops: str = "auto",
                 worker_timeout: float | None = None) -> tf.distribute.Strategy:
    """Return the `tf.distribute.Strategy` for ``kind`` on this machine.

    ``auto`` picks, in order: `MultiWorkerMirroredStrategy` when ``TF_CONFIG`` names more than one
    worker (create it before any other TensorFlow op); `MirroredStrategy` over several GPUs; one
    GPU; else the CPU (TensorFlow's default strategy, or mirrored over ``cpu_replicas``).

    Args:
        kind: One of `KINDS`: ``"auto"``, ``"cpu"``, ``"gpu"``, ``"mirrored"``,
            ``"multiworker"``, ``"tpu"``. Defaults to ``"auto"``.
        cpu_replicas: Split the CPU into this many logical devices and mirror over them (no
            GPU; kind ``"auto"``, ``"cpu"`` or ``"mirrored"``). Defaults to None.
        cross_device_ops: How replicas sum gradients when the default misbehaves (NCCL
            hangs): across workers ``"ring"`` or ``"nccl"``; on one machine ``"nccl"``,
            ``"hierarchical_copy"`` or ``"reduce_to_one"``. ``"auto"``: TensorFlow's choice,
            or ``$TFCOURSE_CROSS_DEVICE_OPS`` for workers. Defaults to ``"auto"``.
        worker_timeout: Seconds to wait for every worker of ``TF_CONFIG`` to start; None
            reads ``$TFCOURSE_WORKER_TIMEOUT``, else 60. Defaults to None.

    Returns:
        A `tf.distribute.Strategy`.

    Raises:
        ValueError: If an argument is invalid.
        StrategyUnavailableError: If the hardware for ``kind`` is not there, or
            (`WorkersUnavailableError`) a worker of ``TF_CONFIG`` did not start in time.
        RuntimeError: If ``cpu_replicas`` comes after TensorFlow initialised its devices.
    """
    check.one_of("kind", kind, KINDS)
    check.one_of("cross_device_ops", cross_device_ops, CROSS_DEVICE_OPS)
    worker_timeout = check.positive_number("worker_timeout", worker_timeout, allow_none=True)
    if cpu_replicas is not None:
        if kind not in ("auto", "cpu", "mirrored"):
            raise ValueError(
                f"Argument `cpu_replicas` only applies to kind 'auto', 'cpu' or 'mirrored'. "
                f"Received: kind={kind!r}, cpu_replicas={cpu_replicas!r}"
            )
        devices = configure_cpu_replicas(cpu_replicas)
        if cpu_replicas == 1:
            return _cpu_strategy()
        ops = "reduce_to_one" if cross_device_ops == "auto" else cross_device_ops
        return tf.distribute.MirroredStrategy(devices=devices,
                                              cross_device_ops=_mirrored_ops(ops))

    resolved = resolve_kind(kind)
    if resolved == "multiworker":
        if _tf_config_workers() < 1:
            raise StrategyUnavailableError(
                "kind='multiworker' needs the TF_CONFIG environment variable to describe the "
                "cluster (e.g. {'cluster': {'worker': ['host1:12345', 'host2:12345']}, "
                "'task': {'type': 'worker', 'index': 0}}). Received: TF_CONFIG is not set."
            )
        from tfcourse.multiworker import join_workers

        return join_workers(_communication_options(cross_device_ops), timeout=worker_timeout)
    if resolved == "tpu":
        return _tpu_strategy()
    if resolved in ("gpu", "mirrored") and not tf.config.list_logical_devices("GPU"):
        hint = (
            " To run multi-replica code on the CPU, use get_strategy(cpu_replicas=2)."
            if resolved == "mirrored"
            else ""
        )
        raise StrategyUnavailableError(
            f"kind={kind!r} needs a GPU, but TensorFlow sees none. Run `python -m tfcourse "
            f"info` to see why.{hint}"
        )
    if resolved == "gpu":
        return tf.distribute.OneDeviceStrategy("/gpu:0")
    if resolved == "mirrored":
        return tf.distribute.MirroredStrategy(cross_device_ops=_mirrored_ops(cross_device_ops))
    return _cpu_strategy()


def _mirrored_ops(name: str):
    """``cross_device_ops`` → the `tf.distribute.CrossDeviceOps` of a `MirroredStrategy`."""
    if name not in MIRRORED_OPS:
        raise ValueError(f"Invalid value for argument `cross_device_ops` with a MirroredStrategy "
                         f"(one machine): expected one of {MIRRORED_OPS} ('ring' is for kind "
                         f"'multiworker'). Received: cross_device_ops={name!r}")
    return {"auto": None, "nccl": tf.distribute.NcclAllReduce(),
            "hierarchical_copy": tf.distribute.HierarchicalCopyAllReduce(),
            "reduce_to_one": tf.distribute.ReductionToOneDevice()}[name]


def _communication_options(name: str) -> tf.distribute.experimental.CommunicationOptions:
    """``cross_device_ops`` (or else ``$TFCOURSE_CROSS_DEVICE_OPS``) → multi-worker options."""
    source = "argument `cross_device_ops`"
    if name == "auto" and os.environ.get(CROSS_DEVICE_OPS_ENV):
        name, source = os.environ[CROSS_DEVICE_OPS_ENV], f"${CROSS_DEVICE_OPS_ENV}"
    if name not in MULTIWORKER_OPS:
        raise ValueError(f"Invalid value for {source} with a MultiWorkerMirroredStrategy: "
                         f"expected one of {MULTIWORKER_OPS}. Received: {name!r}")
    implementation = getattr(tf.distribute.experimental.CommunicationImplementation, name.upper())
    return tf.distribute.experimental.CommunicationOptions(implementation=implementation)


def _cpu_strategy() -> tf.distribute.Strategy:
    # no GPU: the default strategy spares Keras OneDeviceStrategy's per-epoch iterator set-up
    if tf.config.list_logical_devices("GPU") or tf.distribute.has_strategy():
        return tf.distribute.OneDeviceStrategy("/cpu:0")
    return tf.distribute.get_strategy()


def resolve_kind(kind: str = "auto") -> str:
    """The kind ``get_strategy(kind)`` builds here (``auto`` resolved), creating nothing."""
    if kind != "auto":
        return kind
    if _tf_config_workers() > 1:
        return "multiworker"
    gpus = tf.config.list_logical_devices("GPU")
    if len(gpus) > 1:
        return "mirrored"
    return "gpu" if gpus else "cpu"


def _tpu_strategy() -> tf.distribute.Strategy:
    # only try to resolve a TPU where one is advertised: the resolver otherwise probes a cloud
    # metadata server, which hangs offline.
    if not (os.environ.get("TPU_NAME") or os.environ.get("COLAB_TPU_ADDR")
            or tf.config.list_logical_devices("TPU") or os.path.exists("/dev/accel0")):
        raise StrategyUnavailableError(
            "kind='tpu' needs a TPU, but none is visible (no TPU device, TPU_NAME or "
            "COLAB_TPU_ADDR). Use kind='auto' to run on the GPU or CPU instead."
        )
    resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
    tf.config.experimental_connect_to_cluster(resolver)
    tf.tpu.experimental.initialize_tpu_system(resolver)
    return tf.distribute.TPUStrategy(resolver)


def describe(strategy: tf.distribute.Strategy) -> str:
    """One line naming a strategy and its replicas, e.g. ``MirroredStrategy (2 replicas: ...)``."""
    n = strategy.num_replicas_in_sync
    try:
        names = ", ".join(d.split("/device:")[-1] for d in strategy.extended.worker_devices)
        kind = type(strategy).__name__
    except RuntimeError:  # the default strategy: no distribution, TensorFlow's own placement
        names, kind = ("GPU:0" if tf.config.list_logical_devices("GPU") else "CPU:0"), \
            "default strategy"
    from tfcourse.multiworker import num_workers

    workers = num_workers(strategy)
    if workers > 1:  # worker_devices are this worker's only
        task = strategy.cluster_resolver
        names = f"{workers} workers × {names}; this is {task.task_type} {task.task_id}"
    return f"{kind} ({n} replica{'s' if n != 1 else ''}: {names})"


def global_batch_size(per_replica: int, strategy: tf.distribute.Strategy | None = None) -> int:
    """The batch one step consumes: ``per_replica`` × the replicas of ``strategy`` (or the
    current strategy's, if None)."""
    per_replica = check.positive_int("per_replica", per_replica)
    strategy = strategy or tf.distribute.get_strategy()
    return per_replica * strategy.num_replicas_in_sync


def split_batch(strategy: tf.distribute.Strategy, *arrays):
    """Split a global batch of NumPy ``arrays`` into the shards ``strategy.run`` hands out.

    Replica ``i`` gets the ``i``-th of nearly equal slices (`numpy.array_split`: 5 over 2
    replicas is 3 + 2), so every example is used once. Pair it with
    ``tf.nn.compute_average_loss(..., global_batch_size=len(batch))``.

    Returns:
        One distributed value per array (a tuple when several are given).
    """
    n = strategy.num_replicas_in_sync
    shards = [np.array_split(a, n) for a in arrays]

    def value(i, ctx):
        return tf.constant(shards[i][ctx.replica_id_in_sync_group])

    out = tuple(
        strategy.experimental_distribute_values_from_function(functools.partial(value, i))
        for i in range(len(arrays))
    )
    return out if len(out) > 1 else out[0]
