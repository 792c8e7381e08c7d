"""tfcourse.lesson: tables, metrics files, and hiding TensorFlow's start-up noise (that a lesson
run from the shell prints nothing to stderr is checked in test_demos.py)."""

import json
import subprocess
import sys

from tfcourse.lesson import output_dir, print_setup, print_table, save_metrics


def test_an_error_while_stderr_is_silenced_still_reaches_the_user():
    proc = subprocess.run([sys.executable, "-c", "from tfcourse._quiet import stderr_silenced\n"
                           "with stderr_silenced():\n    raise ValueError('visible')"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and "ValueError: visible" in proc.stderr


def test_print_table_aligns_columns_and_formats_numbers(capsys):
    print_table([{"model": "LeNet-5", "accuracy": 0.981481, "epochs": 20},
                 {"model": "modern CNN", "accuracy": 1.0, "epochs": None}], "Título")
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["", "Título",
                     "model       accuracy  epochs",
                     "----------------------------",
                     "LeNet-5     0.9815    20",
                     "modern CNN  1         -"]


def test_save_metrics_writes_json_in_the_lessons_folder(tmp_path, capsys):
    folder = output_dir(str(tmp_path), "cnn")
    save_metrics(folder, {"settings": {"quick": True}, "results": [{"θ0": 4.0}]})
    written = json.loads((tmp_path / "cnn" / "metrics.json").read_text(encoding="utf-8"))
    assert written == {"settings": {"quick": True}, "results": [{"θ0": 4.0}]}
    assert "metrics.json" in capsys.readouterr().out


def test_print_setup_says_where_it_trains_writes_and_in_which_precision(capsys):
    from tfcourse.distribute import describe, get_strategy

    strategy = get_strategy("cpu")
    assert print_setup(strategy, "out/mlp", False) == "float32"  # mixed precision off
    assert capsys.readouterr().out.splitlines() == [
        f"Strategy: {describe(strategy)}. Results go to out/mlp", "Precision: float32"]
    assert print_setup(strategy, "out/linear_regression") is None  # a lesson without the switch
    assert capsys.readouterr().out.splitlines() == [
        f"Strategy: {describe(strategy)}. Results go to out/linear_regression"]
