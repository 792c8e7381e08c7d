"""tfcourse.multiworker: who is the chief, where each worker writes, the last partial batch.

These run in the test process, where no multi-worker strategy may be created (it must precede
every TensorFlow op); tests/test_launch.py trains real workers in their own processes.
"""

import json
import os

import numpy as np
import pytest

from tfcourse import multiworker
from tfcourse.data.pipeline import for_strategy
from tfcourse.distribute import get_strategy


def set_task(monkeypatch, index, cluster=None):
    cluster = cluster or {"worker": ["localhost:1", "localhost:2"]}
    monkeypatch.setenv("TF_CONFIG", json.dumps({"cluster": cluster,
                                                "task": {"type": "worker", "index": index}}))


def test_a_single_process_is_its_own_chief(monkeypatch):
    monkeypatch.delenv("TF_CONFIG", raising=False)
    assert multiworker.is_chief() and multiworker.is_chief(get_strategy("cpu"))
    assert multiworker.worker_dir("out/cnn") == "out/cnn"
    assert multiworker.worker_dir(None) is None
    assert multiworker.num_workers(get_strategy("cpu")) == 1


def test_worker_zero_is_the_chief_and_the_others_write_aside(monkeypatch):
    set_task(monkeypatch, 0)
    assert multiworker.is_chief() and multiworker.worker_dir("out/cnn") == "out/cnn"
    set_task(monkeypatch, 1)
    assert not multiworker.is_chief()
    here = multiworker.worker_dir("out/cnn")
    assert here == os.path.join("out/cnn", "workertemp_1")
    assert multiworker.worker_dir(here) == here  # already this worker's own folder
    # a cluster with a "chief" task: then worker 0 is not the chief
    set_task(monkeypatch, 0, {"chief": ["localhost:3"], "worker": ["localhost:1"]})
    assert not multiworker.is_chief()


def test_tf_config_must_be_a_json_object(monkeypatch):
    monkeypatch.setenv("TF_CONFIG", "[1, 2]")
    with pytest.raises(ValueError, match=r"a JSON object.*Received: TF_CONFIG='\[1, 2\]'"):
        multiworker.tf_config()
    monkeypatch.setenv("TF_CONFIG", "{oops")
    with pytest.raises(ValueError, match="not valid JSON"):
        multiworker.is_chief()


def test_training_drops_the_last_partial_batch_only_across_workers(monkeypatch):
    x, y = np.arange(10, dtype="float32"), np.arange(10) % 2

    def sizes(training):
        ds = for_strategy(x, y, per_replica_batch_size=4, strategy=get_strategy("cpu"),
                          training=training)
        return [len(xb) for xb, _ in ds]

    assert sizes(training=True) == [4, 4, 2]  # one process: every example, every epoch
    monkeypatch.setattr(multiworker, "num_workers", lambda strategy=None: 2)
    assert sizes(training=True) == [4, 4]  # workers: full batches only (why: for_strategy)
    assert sizes(training=False) == [4, 4, 2]  # evaluation still counts every example
