# tfcourse: `make demo` runs every lesson on bundled data; `make test` runs the test suite.
# Both create .venv from requirements.txt on first use (needs only the package index).

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.tfcourse-installed

.PHONY: demo test test-all bench notebooks install clean

demo: $(STAMP)
	$(PY) -m demos run all --quick --out out

# two processes, each taking whole test files (the notebook tests share their kernels' runs)
test: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile

# notebooks/NAME.ipynb from demos/NAME.py (commit both), then every notebook run in a fresh
# kernel (quick mode): executed copies and HTML pages in out/notebooks/
notebooks: $(STAMP)
	$(PY) -m demos notebooks --execute out

# everything, including the slow tests (downloads and GPU tests skip themselves when offline)
test-all: $(STAMP)
	$(PY) -m pytest -n 2 --dist loadfile -m "not download and not gpu"

# the benchmarks (~20 minutes on 2 cores): benchmarks/results/<machine>.json and BENCHMARKS.md
bench: $(STAMP)
	$(PY) -m benchmarks run

install: $(STAMP)

$(STAMP): requirements.txt setup.cfg pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

clean:
	rm -rf out .pytest_cache *.egg-info
