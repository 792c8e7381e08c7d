"""Run one README snippet the way a participant pastes it, and report what it shows.

Usage: python tests/_snippet_runner.py SNIPPET.py → JSON {expression source: repr(value)} on the
last line of stdout. Statements run at top level in order, like a script; the value of every
top-level expression (what a notebook or the Python prompt would show) is recorded.
"""

import ast
import json
import sys

source = open(sys.argv[1], encoding="utf-8").read()
namespace = {"__name__": "__main__"}
shown = {}
for node in ast.parse(source).body:
    if isinstance(node, ast.Expr):
        value = eval(compile(ast.Expression(node.value), "<snippet>", "eval"), namespace)
        shown[ast.get_source_segment(source, node)] = repr(value)
    else:
        exec(compile(ast.Module([node], []), "<snippet>", "exec"), namespace)
print(json.dumps(shown))
