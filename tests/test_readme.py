"""The README's Python snippets run as written, each in a fresh process, and show what their
comments say (the values below are the comments' claims, checked)."""

import json
import os
import re
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
SNIPPETS = re.findall(r"```python\n(.*?)```", README, flags=re.S)

# what the snippets' comments promise: expression → repr of its value
CLAIMS = {
    "convolution.output_size(W=5, K=3, P=0, S=1)": "3",
    "convolution.output_size(W=224, K=7, P=3, S=2)": "112",
    "convolution.max_pool2d(x, 3, strides=1).shape": "(3, 3)",
    'perceptron.train_perceptron(*perceptron.logic_gate("xor")).converged': "False",
    "backprop.gradients(backprop.talk_network(), X, T).U.shape": "(5, 8)",
    "strategy.num_replicas_in_sync": "2",
    "global_batch_size(32, strategy)": "64",
    "model.count_params()": "61706",
    "ej.q1.check(cost).mistake": "'no_half'",
}


def test_the_readme_has_snippets_and_every_claim_is_in_one():
    assert len(SNIPPETS) >= 5
    for expression in CLAIMS:
        assert any(expression in s for s in SNIPPETS), f"no snippet shows {expression}"


@pytest.mark.parametrize("index", range(len(SNIPPETS)))
def test_snippet_runs_in_a_fresh_process_and_shows_what_it_says(index, tmp_path):
    path = tmp_path / "snippet.py"
    path.write_text(SNIPPETS[index], encoding="utf-8")
    proc = subprocess.run([sys.executable, os.path.join(ROOT, "tests", "_snippet_runner.py"),
                           str(path)], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"})
    assert proc.returncode == 0, f"snippet {index} failed:\n{SNIPPETS[index]}\n{proc.stderr}"
    shown = json.loads(proc.stdout.strip().splitlines()[-1])
    for expression, value in shown.items():
        if expression in CLAIMS:
            assert value == CLAIMS[expression], (expression, value)
