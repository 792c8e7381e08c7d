"""Every demo runs in quick mode, offline, and leaves its table, metrics and figures behind."""

import json
import subprocess
import sys

import pytest

from demos import DEMOS


@pytest.mark.parametrize("name", list(DEMOS))
def test_demo_runs_quick(name, tmp_path, capsys):
    import importlib

    status = importlib.import_module(f"demos.{name}").main(["--quick", "--out", str(tmp_path)])
    assert status == 0
    out = tmp_path / name
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["config"]["quick"] is True
    pngs = list(out.glob("*.png"))
    assert pngs, "the demo saved no figure"
    assert all(p.stat().st_size > 5000 for p in pngs)
    assert "metrics.json" in capsys.readouterr().out


def test_linear_demo_reaches_least_squares(tmp_path):
    from demos import linear_regression

    assert linear_regression.main(["--quick", "--out", str(tmp_path)]) == 0
    rows = json.loads((tmp_path / "linear_regression" / "metrics.json").read_text())["line"]
    assert all(r["|θ − θ_lstsq|"] < 1e-3 for r in rows)


def test_softmax_demo_with_two_replicas_agrees(tmp_path):
    from demos import softmax_classification

    argv = ["--quick", "--out", str(tmp_path), "--cpu-replicas", "2", "--steps", "50"]
    assert softmax_classification.main(argv) == 0
    rows = json.loads((tmp_path / "softmax_classification" / "metrics.json").read_text())["results"]
    costs = [r["final batch cost"] for r in rows if r["final batch cost"] is not None]
    assert max(costs) - min(costs) < 1e-4 * max(costs)


@pytest.mark.parametrize("name, dataset", [
    ("softmax_classification", "mnist"), ("mlp", "mnist"), ("cnn", "fashion_mnist"),
    ("rnn", None), ("transfer", "cats_vs_dogs"),
])
def test_missing_tfds_data_fails_fast_with_advice(name, dataset, tmp_path, monkeypatch, capsys):
    import importlib

    from tfcourse.data import tfds_sources

    monkeypatch.setattr(tfds_sources, "network_available", lambda *a, **k: False)
    flag = ["--text-dataset", "imdb_reviews"] if dataset is None else ["--dataset", dataset]
    argv = ["--quick", *flag, "--data-dir", str(tmp_path), "--out", str(tmp_path)]
    if name == "rnn":  # the text part comes last: skip straight to it
        monkeypatch.setattr(importlib.import_module("demos.rnn"), "rows_as_sequences",
                            lambda *a: [])
        monkeypatch.setattr(importlib.import_module("demos.rnn"), "forecasting", lambda *a: [])
    assert importlib.import_module(f"demos.{name}").main(argv) == 2
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "tfds.load" in err


def test_runner_lists_every_demo():
    out = subprocess.run([sys.executable, "-m", "demos", "list"], capture_output=True, text=True,
                         check=True).stdout
    assert all(name in out for name in DEMOS)


def test_runner_rejects_unknown_demo():
    proc = subprocess.run([sys.executable, "-m", "demos", "run", "nope"], capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "invalid choice: 'nope'" in proc.stderr


def test_concepts_demo_agrees_with_tensorflow(tmp_path):
    from demos import concepts

    assert concepts.main(["--quick", "--out", str(tmp_path)]) == 0
    m = json.loads((tmp_path / "concepts" / "metrics.json").read_text())
    assert all(r["max |NumPy − Keras|"] < 1e-6 for r in m["activations"])
    assert all(r["max |ours − tf.nn|"] < 1e-6 for r in m["convolution"])
    assert all(r["max relative difference"] < 1e-5 for r in m["backprop"]["gradients"])
    assert all(r["E after"] < r["E before"] for r in m["backprop"]["training"])
    xor = [r for r in m["perceptron"] if r["compuerta — gate"] == "XOR"]
    assert [r["converged"] for r in xor] == [False, True]
    assert {p.name for p in (tmp_path / "concepts").glob("*.png")} >= {
        "activations.png", "xor_boundary.png", "backprop_errors.png", "kernels_photo.png",
        "kernels_digit.png"}
