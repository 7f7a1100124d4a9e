"""The house rules of docs/architecture.md that lint-imports does not state: no import circle
anywhere (lazy and TYPE_CHECKING imports counted), no module over 400 lines, no function over 80."""

from __future__ import annotations

import ast
from pathlib import Path

import grimp

PACKAGE = Path(__file__).resolve().parents[1] / "fitsm_audit"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 80


def circles_in(package: str) -> list[list[str]]:
    """The import circles of ``package``: its strongly connected components of two or more."""
    graph = grimp.build_graph(package, exclude_type_checking_imports=False)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in edges.get(node, ()):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return circles


def test_no_import_circle_among_our_modules() -> None:
    assert circles_in("fitsm_audit") == []


def test_modules_and_functions_stay_small() -> None:
    too_long = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        name = path.relative_to(PACKAGE.parent).as_posix()
        if len(source.splitlines()) > MAX_MODULE_LINES:
            too_long.append((name, "module", len(source.splitlines())))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    too_long.append((name, node.name, length))
    assert too_long == []


def test_the_circle_finder_finds_a_circle(tmp_path: Path) -> None:
    """The first test could pass by never seeing an import: a planted circle closed by a lazy
    import inside a function is found, and the module outside it is not."""
    pkg = tmp_path / "circled"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from circled import b\n")
    (pkg / "b.py").write_text("def f():\n    from circled import a\n")
    (pkg / "c.py").write_text("from circled import a\n")
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        assert circles_in("circled") == [["circled.a", "circled.b"]]
    finally:
        sys.path.remove(str(tmp_path))
