"""The package layout stays readable: small modules, one-way imports, names defined once.

These are the structure rules a newcomer relies on (see the README's "Layout"): each module
stays under 300 lines except pure data tables, no two modules import each other (directly or
round a loop, lazy imports included), ``search`` never reaches back into ``ingest``, vector
names are spelled in one place, and the CLI registers its commands explicitly in ``app.py``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).parents[2] / "src" / "titlesearch"
MAX_LINES = 300
DATA_TABLES = {"synth/rules/vocabulary.py"}  # word lists and weights, no logic
VECTOR_NAMES_HOME = "store/vectors.py"


def modules() -> dict[str, Path]:
    """Dotted module name -> file, for every module of the package."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imported(path: Path, known: set[str]) -> Iterator[str]:
    """The package modules ``path`` imports anywhere (top level or inside functions).

    ``from package import submodule`` depends on the submodule; the package's own
    ``__init__``, which Python runs on the way, is not counted as a dependency.
    """
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                name = submodule if submodule in known else node.module
                if name in known:
                    yield name
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name in known)


def import_graph() -> dict[str, set[str]]:
    found = modules()
    known = set(found)
    return {name: set(imported(path, known)) - {name} for name, path in found.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_modules_stay_small() -> None:
    too_long = {
        str(path.relative_to(PACKAGE)): lines
        for path in modules().values()
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
        and str(path.relative_to(PACKAGE)) not in DATA_TABLES
    }
    assert not too_long, f"modules over {MAX_LINES} lines: {too_long}"


def test_no_import_cycles() -> None:
    assert cycles(import_graph()) == []


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [
        ("titlesearch.search", "titlesearch.ingest"),
        ("titlesearch.search", "titlesearch.train"),
        ("titlesearch.store", "titlesearch.search"),
        ("titlesearch.store", "titlesearch.ingest"),
        ("titlesearch.synth", "titlesearch.train"),
        ("titlesearch.train", "titlesearch.ingest"),
    ],
)
def test_data_flows_one_way(package: str, forbidden: str) -> None:
    graph = import_graph()
    wrong = {
        (name, target)
        for name, targets in graph.items()
        if name == package or name.startswith(package + ".")
        for target in targets
        if target == forbidden or target.startswith(forbidden + ".")
    }
    assert not wrong


def test_vector_names_are_spelled_once() -> None:
    from titlesearch.store.vectors import VECTOR_NAMES

    spelled = {
        (str(path.relative_to(PACKAGE)), node.lineno)
        for path in modules().values()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and node.value in VECTOR_NAMES
    }
    assert {where for where, _ in spelled} == {VECTOR_NAMES_HOME}, sorted(spelled)


def test_cli_commands_are_registered_in_app_only() -> None:
    for path in (PACKAGE / "cli").glob("*.py"):
        if path.name in ("app.py", "__init__.py"):  # the app, and its re-export
            continue
        text = path.read_text(encoding="utf-8")
        assert "cli.app import" not in text and "@app." not in text, path.name
