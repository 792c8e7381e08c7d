"""Run a lesson script from the shell the way a notebook runs it: cell by cell, at top level.

A lesson ``demos/NAME.py`` is a Jupytext percent script. Its cell tagged ``parameters``
(``# %% tags=["parameters"]``, papermill's convention) holds the settings as plain assignments,
each with a comment that becomes the flag's help::

    epochs = 20  # passes over the training images

`settings` reads them; `make_parser` turns each into a flag (``--epochs 3``; a True/False
setting becomes ``--quick`` / ``--no-quick``); `run` executes the cells in order and applies the
flags right after the settings cell, as papermill injects parameters into a notebook.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import io
import os
import re
import tokenize

DEMOS_DIR = os.path.dirname(os.path.abspath(__file__))
_TAGS = re.compile(r"tags\s*=\s*\[([^\]]*)\]")


@dataclasses.dataclass
class Cell:
    kind: str  # "code" or "markdown"
    source: str
    first_line: int  # 1-based line of the cell's first source line in the file
    tags: tuple[str, ...] = ()


@dataclasses.dataclass
class Setting:
    name: str
    default: object
    kind: type  # bool, int, float or str
    help: str


def path_of(name: str) -> str:
    return os.path.join(DEMOS_DIR, f"{name}.py")


def read_cells(path: str) -> list[Cell]:
    """Split a percent script into its cells (a Jupytext YAML header, if any, is skipped)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    cells, current = [], None
    for number, line in enumerate(lines, start=1):
        if line.startswith("# %%"):
            marker = line[4:]
            tags = _TAGS.search(marker)
            current = Cell("markdown" if "[markdown]" in marker else "code", "", number + 1,
                           tuple(t.strip().strip("\"'") for t in tags.group(1).split(","))
                           if tags else ())
            cells.append(current)
        elif current is not None:
            current.source += line + "\n"
    return cells


def settings_cell(cells: list[Cell]) -> Cell:
    for cell in cells:
        if cell.kind == "code" and "parameters" in cell.tags:
            return cell
    raise ValueError('no cell tagged "parameters" (# %% tags=["parameters"]) holds the settings')


def settings(path: str) -> list[Setting]:
    """The settings of a lesson: name, default, type and help, from its ``parameters`` cell."""
    cell = settings_cell(read_cells(path))
    comments = {tok.start[0]: tok.string.lstrip("#").strip()
                for tok in tokenize.generate_tokens(io.StringIO(cell.source).readline)
                if tok.type == tokenize.COMMENT}
    found = []
    for node in ast.parse(cell.source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, annotation = node.targets[0], None
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, annotation = node.target, node.annotation
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        default = ast.literal_eval(node.value)
        kind = type(default) if default is not None else _annotated_type(annotation)
        found.append(Setting(target.id, default, kind, comments.get(node.lineno, "")))
    return found


def _annotated_type(annotation) -> type:
    """``int | None`` → int; no annotation → str."""
    names = {n.id for n in ast.walk(annotation) if isinstance(n, ast.Name)} if annotation else set()
    for kind in (bool, int, float):
        if kind.__name__ in names:
            return kind
    return str


def add_flags(parser: argparse.ArgumentParser, found: list[Setting]) -> None:
    """One flag per setting, defaulting to None ("not given": the settings cell's value stays)."""
    for s in found:
        flag = "--" + s.name.replace("_", "-")
        shown = f"{s.help} " if s.help else ""
        if s.kind is bool:
            parser.add_argument(flag, dest=s.name, action=argparse.BooleanOptionalAction,
                                default=None, help=f"{shown}(default: {s.default})")
        else:
            parser.add_argument(flag, dest=s.name, type=s.kind, default=None,
                                metavar=s.name.upper(), help=f"{shown}(default: {s.default})")


def run(path: str, overrides: dict | None = None, *, echo=print) -> dict:
    """Execute a lesson's code cells in order, in one fresh namespace, and return it.

    Args:
        path: The lesson script.
        overrides: Settings to change, applied right after the settings cell runs.
        echo: Called with the value of a cell's last expression when it is not None, as a
            notebook shows it (figures excepted: they are saved as PNG files). Defaults to
            print.

    Returns:
        The namespace after the last cell.
    """
    namespace = {"__name__": "__main__", "__file__": path}
    for cell in read_cells(path):
        if cell.kind != "code":
            continue
        tree = ast.parse(cell.source, filename=path)
        ast.increment_lineno(tree, cell.first_line - 1)  # tracebacks point into the file
        last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
        exec(compile(tree, path, "exec"), namespace)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), path, "eval"), namespace)
            if value is not None and not _is_figure(value):
                echo(repr(value))
        if "parameters" in cell.tags and overrides:
            namespace.update(overrides)
    return namespace


def _is_figure(value) -> bool:
    return type(value).__module__.startswith("matplotlib")
