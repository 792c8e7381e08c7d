"""tfcourse.multiworker: who is the chief, where each worker writes, the last partial batch.

These run in the test process, where no multi-worker strategy may be created (it must precede
every TensorFlow op); tests/test_launch.py trains real workers in their own processes.
"""

import contextlib
import json
import os
import signal
import subprocess
import sys
import threading
import time

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


# -- a TF_CONFIG naming workers that never come ----------------------------------------------


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Lesson:
    """``python -m demos run mlp --quick`` as worker ``index`` of 2 on free ports, of which
    only this one starts; stderr lines are collected with the time they arrive."""

    def __init__(self, tmp_path, index, timeout):
        from tfcourse.launch import free_ports, make_tf_configs

        self.ports = free_ports(2)
        env = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "2",
               "CUDA_VISIBLE_DEVICES": "", "TFCOURSE_WORKER_TIMEOUT": str(timeout),
               "TF_CONFIG": json.dumps(make_tf_configs(2, self.ports)[index])}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "demos", "run", "mlp", "--quick", "--out", str(tmp_path)],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
        self.lines = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(
            (time.monotonic(), line) for line in self.proc.stderr), daemon=True)
        self.reader.start()

    def waiting_since(self, limit=120):
        """When the run said it waits (it must say so before any wait)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline and self.proc.poll() is None:
            said = [t for t, line in list(self.lines) if "Waiting up to" in line]
            if said:
                return said[0]
            time.sleep(0.05)
        self.kill()
        pytest.fail(f"no waiting message: {self.err()}")

    def wait(self, seconds):
        try:
            code = self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.kill()
            pytest.fail(f"still running {seconds} s later: {self.err()}")
        self.reader.join(5)
        return code, time.monotonic()

    def err(self):
        return "".join(line for _, line in self.lines)[-3000:]

    def kill(self):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)


@pytest.mark.parametrize("index", [0, 1])
def test_a_leftover_tf_config_says_what_it_waits_for_and_gives_up(tmp_path, index):
    lesson = Lesson(tmp_path, index, timeout=3)
    since = lesson.waiting_since()
    code, end = lesson.wait(60)
    other = f"worker {1 - index} (localhost:{lesson.ports[1 - index]})"
    err = lesson.err()
    assert (f"TF_CONFIG names 2 workers (worker 0 at localhost:{lesson.ports[0]}, worker 1 at "
            f"localhost:{lesson.ports[1]}); this is worker {index}. Waiting up to 3 s") in err
    # the demos runner's one-line message for a known problem: no traceback
    assert code == 2 and "Traceback" not in err, err
    assert (f"WorkersUnavailableError: {other} did not start within 3 s; this is worker "
            f"{index} of the 2 workers TF_CONFIG names") in err and "unset TF_CONFIG" in err
    assert end - since < 3 + 20  # the timeout, one second of TensorFlow's, and the exit


@pytest.mark.parametrize("index", [0, 1])
def test_ctrl_c_stops_the_wait_for_workers(tmp_path, index):
    lesson = Lesson(tmp_path, index, timeout=300)
    since = lesson.waiting_since()
    time.sleep(1.0)  # into the wait: TensorFlow's (worker 0) or the port probe (worker 1)
    os.killpg(lesson.proc.pid, signal.SIGINT)
    code, end = lesson.wait(30)
    assert code in (130, -signal.SIGINT), lesson.err()
    assert end - since < 20


def test_bad_worker_timeouts_are_named(monkeypatch):
    set_task(monkeypatch, 0)  # validated before any strategy exists (none may be created here)
    with pytest.raises(ValueError, match=r"`worker_timeout`: expected None or a finite number "
                                         r"> 0. Received: worker_timeout=0"):
        get_strategy("multiworker", worker_timeout=0)
    monkeypatch.setenv("TFCOURSE_WORKER_TIMEOUT", "soon")
    with pytest.raises(ValueError, match=r"`TFCOURSE_WORKER_TIMEOUT`: expected a number of "
                                         r"seconds > 0. Received: 'soon'"):
        get_strategy("multiworker")
