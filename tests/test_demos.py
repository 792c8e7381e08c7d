"""The lessons as participants use them: every notebook run top to bottom in a fresh kernel, in
quick mode, unedited (the test only adds a settings cell after the lesson's own, as papermill
does); the shell runner's flags, help and messages; notebooks in sync with their demos.

Each notebook runs once per session (`lesson`); the lesson-specific tests read its metrics.
"""

import json
import os
import subprocess
import sys

import pytest

from demos import DEMOS, _notebooks, _runner
from demos import __main__ as cli

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session")
def lesson(tmp_path_factory):
    """``lesson(name)`` → (executed notebook, metrics.json, output folder), run once per name."""
    runs = {}

    def run(name):
        if name not in runs:
            out = tmp_path_factory.mktemp(f"nb_{name}")
            nb = _notebooks.execute_notebook(name, {"quick": True, "out": str(out)})
            metrics = json.loads((out / name / "metrics.json").read_text(encoding="utf-8"))
            runs[name] = nb, metrics, out / name
        return runs[name]

    return run


def outputs(nb, kind=None):
    for cell in nb.cells:
        if cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if kind is None or output.output_type == kind:
                    yield cell, output


# -- every lesson, as a notebook -------------------------------------------------------------


@pytest.mark.parametrize("name", list(DEMOS))
def test_notebook_runs_top_to_bottom_and_shows_its_results(name, lesson):
    nb, metrics, out = lesson(name)
    stderr = [o.text for _, o in outputs(nb, "stream") if o.name == "stderr"]
    assert not stderr, f"the notebook printed to stderr (warnings or log noise): {stderr}"
    inline = [c for c, o in outputs(nb) if "image/png" in o.get("data", {})]
    assert inline, "no figure appeared under any cell"
    saved = list(out.glob("*.png"))
    assert len(saved) >= len(inline), "every figure shown inline is also saved as a PNG"
    assert all(p.stat().st_size > 5000 for p in saved)
    # the settings saved are exactly the settings cell's, after quick mode's caps
    names = [s.name for s in _runner.settings(_runner.path_of(name))]
    assert list(metrics["settings"]) == names
    assert metrics["settings"]["quick"] is True
    if "mixed_precision" in names:  # off by default: the header and results say float32
        shown = "".join(o.get("text", "") for _, o in outputs(nb, "stream"))
        assert "\nPrecision: float32\n" in shown and metrics["precision"] == "float32"


def _checks(cells):
    """The text each exercise ``check`` cell showed, in order."""
    for cell in cells:
        if cell.cell_type == "code" and _notebooks._CHECK.search(cell.source):
            yield "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs)


def _has_exercises(name):
    with open(_runner.path_of(name), encoding="utf-8") as f:
        return "# " + _notebooks.EXERCISES_HEADING in f.read()


WITH_EXERCISES = [name for name in DEMOS if _has_exercises(name)]


def test_every_lesson_ends_with_its_checked_exercises():
    assert WITH_EXERCISES == list(DEMOS)


@pytest.mark.parametrize("name", WITH_EXERCISES)
def test_exercises_as_shipped_say_not_answered_yet(name, lesson):
    nb, _, _ = lesson(name)
    shown = list(_checks(nb.cells))
    assert len(shown) >= 3 and all(s.startswith("… Sin responder todavía") for s in shown), shown


def test_exercises_with_the_reference_answers_filled_in_all_pass():
    nb = _notebooks.execute_exercises(WITH_EXERCISES, solutions=True)
    shown = list(_checks(nb.cells))
    assert len(shown) >= 3 * len(WITH_EXERCISES)
    assert all(s.startswith("✓") for s in shown), [s for s in shown if not s.startswith("✓")]


def test_notebooks_are_in_sync_with_their_demos():
    assert _notebooks.main(list(DEMOS), check=True, execute=None, quick=True) == 0


def test_notebooks_are_committed_without_outputs():
    for name in DEMOS:
        nb = json.loads(open(_notebooks.notebook_path(name), encoding="utf-8").read())
        assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")
        assert nb["metadata"]["kernelspec"]["name"] == "python3"


def test_every_lesson_starts_with_the_same_setup_cell_then_its_settings():
    first = {}
    for name in DEMOS:
        code = [c for c in _runner.read_cells(_runner.path_of(name)) if c.kind == "code"]
        first[name] = code[0].source
        assert "parameters" in code[1].tags, f"{name}: the settings cell must come right after"
    assert len(set(first.values())) == 1, "the setup cells differ"


# -- what each lesson must show, in quick mode too -------------------------------------------


def test_linear_regression_reaches_least_squares(lesson):
    _, metrics, _ = lesson("linear_regression")
    assert all(r["|θ − θ_lstsq|"] < 1e-3 for r in metrics["line"])


def test_concepts_agree_with_tensorflow(lesson):
    _, m, out = lesson("concepts")
    assert all(r["max |NumPy − Keras|"] < 1e-6 for r in m["activations"])
    assert all(r["max |ours − tf.nn|"] < 1e-6 for r in m["convolution"])
    assert all(r["max relative difference"] < 1e-5 for r in m["backprop"]["gradients"])
    assert all(r["E after"] < r["E before"] for r in m["backprop"]["training"])
    xor = [r for r in m["perceptron"] if r["compuerta — gate"] == "XOR"]
    assert [r["converged"] for r in xor] == [False, True]
    assert {p.name for p in out.glob("*.png")} >= {
        "activations.png", "xor_boundary.png", "backprop_errors.png", "kernels_photo.png",
        "kernels_digit.png"}


def test_quick_cnn_keeps_the_lesson_the_modern_cnn_is_not_worse_than_lenet(lesson):
    _, metrics, _ = lesson("cnn")
    acc = {r["model"]: r["test accuracy"] for r in metrics["results"]}
    assert acc["modern CNN"] >= acc["LeNet-5"] - 1e-9, acc
    assert min(acc.values()) > 0.5, acc


def test_quick_augmentation_keeps_the_lesson_it_helps_on_moved_digits(lesson):
    _, metrics, _ = lesson("augmentation")
    rows = {r["CNN"]: r for r in metrics["results"]}
    with_, without = rows["with augmentation"], rows["without augmentation"]
    assert with_["moved-test accuracy"] > without["moved-test accuracy"], rows
    assert min(r["test accuracy"] for r in rows.values()) > 0.5, rows


# -- the shell runner ------------------------------------------------------------------------


def test_shell_run_from_another_folder_writes_what_the_notebook_writes(lesson, tmp_path):
    """`python -m demos run` works outside the repository, with the notebook's metrics keys."""
    proc = subprocess.run([sys.executable, "-m", "demos", "run", "linear_regression", "--quick",
                           "--out", "results"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Descenso por gradiente" in proc.stdout and "metrics.json" in proc.stdout
    assert not [line for line in proc.stderr.splitlines() if line.strip()], proc.stderr
    shell = json.loads((tmp_path / "results" / "linear_regression" / "metrics.json").read_text())
    _, notebook, _ = lesson("linear_regression")

    def keys(value):
        if isinstance(value, dict):
            return {k: keys(v) for k, v in value.items() if k not in ("out",)}
        if isinstance(value, list) and value and isinstance(value[0], dict):
            return [keys(value[0])]
        return None

    assert keys(shell) == keys(notebook)


def test_softmax_with_two_replicas_agrees(tmp_path):
    ns = _runner.run(_runner.path_of("softmax_classification"),
                     {"quick": True, "cpu_replicas": 2, "steps": 50, "out": str(tmp_path)},
                     echo=lambda _: None)
    assert ns["dist_strategy"].num_replicas_in_sync == 2
    rows = json.loads((tmp_path / "softmax_classification" / "metrics.json").read_text())["results"]
    costs = [r["final batch cost"] for r in rows if r["final batch cost"] is not None]
    assert max(costs) - min(costs) < 1e-4 * max(costs)


@pytest.mark.parametrize("name", list(DEMOS))
def test_help_lists_the_lessons_own_settings(name, capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["run", name, "--help"])
    assert stop.value.code == 0
    text = capsys.readouterr().out
    for s in _runner.settings(_runner.path_of(name)):
        assert "--" + s.name.replace("_", "-") in text
    assert "--quick" in text and "--out" in text


def test_settings_become_typed_flags_that_override_the_cell():
    parser, _ = cli.run_parser("cnn")
    args = vars(parser.parse_args(["--epochs", "3", "--quick", "--cpu-replicas", "2",
                                   "--lr", "0.01"]))
    assert {k: v for k, v in args.items() if v is not None} == {
        "epochs": 3, "quick": True, "cpu_replicas": 2, "lr": 0.01}
    with pytest.raises(SystemExit):
        parser.parse_args(["--epochs", "three"])


def test_all_accepts_shared_flags_and_says_once_where_they_are_ignored(capsys):
    parser, found = cli.run_parser("all")
    overrides = {k: v for k, v in vars(parser.parse_args(
        ["--quick", "--cpu-replicas", "2", "--seed", "1"])).items() if v is not None}
    cli._say_ignored(overrides, found)
    notes = capsys.readouterr().out.splitlines()
    assert notes == ["Note: --cpu-replicas is not a setting of concepts; ignored there."]


def test_runner_lists_every_demo():
    out = subprocess.run([sys.executable, "-m", "demos", "list"], capture_output=True, text=True,
                         check=True).stdout
    assert all(name in out for name in DEMOS)


def test_runner_rejects_unknown_demo():
    proc = subprocess.run([sys.executable, "-m", "demos", "run", "nope"], capture_output=True,
                          text=True)
    assert proc.returncode == 2 and "invalid choice: 'nope'" in proc.stderr


def test_unavailable_strategy_prints_its_message_alone(tmp_path, capsys):
    assert cli._run_one("linear_regression", {"quick": True, "strategy": "gpu",
                                              "out": str(tmp_path)}) == 2
    err = capsys.readouterr().err
    assert "StrategyUnavailableError" in err and "GPU" in err and "Traceback" not in err


def test_ctrl_c_prints_one_message_and_exit_status_130(tmp_path, monkeypatch, capsys):
    fake = tmp_path / "fake.py"
    fake.write_text('# %% tags=["parameters"]\nquick = False  # q\n\n# %%\nraise KeyboardInterrupt\n')
    monkeypatch.setattr(_runner, "path_of", lambda name: str(fake))
    assert cli._run_one("linear_regression", {}) == 130
    err = capsys.readouterr().err
    assert "Stopped (Ctrl-C)" in err and "Traceback" not in err


def test_a_python_without_tensorflow_is_told_which_python_to_use(tmp_path, monkeypatch, capsys):
    fake = tmp_path / "fake.py"
    fake.write_text('# %% tags=["parameters"]\nquick = False  # q\n\n# %%\n'
                    'raise ModuleNotFoundError("No module named \'tensorflow\'", name="tensorflow")\n')
    monkeypatch.setattr(_runner, "path_of", lambda name: str(fake))
    assert cli._run_one("cnn", {}) == 2
    err = capsys.readouterr().err
    assert "has no tensorflow" in err and ".venv/bin/python -m demos run cnn" in err
    assert "Traceback" not in err


def test_a_bug_in_a_lesson_still_shows_its_traceback_at_the_lesson_line(tmp_path, monkeypatch,
                                                                       capsys):
    fake = tmp_path / "fake.py"
    fake.write_text('# %% tags=["parameters"]\nquick = False  # q\n\n# %%\nx = 1\n1 / 0\n')
    monkeypatch.setattr(_runner, "path_of", lambda name: str(fake))
    assert cli._run_one("linear_regression", {}) == 1
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and f'"{fake}", line 6' in err


@pytest.mark.parametrize("name, flags", [
    ("softmax_classification", {"dataset": "mnist"}),
    ("mlp", {"dataset": "mnist"}),
    ("cnn", {"dataset": "fashion_mnist"}),
    ("rnn", {"text_dataset": "imdb_reviews"}),
    ("transfer", {"dataset": "cats_vs_dogs"}),
])
def test_missing_tfds_data_fails_fast_with_advice(name, flags, tmp_path, monkeypatch, capsys):
    from tfcourse.data import tfds_sources

    monkeypatch.setattr(tfds_sources, "network_available", lambda *a, **k: False)
    overrides = {"quick": True, "data_dir": str(tmp_path), "out": str(tmp_path), **flags}
    assert cli._run_one(name, overrides) == 2
    err = capsys.readouterr().err
    assert str(tmp_path) in err and "python -m tfcourse fetch" in err and "Traceback" not in err


# -- the setup cell: tfcourse importable in a fresh Colab runtime or a plain Jupyter ---------


def _setup_cell() -> str:
    return next(c.source for c in _runner.read_cells(_runner.path_of("linear_regression"))
                if c.kind == "code")


@pytest.mark.parametrize("installed, where, expect", [
    (True, "elsewhere", "nothing"),
    (False, "notebooks", "pip install the checkout above"),
    (False, "clone", "pip install the clone below"),
    (False, "elsewhere", "error"),
])
def test_setup_cell(installed, where, expect, tmp_path, monkeypatch):
    """Installed: nothing. In a checkout's notebooks/ (Jupyter) or beside a clone named tfcourse
    (Colab after `!git clone`): pip install it. Elsewhere: say what to do."""
    import importlib.util

    calls = []
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda n, *a: (real(n, *a) if installed or n != "tfcourse" else None))
    monkeypatch.setattr(subprocess, "check_call", lambda cmd, **k: calls.append(cmd))
    cwd = {"notebooks": os.path.join(ROOT, "notebooks")}.get(where, str(tmp_path))
    if where == "clone":
        os.symlink(ROOT, tmp_path / "tfcourse")
    monkeypatch.chdir(cwd)
    if expect == "error":
        with pytest.raises(ModuleNotFoundError, match="not installed in this kernel.*git clone"):
            exec(_setup_cell(), {})
        return
    exec(_setup_cell(), {})
    pip = [sys.executable, "-m", "pip", "install", "--quiet"]
    assert calls == {"nothing": [], "pip install the checkout above": [pip + [ROOT]],
                     "pip install the clone below": [pip + [str(tmp_path.resolve() / "tfcourse")]]
                     }[expect]
