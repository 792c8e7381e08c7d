"""The package itself: cheap to import, documented examples true."""

import doctest
import importlib
import subprocess
import sys

import pytest


def test_import_is_light():
    code = ("import sys, tfcourse, tfcourse.data, tfcourse.plots, tfcourse.lowlevel.linear_regression,"
            " tfcourse.lowlevel.softmax_regression, tfcourse.cli, tfcourse.bundle, tfcourse.fetch; "
            "heavy = [m for m in ('tensorflow', 'tensorflow_datasets', 'matplotlib', 'keras') "
            "if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize("module", [
    "tfcourse", "tfcourse.distribute", "tfcourse.plots", "tfcourse.lowlevel.linear_regression",
    "tfcourse.lowlevel.softmax_regression", "tfcourse.constants", "tfcourse.cluster",
    "tfcourse.gpu_check",
])
def test_docstring_examples(module):
    result = doctest.testmod(importlib.import_module(module))
    assert result.failed == 0
