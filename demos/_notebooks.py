"""demos/NAME.py → notebooks/NAME.ipynb (Jupytext), checked in sync, executed in a fresh kernel.

The notebooks are generated, never edited by hand: ``python -m demos notebooks`` (or ``make
notebooks``) rewrites them, and ``--check`` (run by the tests) fails when one differs from its
demo. They are committed without outputs. Executing one (`execute`) injects a cell with the
settings to change after the settings cell, the way papermill does, so the lesson's own cells
run unchanged.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys

from demos import _runner

REPO = os.path.dirname(_runner.DEMOS_DIR)
NOTEBOOKS_DIR = os.path.join(REPO, "notebooks")
KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def notebook_path(name: str) -> str:
    return os.path.join(NOTEBOOKS_DIR, f"{name}.ipynb")


def to_notebook(name: str):
    """The notebook of ``demos/NAME.py``: its cells, a Python 3 kernel, no outputs."""
    import jupytext

    nb = jupytext.read(_runner.path_of(name), fmt="py:percent")
    for i, cell in enumerate(nb.cells):  # stable ids (nbformat draws random ones): same text
        cell.id = hashlib.sha1(f"{i}:{cell.source}".encode()).hexdigest()[:12]
    nb.metadata = {"kernelspec": dict(KERNELSPEC),
                   "language_info": {"name": "python"},
                   "colab": {"provenance": []}}
    return nb


def to_text(nb) -> str:
    import nbformat

    return nbformat.writes(nb) + "\n"


def main(names: list[str], *, check: bool, execute: str | None, quick: bool) -> int:
    stale = []
    for name in names:
        text = to_text(to_notebook(name))
        path = notebook_path(name)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if check:
            if current != text:
                stale.append(name)
            continue
        if current != text:
            os.makedirs(NOTEBOOKS_DIR, exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            print(f"wrote {os.path.relpath(path, REPO)}")
    if stale:
        print(f"Out of date: {', '.join(f'notebooks/{n}.ipynb' for n in stale)}. The notebooks "
              "are generated from demos/NAME.py: run `make notebooks` (python -m demos "
              "notebooks) and commit both.", file=sys.stderr)
        return 1
    if execute:
        for name in names:
            nb = execute_notebook(name, {"quick": quick, "out": os.path.abspath(execute)})
            write_executed(nb, os.path.join(execute, "notebooks"), name)
    return 0


def execute_notebook(name: str, parameters: dict, *, timeout: int = 900):
    """Run ``notebooks/NAME.ipynb`` top to bottom in a fresh kernel started in ``notebooks/``.

    ``parameters`` are injected in a cell after the settings cell (tagged
    ``injected-parameters``, as papermill does). Returns the executed notebook; raises
    `nbclient.exceptions.CellExecutionError` at the first cell that fails.
    """
    import nbclient
    import nbformat

    nb = nbformat.read(notebook_path(name), as_version=4)
    at = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
    lines = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
    injected = nbformat.v4.new_code_cell(f"# Parameters injected by python -m demos notebooks\n"
                                         f"{lines}")
    injected.metadata["tags"] = ["injected-parameters"]
    nb.cells.insert(at + 1, injected)
    return _execute(nb, timeout)


def _execute(nb, timeout: int):
    import nbclient

    client = nbclient.NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                     resources={"metadata": {"path": NOTEBOOKS_DIR}})
    # the kernel's own log (it warns that its local TCP socket is unencrypted) is not the
    # lesson's output: the cells' output reaches the notebook through the kernel's messages
    client.execute(stderr=subprocess.DEVNULL)
    return nb


EXERCISES_HEADING = "## Ejercicios"
_CHECK = re.compile(r"\bej\.(q\d+)\.check\(")
_EXERCISE_MODULE = re.compile(r"from tfcourse\.exercises import .*\b(\w+) as ej\b")


def exercise_cells(name: str, *, solutions: bool = False) -> list:
    """The cells of a lesson's exercise section; with ``solutions``, each cell tagged
    ``exercise`` holds the reference answer of the question its next ``check`` cell checks."""
    import importlib

    import nbformat

    cells = nbformat.read(notebook_path(name), as_version=4).cells
    start = next(i for i, c in enumerate(cells) if c.cell_type == "markdown"
                 and c.source.startswith(EXERCISES_HEADING))
    cells = cells[start:]
    if solutions:
        module = None
        for i, cell in enumerate(cells):
            found = _EXERCISE_MODULE.search(cell.source)
            if found:
                module = importlib.import_module(f"tfcourse.exercises.{found.group(1)}")
            if "exercise" in cell.metadata.get("tags", []):
                check = next(_CHECK.search(c.source) for c in cells[i + 1:] if _CHECK.search(c.source))
                cell.source = getattr(module, check.group(1)).solution_code
    return cells


def execute_exercises(names: list[str], *, solutions: bool, timeout: int = 600):
    """Run the exercise sections of ``names``, one after another, in one fresh kernel."""
    import nbformat

    nb = nbformat.v4.new_notebook(metadata={"kernelspec": KERNELSPEC})
    for name in names:
        nb.cells.extend(exercise_cells(name, solutions=solutions))
    return _execute(nb, timeout)


def write_executed(nb, directory: str, name: str) -> None:
    """Write an executed notebook and an HTML page of it to ``directory``."""
    import nbconvert
    import nbformat

    os.makedirs(directory, exist_ok=True)
    nbformat.write(nb, os.path.join(directory, f"{name}.ipynb"))
    html, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    with open(os.path.join(directory, f"{name}.html"), "w", encoding="utf-8") as f:
        f.write(html)
    print(f"wrote {directory}/{name}.ipynb and {name}.html")
