"""get_strategy and friends: the floor every lesson stands on."""

import json

import numpy as np
import pytest
import tensorflow as tf

from tfcourse import distribute
from tfcourse.distribute import StrategyUnavailableError, get_strategy, global_batch_size

HAS_GPU = bool(tf.config.list_logical_devices("GPU"))


def test_auto_without_gpus_is_one_cpu(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    strategy = get_strategy()
    if HAS_GPU:
        pytest.skip("this machine has a GPU")
    # TensorFlow's default strategy: everything on the CPU, no distribution overhead
    assert strategy is tf.distribute.get_strategy()
    assert strategy.num_replicas_in_sync == 1
    assert distribute.describe(strategy) == "default strategy (1 replica: CPU:0)"
    assert distribute.resolve_kind("auto") == "cpu"


def test_cpu_replicas_mirrors_over_logical_cpus(two_replicas):
    assert isinstance(two_replicas, tf.distribute.MirroredStrategy)
    assert two_replicas.num_replicas_in_sync == 2
    assert "2 replicas" in distribute.describe(two_replicas)
    # the replicas really compute: each sums its own shard
    shards = distribute.split_batch(two_replicas, np.arange(5, dtype=np.float32))
    sums = two_replicas.run(tf.reduce_sum, args=(shards,))
    per_replica = [float(v) for v in two_replicas.experimental_local_results(sums)]
    assert per_replica == [0 + 1 + 2, 3 + 4]  # np.array_split: 3 + 2


def test_cpu_replicas_after_initialisation_says_what_to_do():
    with pytest.raises(RuntimeError, match=r"already initialised.*before any TensorFlow op"):
        get_strategy(cpu_replicas=3)


def test_global_batch_is_per_replica_times_replicas(two_replicas):
    assert global_batch_size(32, two_replicas) == 64
    assert global_batch_size(32, get_strategy("cpu")) == 32
    with pytest.raises(ValueError, match=r"`per_replica`.*Received: per_replica=0"):
        global_batch_size(0)


@pytest.mark.parametrize("kind, kwargs, exc, match", [
    ("gpus", {}, ValueError, r"`kind`: expected one of .*Received: kind='gpus'"),
    ("auto", {"cpu_replicas": 0}, ValueError, r"`cpu_replicas`.*Received: cpu_replicas=0"),
    ("gpu", {"cpu_replicas": 2}, ValueError, r"only applies to kind 'auto', 'cpu' or 'mirrored'"),
    ("tpu", {}, StrategyUnavailableError, "needs a TPU"),
])
def test_bad_kinds_are_named(kind, kwargs, exc, match):
    with pytest.raises(exc, match=match):
        get_strategy(kind, **kwargs)


@pytest.mark.skipif(HAS_GPU, reason="this machine has a GPU")
@pytest.mark.parametrize("kind", ["gpu", "mirrored"])
def test_gpu_kinds_without_gpu_explain(kind):
    with pytest.raises(StrategyUnavailableError, match=r"needs a GPU, but TensorFlow sees none"):
        get_strategy(kind)


def test_multiworker_needs_tf_config(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    with pytest.raises(StrategyUnavailableError, match="TF_CONFIG"):
        get_strategy("multiworker")


def test_auto_picks_multiworker_from_tf_config(monkeypatch):
    cluster = {"cluster": {"worker": ["localhost:1", "localhost:2"]},
               "task": {"type": "worker", "index": 0}}
    monkeypatch.setenv("TF_CONFIG", json.dumps(cluster))
    assert distribute.resolve_kind("auto") == "multiworker"
    monkeypatch.setenv("TF_CONFIG", "{not json")
    with pytest.raises(ValueError, match="TF_CONFIG.*not valid JSON"):
        distribute.resolve_kind("auto")


@pytest.mark.parametrize("kwargs, match", [
    ({"cross_device_ops": "gloo"}, r"`cross_device_ops`: expected one of .*Received: "
                                   r"cross_device_ops='gloo'"),
    ({"cpu_replicas": 2, "cross_device_ops": "ring"}, r"MirroredStrategy .*'ring' is for kind "
                                                      r"'multiworker'"),
])
def test_bad_cross_device_ops_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        get_strategy(**kwargs)


def test_cross_device_ops_pick_the_all_reduce(monkeypatch):
    impl = tf.distribute.experimental.CommunicationImplementation
    monkeypatch.delenv(distribute.CROSS_DEVICE_OPS_ENV, raising=False)
    assert distribute._communication_options("auto").implementation == impl.AUTO
    assert distribute._communication_options("ring").implementation == impl.RING
    # the launcher's --cross-device-ops arrives through the environment; an argument wins
    monkeypatch.setenv(distribute.CROSS_DEVICE_OPS_ENV, "nccl")
    assert distribute._communication_options("auto").implementation == impl.NCCL
    assert distribute._communication_options("ring").implementation == impl.RING
    assert isinstance(distribute._mirrored_ops("hierarchical_copy"),
                      tf.distribute.HierarchicalCopyAllReduce)
    assert distribute._mirrored_ops("auto") is None  # TensorFlow's choice
    # validated before any multi-worker strategy is created (which this process must not do)
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": {"worker": ["a:1", "b:2"]},
                                                "task": {"type": "worker", "index": 0}}))
    monkeypatch.setenv(distribute.CROSS_DEVICE_OPS_ENV, "gloo")
    with pytest.raises(ValueError, match=r"\$TFCOURSE_CROSS_DEVICE_OPS .*Received: 'gloo'"):
        get_strategy("multiworker")
    with pytest.raises(ValueError, match=r"MultiWorkerMirroredStrategy: expected one of "
                                         r"\('auto', 'ring', 'nccl'\)"):
        get_strategy("multiworker", cross_device_ops="reduce_to_one")
