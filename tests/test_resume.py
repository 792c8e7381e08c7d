"""Nothing trained is lost: a run killed with SIGKILL resumes from its last completed epoch."""

import json
import os
import signal
import subprocess
import sys
import time

import keras
import numpy as np
import pytest

from tfcourse import resume
from tfcourse.backup import Backup, BestModel
from tfcourse.models import build_mlp
from tfcourse.train import fine_tune, train

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JOB = os.path.join(ROOT, "tests", "_resume_job.py")
ENV = {**os.environ, "PYTHONPATH": ROOT, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}


def begun(out):
    path = os.path.join(out, "epochs_begun.txt")
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return [tuple(map(int, line.split()))[:2] for line in f if line.strip()]


def run_and_kill(out, epochs, kill_when_begun, *extra, timeout=180):
    """Start the job, SIGKILL it once epoch ``kill_when_begun`` has begun."""
    proc = subprocess.Popen([sys.executable, JOB, str(out), str(epochs), *extra], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + timeout
    try:
        while not any(e == kill_when_begun for e, _ in begun(out)):
            assert proc.poll() is None, "the job ended before it could be killed"
            assert time.monotonic() < deadline, "the job never reached the epoch to kill at"
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def run(out, epochs, *extra):
    subprocess.run([sys.executable, JOB, str(out), str(epochs), *extra], env=ENV, check=True,
                   timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(os.path.join(out, "result.json")) as f:
        return json.load(f)


def test_sigkill_mid_run_resumes_from_the_last_completed_epoch(tmp_path):
    epochs = 8
    run_and_kill(tmp_path, epochs, kill_when_begun=4)
    assert resume.completed_epochs(str(tmp_path), "train") == 4  # epochs 0-3 backed up
    with open(tmp_path / "history_train.jsonl") as f:
        before = [json.loads(line) for line in f]
    result = run(tmp_path, epochs)

    trace = begun(tmp_path)
    first_pid = trace[0][1]
    resumed = [e for e, pid in trace if pid != first_pid]
    assert resumed == [4, 5, 6, 7]  # continued at epoch 4, not 0
    assert result["epochs"] == epochs  # the same number of epochs as an uninterrupted run
    assert len(result["history"]["val_loss"]) == epochs
    np.testing.assert_allclose(result["history"]["loss"][:4], [r["loss"] for r in before[:4]])
    # the weights came back too: the first resumed epoch carries on from the last one's loss
    loss = result["history"]["loss"]
    assert loss[4] < 0.5 * loss[0] and abs(loss[4] - loss[3]) < 0.5 * (loss[0] - loss[3])
    assert not os.path.exists(resume.backup_dir(str(tmp_path), "train"))  # done: backup gone
    assert result["test_accuracy"] > 0.9

    # an uninterrupted run of the same job ends with the same number of epochs
    fresh = run(tmp_path / "fresh", epochs)
    assert fresh["epochs"] == epochs
    assert abs(fresh["test_accuracy"] - result["test_accuracy"]) < 0.03


def test_early_stopping_remembers_the_epochs_before_the_restart():
    es = resume.ResumableEarlyStopping(monitor="val_loss", patience=3, prior=[3.0, 1.0, 2.0, 2.5],
                                       first_epoch=0)
    es.set_model(build_mlp((4,), 2))
    es.on_train_begin()
    assert (es.best, es.best_epoch, es.wait) == (1.0, 1, 2)  # best at epoch 1, waited 2 since
    es.on_epoch_end(4, {"val_loss": 1.5})  # no better than 1.0: the third epoch waited
    assert es.model.stop_training


def test_a_fresh_run_forgets_an_old_history(tmp_path):
    (tmp_path / "history_train.jsonl").write_text('{"epoch": 0, "loss": 1.0}\n')
    assert resume.prior_history(str(tmp_path), "train") == {}
    assert not (tmp_path / "history_train.jsonl").exists()


def test_history_lines_beyond_the_backup_are_trimmed(tmp_path):
    backup = tmp_path / "backup_train"
    backup.mkdir()
    np.savez(backup / "state.npz", epoch=2)  # what tfcourse.backup.completed_epochs reads
    lines = [{"epoch": i, "loss": 1.0 / (i + 1)} for i in range(3)]
    (tmp_path / "history_train.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in lines) + '{"epoch": 3, "lo')  # cut by the crash
    assert resume.prior_history(str(tmp_path), "train") == {"loss": [1.0, 0.5]}


def test_resumed_phase_then_fine_tune_trains_exactly_the_epochs_asked(tmp_path):
    """Keras leaves model._initial_epoch set after a restore; fine_tune must not reuse it."""
    rng = np.random.default_rng(0)
    x, y = rng.random((64, 4), dtype=np.float32), rng.integers(0, 2, 64)
    result = train(lambda: build_mlp((4,), 2), (x, y), epochs=2, out_dir=str(tmp_path),
                   verbose=0)
    result.model._initial_epoch = 1  # what BackupAndRestore leaves behind after a restore
    inputs = keras.Input((4,))
    base = keras.Sequential([keras.layers.Dense(4, name="d")], name="base")
    model = keras.Model(inputs, keras.layers.Dense(2, activation="softmax")(base(inputs)))
    result.model = model
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model._initial_epoch = 1
    fine_tune(result, (x, y), from_layer=0, epochs=3, verbose=0)
    assert result.epochs == 5


def test_best_checkpoint_is_not_overwritten_by_a_worse_epoch_after_the_restart(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.random((64, 4), dtype=np.float32), rng.integers(0, 2, 64)
    # the state a crash after epoch 0 leaves: a backup that says 1 epoch done, its history
    # line (an excellent loss), and the best model so far, written by the real callbacks
    model = build_mlp((4,), 2)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.optimizer.build(model.trainable_variables)
    best = BestModel(str(tmp_path / "best.keras"), monitor="loss")
    for callback in (best, backup := Backup(str(tmp_path / "backup_train"), best)):
        callback.set_model(model)
    best.on_epoch_end(0, {"loss": 1e-06})  # writes best.keras at once
    backup.on_epoch_end(0)
    (tmp_path / "history_train.jsonl").write_text('{"epoch": 0, "loss": 1e-06}\n')
    saved = (tmp_path / "best.keras").read_bytes()

    result = train(lambda: build_mlp((4,), 2), (x, y), epochs=3, out_dir=str(tmp_path),
                   verbose=0)
    assert result.epochs == 3 and result.history["loss"][0] == 1e-06
    assert (tmp_path / "best.keras").read_bytes() == saved  # no later epoch beat 1e-6
    assert resume.best_so_far({"loss": [0.5, 0.2]}, "loss") == 0.2
    assert resume.best_so_far({}, "loss") is None


def test_tape_loop_killed_between_checkpoints_resumes_to_the_same_weights(tmp_path):
    """fit_tape(checkpoint_dir=...) restarts at its last checkpoint and ends where an
    uninterrupted run ends (same batches, restored weights: same arithmetic)."""
    sys.path.insert(0, os.path.join(ROOT, "tests"))
    import _tape_resume_job as job

    script = os.path.join(ROOT, "tests", "_tape_resume_job.py")
    ckpt, out = tmp_path / "ckpt", tmp_path / "resumed.npz"
    proc = subprocess.Popen([sys.executable, script, str(ckpt), str(out)], env=ENV,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    try:
        while not (ckpt / "ckpt-100.index").exists():
            assert proc.poll() is None, "the loop finished before it could be killed"
            assert time.monotonic() < deadline, "no checkpoint appeared"
            time.sleep(0.02)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait(timeout=30)
    assert not out.exists()
    subprocess.run([sys.executable, script, str(ckpt), str(out)], env=ENV, check=True,
                   timeout=300, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    job.main(None, str(tmp_path / "straight.npz"), slow=False)  # uninterrupted, no checkpoints
    resumed, straight = np.load(out), np.load(tmp_path / "straight.npz")
    assert len(resumed["losses"]) == job.STEPS
    np.testing.assert_allclose(resumed["losses"], straight["losses"], rtol=1e-5)
    np.testing.assert_allclose(resumed["weights"], straight["weights"], rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(resumed["bias"], straight["bias"], rtol=1e-5, atol=1e-6)


def test_linear_tape_resumes_from_its_checkpoint_in_process(tmp_path):
    from tfcourse.lowlevel.linear_regression import fit_tape

    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 2))
    y = x @ np.array([2.0, -1.0]) + 0.5 + 0.1 * rng.normal(size=50)
    first = fit_tape(x, y, steps=60, checkpoint_dir=tmp_path, checkpoint_every=20)
    again = fit_tape(x, y, steps=100, checkpoint_dir=tmp_path, checkpoint_every=20)
    # the second call restored the finished 60 steps; its 40 more continue the same descent
    straight = fit_tape(x, y, steps=100)
    np.testing.assert_allclose(again.losses, straight.losses, rtol=1e-5)
    np.testing.assert_allclose(again.weights, straight.weights, rtol=1e-5)
    assert again.bias == pytest.approx(straight.bias, rel=1e-5)
    np.testing.assert_allclose(first.losses, straight.losses[:60], rtol=1e-5)


def test_multi_worker_job_killed_and_restarted_resumes(tmp_path):
    """Kill one of 2 workers mid-run: the launcher stops the other; the restarted job goes on
    from the last completed epoch on both workers."""
    epochs = 6
    launch = [sys.executable, "-m", "tfcourse.launch", "--workers", "2", "--timeout", "240",
              "--log-dir", str(tmp_path / "logs"), "--", "python", JOB, str(tmp_path), str(epochs)]

    def lines():
        path = tmp_path / "epochs_begun.txt"
        if not path.exists():
            return []
        return [tuple(map(int, line.split())) for line in path.read_text().splitlines() if line]

    proc = subprocess.Popen(launch, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 240
    try:
        while not {w for e, _, w in lines() if e == 3} >= {0, 1}:  # both workers in epoch 3
            assert proc.poll() is None, "the job ended before it could be killed"
            assert time.monotonic() < deadline, "the workers never reached epoch 3"
            time.sleep(0.05)
        victim = next(pid for e, pid, w in lines() if w == 1)
        os.kill(victim, signal.SIGKILL)
        assert proc.wait(timeout=60) != 0  # the launcher noticed and stopped worker 0
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    first_pids = {pid for _, pid, _ in lines()}
    subprocess.run(launch, env=ENV, check=True, timeout=300, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    resumed = [(e, w) for e, pid, w in lines() if pid not in first_pids]
    for worker in (0, 1):
        assert [e for e, w in resumed if w == worker] == [3, 4, 5]  # from epoch 3, not 0
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["epochs"] == epochs and len(result["history"]["loss"]) == epochs
    loss = result["history"]["loss"]
    assert loss[3] < 0.7 * loss[0]  # the weights came back: not a fresh start at epoch 3
    assert result["test_accuracy"] > 0.8
