"""The benchmark runner: its records, the JSON and markdown it writes, and one tiny case.

The measurements themselves are not tests (``python -m benchmarks run`` makes them); this checks
that the machinery works, in quick mode, in a few seconds.
"""

import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, REPO)  # `benchmarks` is not installed: it lives beside the package

from benchmarks import CASES, _report, _timing  # noqa: E402
KEYS = {"case", "variant", "metric", "unit", "value", "baseline", "baseline_name", "ratio",
        "goal", "met", "cpu_ratio", "note", "device", "samples"}


def test_record_takes_medians_ratio_and_goal():
    r = _timing.record("c", "v", "throughput", "images/s", [(1.0, 2.0), (2.0, 4.0), (4.0, 4.0)],
                       [1.0, 1.0, 1.0], scale=lambda s: 10 / s, goal="ratio >= 0.97")
    assert set(r) == KEYS
    assert r["value"] == 5.0 and r["baseline"] == 10.0 and r["ratio"] == 0.5
    assert r["met"] is False and r["cpu_ratio"] is None  # the baseline has no CPU times
    assert r["samples"]["value"] == [10.0, 5.0, 2.5]


@pytest.mark.parametrize("goal, value, ratio, met", [
    ("ratio >= 0.97", 1, 0.97, True), ("ratio <= 1.1", 1, 1.2, False),
    ("value <= 10", 9.5, None, True), (None, 1, 1, None), ("ratio >= 1", 1, None, None)])
def test_check_goal(goal, value, ratio, met):
    assert _timing.check_goal(goal, value, ratio) is met


def test_alternate_runs_both_sides_in_turns():
    calls = []
    a, b = _timing.alternate(lambda: calls.append("a"), lambda: calls.append("b"),
                             repeats=3, warmup=1)
    assert calls == ["a", "b"] * 4
    assert len(a) == len(b) == 3 and all(len(s) == 2 for s in a)


def test_results_merge_and_markdown_keeps_the_hand_written_part(tmp_path):
    info = {"cpu": "Test CPU", "cores": 2, "gpus": [], "measured_on": "CPU"}
    row = _timing.record("overhead", "mlp", "throughput", "images/s", [2.0] * 4 + [4.0],
                         [2.0] * 5, goal="ratio >= 0.97", device="CPU")
    run = {"date": "2026-01-01", "quick": True, "repeats": 5, "threads": 2, "seconds": 1.0,
           "load_before": [0.1, 0.2, 0.3], "load_after": [0.1, 0.2, 0.3], "records": [row]}
    path = str(tmp_path / f"{_report.machine_name(info)}.json")
    _report.save(path, "cpu-2c-test-cpu", info, {"overhead": run})
    _report.save(path, "cpu-2c-test-cpu", info, {"startup": {**run, "records": [
        _timing.skipped("startup", "all", "not today")]}})
    doc = json.load(open(path))
    assert set(doc["cases"]) == {"overhead", "startup"}  # the second save merged
    assert doc["device"] == info and "tensorflow" in doc["versions"]

    md = tmp_path / "BENCHMARKS.md"
    md.write_text(f"# Title\n\n{_report.BEGIN}\nold\n{_report.END}\n\n## What we tried\n\nX\n")
    _report.write_markdown(str(md), str(tmp_path), CASES)
    text = md.read_text()
    assert "old" not in text and text.endswith("## What we tried\n\nX\n")
    # median ratio 2/2; best-run ratio 4/2
    assert "| mlp | throughput | 2 images/s | 2 | 1 | — | 2 | ratio >= 0.97 | ✅ yes | CPU |" in text
    assert "skipped: not today" in text and "quick mode" in text


def test_quick_run_of_one_case_writes_json_and_markdown(tmp_path):
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="2")
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks", "run", "--quick", "--repeats", "1", "noise",
         "--results-dir", str(tmp_path), "--markdown", str(tmp_path / "B.md"),
         "--machine", "smoke"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    doc = json.load(open(tmp_path / "smoke.json"))
    records = doc["cases"]["noise"]["records"]
    assert records and all(set(r) == KEYS for r in records)
    assert all(r["value"] > 0 and r["baseline"] > 0 for r in records), records
    assert "### noise" in (tmp_path / "B.md").read_text()


def test_list_names_every_case():
    proc = subprocess.run([sys.executable, "-m", "benchmarks", "list"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert [line.split()[0] for line in proc.stdout.splitlines()] == list(CASES)


def test_best_run_ratio_takes_each_sides_best_sample():
    # hand-computed: throughputs keep the highest sample, times the lowest
    row = {"unit": "images/s", "samples": {"value": [10.0, 30.0, 20.0],
                                           "baseline": [25.0, 15.0, 5.0]}}
    assert _report.best_ratio(row) == pytest.approx(30 / 25)
    row = {"unit": "s", "samples": {"value": [2.0, 1.0], "baseline": [1.5, 4.0]}}
    assert _report.best_ratio(row) == pytest.approx(1.0 / 1.5)
    assert _report.best_ratio({"unit": "s", "samples": {"value": [1.0], "baseline": []}}) is None


def test_the_cases_are_registered_with_their_modules():
    import importlib

    for name in ("torch", "onednn", "overhead"):
        module = importlib.import_module(CASES[name][0])
        assert callable(module.run) and module.CASE == name


@pytest.mark.parametrize("name", ["lesson_mlp", "lenet", "cnn", "rnn"])
def test_torch_twin_has_the_keras_models_parameters(name):
    pytest.importorskip("torch")
    import numpy as np

    from benchmarks import _keras, torch_compare

    keras_model, torch_model = _keras.builder(name)(), torch_compare.torch_model(name)
    assert torch_compare.count_params(torch_model) == keras_model.count_params()
    trainable = sum(int(np.prod(w.shape)) for w in keras_model.trainable_weights)
    assert sum(p.numel() for p in torch_model.parameters()) == trainable


def test_torch_row_lstm_computes_what_the_keras_lstm_does():
    # the twin's single bias is a column of ones read by the input weights: copy Keras'
    # weights in and both must give the same probabilities
    torch = pytest.importorskip("torch")
    import numpy as np

    from benchmarks import _data, _keras, torch_compare

    keras_model, twin = _keras.builder("rnn")(), torch_compare.torch_model("rnn").eval()
    kernel, recurrent, bias = keras_model.get_layer("lstm_1").get_weights()  # gates i, f, c, o
    dense_w, dense_b = keras_model.get_layer("predictions").get_weights()
    with torch.no_grad():
        twin.lstm.weight_ih_l0.copy_(torch.from_numpy(np.vstack([kernel, bias[None]]).T))
        twin.lstm.weight_hh_l0.copy_(torch.from_numpy(recurrent.T))
        twin.fc.weight.copy_(torch.from_numpy(dense_w.T))
        twin.fc.bias.copy_(torch.from_numpy(dense_b))
        x, _ = _data.for_model("rnn", 4)  # (4, 28, 28)
        probs = torch.softmax(twin(torch.from_numpy(x)), dim=1).numpy()
    np.testing.assert_allclose(probs, keras_model.predict(x, verbose=0), atol=1e-5)


def test_demo_side_of_the_overhead_case_writes_what_a_demo_writes(tmp_path):
    # the row is only a measure of the demos' callbacks if they run: each leaves its files
    from benchmarks import _keras

    epoch = _keras.epochs("tfcourse", "lesson_mlp", 64, batch_size=32, validation=True,
                          out_dir=str(tmp_path), patience=10**6, per_call=2)
    wall, cpu = epoch()
    assert wall > 0 and cpu > 0
    names = {p.name for p in tmp_path.rglob("*")}
    # the best model, the history log, the backup and TensorBoard's event files
    assert {"best.keras", "history_train.jsonl", "state.npz"} <= names, sorted(names)
    assert any(n.startswith("events.out.tfevents") for n in names), sorted(names)


@pytest.mark.slow  # two TensorFlow processes: about 20 s on 2 cores
def test_onednn_case_gets_the_state_it_asks_for_on_each_side():
    from benchmarks import _isolate

    records = _isolate.call("benchmarks.onednn:run", threads=2, quick=True, repeats=1,
                            models=["lesson_mlp"])
    assert [r["variant"] for r in records] == ["mlp, batch 32"]
    # TensorFlow's own report of its state in each process, not the variable we set
    assert "reported oneDNN on / off" in records[0]["note"], records
    assert records[0]["value"] > 0 and records[0]["baseline"] > 0


def test_results_name_the_cpu_its_features_onednn_and_threads():
    info = _report.device_info()
    with open("/proc/cpuinfo") as f:  # the oracle: the first model name and flags lines
        lines = f.read().splitlines()
    model = next(line for line in lines if line.startswith("model name")).split(":", 1)[1].strip()
    flags = next(line for line in lines if line.startswith("flags")).split(":", 1)[1].split()
    assert info["cpu"] == model
    assert set(info["cpu_flags"]) <= set(flags) and ("avx2" in info["cpu_flags"]) == ("avx2" in flags)
    assert isinstance(info["onednn"]["on"], bool) and info["onednn"]["source"] in (
        "user", "tfcourse", "tensorflow")
    assert set(info["threads"]) == {"intra_op", "inter_op"}
    doc = {"machine": "m", "device": info, "versions": {}, "updated": "now", "cases": {}}
    header = _report.markdown([doc], {})
    assert f"CPU: {model}, {info['cores']} cores (" in header and "; oneDNN o" in header


def test_lessons_case_reads_the_runners_time_of_each_lesson():
    from benchmarks.lessons import run_all

    wall, seconds = run_all(quick=True, name="concepts")
    assert list(seconds) == ["concepts"] and 0 < seconds["concepts"] < wall
