# tfcourse: `make demo` runs every lesson on bundled data; `make test` runs the test suite.
# Each target is one line of bootstrap.py, which Windows runs without make (py -3.12 bootstrap.py
# demo): it checks the Python version, creates $(VENV) from requirements.txt on first use (needs
# only the package index) and reinstalls when requirements.txt, setup.cfg or pyproject.toml change.

PYTHON ?= python3
VENV   ?= .venv
RUN    := $(PYTHON) bootstrap.py --venv $(VENV)

.PHONY: demo test test-all bench notebooks lab install clean

# every lesson in quick mode → out/
demo:
	$(RUN) demo

# two processes, each taking whole test files (the notebook tests share their kernels' runs)
test:
	$(RUN) test

# notebooks/NAME.ipynb from demos/NAME.py (commit both), then every notebook run in a fresh
# kernel (quick mode): executed copies and HTML pages in out/notebooks/
notebooks:
	$(RUN) notebooks

# JupyterLab on the lessons' notebooks
lab:
	$(RUN) lab

# everything, including the slow tests (downloads and GPU tests skip themselves when offline)
test-all:
	$(RUN) test-all

# the benchmarks (~20 minutes on 2 cores): benchmarks/results/<machine>.json and BENCHMARKS.md
bench:
	$(RUN) bench

install:
	$(RUN) install

clean:
	rm -rf out .pytest_cache *.egg-info
