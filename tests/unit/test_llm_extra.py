"""litellm is the optional ``llm`` extra: only the LLM generator and ``bench-llm`` use it,
nothing imports it on the way, and without it they say in one line which extra to install."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app

PACKAGE = Path(__file__).parents[2] / "src" / "titlesearch"
HINT = "pip install 'titlesearch[llm]'"
runner = CliRunner()


@pytest.fixture()
def no_litellm(monkeypatch):
    monkeypatch.setitem(sys.modules, "litellm", None)  # `import litellm` now raises ImportError


def one_line(result) -> str:
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code == 2 and len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def test_only_the_extras_module_imports_litellm():
    importing = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if (isinstance(node, ast.Import) and any(a.name.startswith("litellm") for a in node.names))
        or (isinstance(node, ast.ImportFrom) and (node.module or "").startswith("litellm"))
    )
    assert importing == ["extras.py"]


def test_the_dependencies_leave_it_to_the_extra():
    import tomllib

    project = tomllib.loads((PACKAGE.parents[1] / "pyproject.toml").read_text())["project"]
    assert not [d for d in project["dependencies"] if d.startswith(("litellm", "tenacity"))]
    assert any(d.startswith("litellm") for d in project["optional-dependencies"]["llm"])
    makefile = (PACKAGE.parents[1] / "Makefile").read_text()
    assert makefile.count('-e ".[dev,llm]"') == 2  # setup and lock


def test_the_llm_generator_names_the_extra(no_litellm, tmp_path, monkeypatch):
    from titlesearch.config import LLMSettings
    from titlesearch.errors import GenerationError
    from titlesearch.synth.llm import LLMJitterer

    with pytest.raises(GenerationError, match=r"pip install 'titlesearch\[llm\]'"):
        LLMJitterer(LLMSettings(model="openai/gpt-4o-mini"))
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    result = runner.invoke(
        app, ["generate", "--backend", "llm", "--model", "openai/gpt-4o-mini", "--limit", "2"]
    )
    assert HINT in one_line(result)
    assert not (tmp_path / "data").exists() or not any((tmp_path / "data").iterdir())


def test_bench_llm_names_the_extra_before_loading_models(no_litellm, tmp_path, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    result = runner.invoke(app, ["bench-llm", "--model", "openai/gpt-4o-mini"])
    assert HINT in one_line(result)
    rules = runner.invoke(app, ["generate", "--limit", "2", "--per-title", "1", "--json"])
    assert rules.exit_code == 0, rules.output  # the rule generator needs no extra
