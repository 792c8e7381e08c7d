"""The multi-worker launcher: TF_CONFIG, arguments, and real workers training together.

Every launcher run here is a separate process group with a hard timeout (the launcher's own
``--timeout`` inside, `subprocess` outside), so a hang fails the test instead of blocking CI.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time

import numpy as np
import pytest

from tfcourse import constants, distribute, launch

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JOB = os.path.join("tests", "_multiworker_job.py")
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}


# -- TF_CONFIG, commands, arguments ---------------------------------------------------------


def test_tf_configs_name_the_cluster_and_each_task():
    configs = launch.make_tf_configs(3, [2001, 2002, 2003])
    assert [c["task"] for c in configs] == [{"type": "worker", "index": i} for i in range(3)]
    for config in configs:  # every worker sees the same cluster, in the same order
        assert config["cluster"] == {"worker": ["localhost:2001", "localhost:2002",
                                                "localhost:2003"]}
        assert json.loads(json.dumps(config)) == config


@pytest.mark.parametrize("n, ports, match", [
    (0, [], r"`n`: expected a positive integer. Received: n=0"),
    (True, [1], r"Received: n=True"),
    (2, [2001], r"`ports`: expected 2 distinct integers .*Received: ports=\[2001\]"),
    (2, [2001, 2001], r"distinct"),
    (1, [70000], r"in 1..65535"),
])
def test_bad_tf_config_arguments_are_named(n, ports, match):
    with pytest.raises(ValueError, match=match):
        launch.make_tf_configs(n, ports)


def test_free_ports_are_distinct_and_free():
    ports = launch.free_ports(3)
    assert len(set(ports)) == 3
    for port in ports:
        with socket.socket() as s:
            s.bind(("localhost", port))


def test_the_command_is_any_program_and_python_is_this_interpreter(tmp_path):
    assert launch.worker_command(["python", "job.py", "-v"]) == [sys.executable, "job.py", "-v"]
    script = tmp_path / "train.sh"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert launch.worker_command([str(script), "-v"]) == [str(script), "-v"]
    with pytest.raises(ValueError, match=r"`command`: expected a program .*Received: command=\[\]"):
        launch.worker_command([])


def test_a_lesson_name_is_pointed_to_the_demos_command(capsys):
    # the launcher knows no lessons (an installed package has no demos of its own)
    with pytest.raises(ValueError, match=r"`cnn` is neither \(a lesson\? run `python -m demos "
                                         r"run cnn --quick --workers 2`\)"):
        launch.worker_command(["cnn", "--quick"])
    assert launch.main(["--workers", "2", "--", "cnn", "--quick"]) == 2
    assert "python -m demos run cnn --quick --workers 2" in capsys.readouterr().err


@pytest.mark.parametrize("flags, strategy", [
    (["--quick", "--workers", "3"], ["--strategy", "multiworker"]),
    (["--workers=3", "--strategy", "auto", "--quick"], ["--strategy", "auto"]),
])
def test_demos_run_workers_launches_the_lesson_on_workers(monkeypatch, flags, strategy):
    from demos.__main__ import main

    calls = []
    monkeypatch.setattr(launch, "launch", lambda command, **kw: calls.append((command, kw)) or 0)
    assert main(["run", "cnn", *flags]) == 0
    (command, kwargs), = calls
    assert command[:5] == [sys.executable, "-m", "demos", "run", "cnn"]
    assert "--quick" in command and not any(f.startswith("--workers") for f in command)
    assert " ".join(strategy) in " ".join(command) and kwargs == {"workers": 3}


def test_demos_run_workers_needs_one_lesson_with_a_strategy(capsys):
    from demos.__main__ import main

    for argv in (["run", "concepts", "--workers", "2"], ["run", "all", "--workers", "2"]):
        with pytest.raises(SystemExit):
            main(argv)
        assert "--workers runs one lesson with a strategy setting: linear_regression" in (
            capsys.readouterr().err)


def test_worker_env_carries_tf_config_and_the_all_reduce(monkeypatch):
    monkeypatch.setenv(launch.CROSS_DEVICE_OPS_ENV, "nccl")
    config = launch.make_tf_configs(2, [2001, 2002])[1]
    env = launch.worker_env(config, cross_device_ops="ring")
    assert json.loads(env["TF_CONFIG"]) == config
    assert env["CUDA_VISIBLE_DEVICES"] == ""  # local workers share no GPU by default
    assert env["PYTHONPATH"].split(os.pathsep)[0] == ROOT
    assert env[launch.CROSS_DEVICE_OPS_ENV] == "ring"
    assert launch.CROSS_DEVICE_OPS_ENV not in launch.worker_env(config)  # auto: TF chooses
    assert launch.CROSS_DEVICE_OPS_ENV == distribute.CROSS_DEVICE_OPS_ENV  # one name, shared


def test_the_launcher_offers_the_multi_worker_all_reduces_only():
    # every name get_strategy takes is one machine's or the workers' (or both: auto, nccl)
    assert set(constants.MULTIWORKER_OPS) | set(constants.MIRRORED_OPS) == set(
        distribute.CROSS_DEVICE_OPS)
    flag = next(a for a in launch.build_parser()._actions if a.dest == "cross_device_ops")
    assert tuple(flag.choices) == ("auto", "ring", "nccl")


@pytest.mark.parametrize("kwargs, match", [
    ({"workers": 0}, r"`workers`: expected a positive integer. Received: workers=0"),
    ({"workers": "2"}, r"Received: workers='2'"),
    ({"cross_device_ops": "gloo"}, r"`cross_device_ops`: expected one of \('auto', 'ring', "
                                   r"'nccl'\). Received: cross_device_ops='gloo'"),
    ({"timeout": 0}, r"`timeout`: expected None or a finite number > 0. Received: timeout=0"),
])
def test_bad_launch_arguments_are_named(kwargs, match):
    with pytest.raises(ValueError, match=match):
        launch.launch(["python", "-c", "pass"], **kwargs)


def test_the_command_line_needs_a_command_after_the_dashes(capsys):
    assert launch.main(["--workers", "2", "python"]) == 2
    assert "put the command after `--`" in capsys.readouterr().err
    assert launch.main(["--workers", "0", "--", "python"]) == 2
    assert "Received: workers=0" in capsys.readouterr().err


# -- real workers ----------------------------------------------------------------------------


def start(*args):
    """Start the launcher in its own process group (it and its workers: one kill stops all)."""
    return subprocess.Popen([sys.executable, "-m", "tfcourse.launch", *args], cwd=ROOT, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)


def finish(proc, timeout):
    """Wait for the launcher; past ``timeout`` seconds kill everything and fail."""
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        pytest.fail(f"the launcher and its workers hung for {timeout} s")
    return proc.returncode, out.decode(errors="replace"), err.decode(errors="replace")


def load(path):
    with np.load(path, allow_pickle=False) as f:
        return {k: f[k] for k in f.files}


def test_two_workers_train_the_cnn_like_one_process(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir(), two.mkdir()
    # the reference is the same script in one process with a one-worker strategy: under any
    # tf.distribute strategy Keras opens one extra iterator before training (to build the
    # model), so the plain one-device run would see its batches in another (equally random)
    # order; this way only the number of workers differs
    job = ["python", JOB, "keras", "--strategy", "multiworker", "--global-batch", "64",
           "--epochs", "6"]
    # ~35 s on 2 busy cores (up to 70 s measured under load): generous but finite limits
    runs = [start("--workers", "1", "--timeout", "180", "--", *job, str(one)),
            start("--workers", "2", "--timeout", "180", "--", *job, str(two))]
    for proc in runs:  # both at once: the two workers mostly wait on each other
        code, out, err = finish(proc, timeout=210)
        assert code == 0, err[-3000:]
    chief, other, alone = load(two / "worker0.npz"), load(two / "worker1.npz"), load(
        one / "worker0.npz")
    assert chief["replicas"] == 2 and alone["replicas"] == 1
    weights = sorted(k for k in chief if k.startswith("arr_"))
    assert len(weights) == 22  # 4 convolutions, 4 batch norms (4 arrays each), the classifier
    for k in weights:  # the all-reduce keeps every copy of the model identical, to the bit
        np.testing.assert_array_equal(chief[k], other[k], err_msg=k)
    assert abs(float(chief["accuracy"]) - float(alone["accuracy"])) <= 0.01
    assert float(chief["accuracy"]) > 0.95
    # only the chief's checkpoint and logs are kept; worker 1 wrote aside and cleaned up
    assert (two / "train" / "best.keras").exists()
    assert list((two / "train" / "logs").rglob("events.out.tfevents*"))
    assert not (two / "train" / "workertemp_1").exists()


def test_two_workers_run_the_gradient_tape_loop_in_lockstep(tmp_path):
    from tfcourse.data.bundled import load_digits
    from tfcourse.lowlevel.softmax_regression import fit_tape

    code, out, err = finish(start("--workers", "2", "--timeout", "90", "--", "python", JOB,
                                  "tape", str(tmp_path), "--epochs", "2"), timeout=120)
    assert code == 0, err[-3000:]
    chief, other = load(tmp_path / "worker0.npz"), load(tmp_path / "worker1.npz")
    for k in ("arr_0", "arr_1", "arr_2"):  # W, b and the losses
        np.testing.assert_array_equal(chief[k], other[k], err_msg=k)
    # the same steps in this process, one replica: the same model, up to rounding
    data = load_digits(size=8)
    alone = fit_tape(data.x_train, data.y_train, lr=0.5, steps=2 * len(data.x_train) // 64,
                     batch_size=64)
    np.testing.assert_allclose(chief["arr_0"], alone.weights, atol=1e-5)
    np.testing.assert_allclose(chief["arr_2"], alone.losses, atol=1e-5)


def test_a_failed_worker_stops_the_others(tmp_path):
    start_time = time.monotonic()
    code, out, err = finish(start("--workers", "2", "--timeout", "90", "--log-dir",
                                  str(tmp_path / "logs"), "--", "python", JOB, "keras",
                                  str(tmp_path), "--fail-worker", "1"), timeout=120)
    # worker 1 quits; worker 0 would wait for it in its first all-reduce for ever
    assert code == 1
    assert "worker 1 failed (exit status 1)" in err and "stopped the other workers" in err
    assert str(tmp_path / "logs" / "worker1.log") in err
    assert "worker 1 fails on purpose" in err  # the end of its log is shown
    assert time.monotonic() - start_time < 80  # not the launcher's 90 s timeout
    assert not (tmp_path / "worker0.npz").exists()


def test_the_timeout_stops_a_hung_job(tmp_path):
    hang = "import os, time; open(os.path.join(r'%s', str(os.getpid())), 'w'); time.sleep(300)"
    start_time = time.monotonic()
    code, out, err = finish(start("--workers", "2", "--timeout", "3", "--", "python", "-c",
                                  hang % tmp_path), timeout=60)
    assert code == 124 and "timed out after 3 s with worker(s) 0, 1 still running" in err
    assert time.monotonic() - start_time < 30
    pids = [int(p.name) for p in tmp_path.iterdir()]
    assert len(pids) == 2
    for pid in pids:  # both workers are gone
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_the_launcher_loads_no_tensorflow_and_its_examples_hold():
    import doctest

    from tfcourse import cluster, constants, multiworker

    code = ("import sys, tfcourse.constants, tfcourse.cluster, tfcourse.launch; "
            "print('tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=ENV, capture_output=True,
                         text=True, check=True, timeout=60)
    assert out.stdout.strip() == "False"
    for module in (launch, cluster, multiworker, constants):
        assert doctest.testmod(module).failed == 0
