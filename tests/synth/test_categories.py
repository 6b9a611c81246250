"""Every rule category module keeps the contract, and one new file is all a new category needs.

The second half drops a category module into the rules package (a temporary directory added to
its ``__path__``) and follows it through the rule backend, ``generate``, the CLI and the LLM
prompt and filter, none of which is edited.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import textwrap
from collections.abc import Callable, Iterator

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network fetch on import

import pytest
from typer.testing import CliRunner

import titlesearch.synth.rules as rules_package
from titlesearch.cli import app
from titlesearch.config import LLMSettings
from titlesearch.synth.contract import JitterCategory, VariantFilter
from titlesearch.synth.generate import generate_synthetic, sample_seeds
from titlesearch.synth.output import load_synthetic
from titlesearch.synth.prompts import build_messages
from titlesearch.synth.rules import category_rules
from titlesearch.synth.rules.jitterer import RuleJitterer

BUILT_IN = ("alternative_keywords", "seniority", "skills", "job_context", "formatting")
"""The original five, in their rotation order (the random stream of existing data depends on it)."""

SHOUTING = '''
"""Test-only category: the posting shouts (capitals and an urgent ASAP)."""

CATEGORY = "shouting"
DESCRIPTION = "the whole title in capitals with an urgent ASAP."


def shout(draft, seed, rng):
    draft.case = "upper"
    draft.segments.append(("ASAP", True))
    return True


OPERATIONS = ((shout, lambda seed: 1.0),)
'''


@pytest.fixture(scope="module")
def spread(corpus):
    return sample_seeds(corpus, 300, seed=5)


def test_built_in_categories_keep_their_rotation_order():
    assert [name for name in category_rules() if name in BUILT_IN] == list(BUILT_IN)
    assert JitterCategory.all() == tuple(category_rules())
    assert JitterCategory.parse("Job-Context") == "job_context"
    assert JitterCategory.parse("vibes") is None
    with pytest.raises(ValueError, match="unknown jitter category 'vibes'"):
        JitterCategory("vibes")


@pytest.mark.parametrize("name", list(category_rules()))
def test_category_module_contract(name, spread, corpus):
    rules = category_rules()[name]
    module = importlib.import_module(f"titlesearch.synth.rules.{name}")
    assert name == module.CATEGORY  # the file is named after its category
    assert rules.description.endswith(".") and len(rules.description) < 200
    assert f"- {name}: " in build_messages(spread[:2], per_title=2)[0]["content"]
    jitterer = RuleJitterer(corpus, seed=1)
    only = (JitterCategory(name),)
    rows = [row for record in spread for row in jitterer.variants(record, 2, categories=only)]
    assert {row.category for row in rows} == {name}
    assert len({row.seed_title for row in rows}) > 0.8 * len(spread)


@pytest.fixture()
def add_rules_module(tmp_path, monkeypatch) -> Iterator[Callable[[str, str], None]]:
    """Put modules into ``titlesearch.synth.rules`` for one test, as if they were files there."""
    folder = tmp_path / "more_rules"
    folder.mkdir()
    monkeypatch.setattr(rules_package, "__path__", [*rules_package.__path__, str(folder)])
    added: list[str] = []

    def add(name: str, source: str) -> None:
        (folder / f"{name}.py").write_text(textwrap.dedent(source), encoding="utf-8")
        added.append(f"titlesearch.synth.rules.{name}")
        importlib.invalidate_caches()
        category_rules.cache_clear()

    yield add
    for module in added:
        sys.modules.pop(module, None)
    category_rules.cache_clear()


def test_a_new_category_file_reaches_rules_generate_and_llm(add_rules_module, corpus, tmp_path):
    before = JitterCategory.all()
    add_rules_module("shouting", SHOUTING)
    shouting = JitterCategory("shouting")
    assert JitterCategory.all() == (*before, "shouting")  # no ORDER: after the others
    assert shouting.description == "the whole title in capitals with an urgent ASAP."

    record = next(r for r in corpus if r.title == "Line Cook")
    rows = RuleJitterer(corpus).variants(record, 2, categories=(shouting,))
    assert [row.category for row in rows] == ["shouting", "shouting"]
    assert all("ASAP" in row.jittered_title.upper() for row in rows)

    summary = generate_synthetic(
        sample_seeds(corpus, 60, seed=0), output=tmp_path / "s.csv", per_title=6, progress=False
    )
    assert tuple(summary.per_category) == (*before, "shouting")
    assert summary.per_category["shouting"] > 0 and summary.per_category["shouting"] == sum(
        row.category == "shouting" for row in load_synthetic(tmp_path / "s.csv")
    )

    prompt = build_messages([record], per_title=2)[0]["content"]
    assert "- shouting: the whole title in capitals with an urgent ASAP." in prompt
    assert VariantFilter().accept("Cook", "COOK - ASAP", "Shouting", set()) == (
        "COOK - ASAP",
        "shouting",
    )


def test_a_new_category_through_the_cli_and_the_llm_backend(
    add_rules_module, tmp_path, monkeypatch, corpus
):
    add_rules_module("shouting", SHOUTING)
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TITLESEARCH_LLM_MODEL", raising=False)
    result = CliRunner().invoke(
        app, ["generate", "--limit", "40", "--per-title", "6", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["per_category"]["shouting"] > 0

    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-NOT-A-REAL-KEY-0123456789abcdef")
    reply = json.dumps(
        {"results": [{"id": "1", "variants": [{"title": "COOK ASAP", "category": "shouting"}]}]}
    )
    record = next(r for r in corpus if r.title == "Line Cook")
    summary = generate_synthetic(
        [record],
        output=tmp_path / "llm.csv",
        backend="llm",
        llm=LLMSettings(model="openai/gpt-4o-mini", retries=0, timeout=5),
        mock_response=reply,
        progress=False,
    )
    assert summary.rows_written == 1 and summary.per_category["shouting"] == 1
    assert not summary.dropped


def test_category_modules_are_checked(add_rules_module):
    add_rules_module("broken", 'CATEGORY = "broken"\nDESCRIPTION = "no operations."\n')
    with pytest.raises(ValueError, match=r"rules\.broken: OPERATIONS"):
        category_rules()


def test_two_modules_cannot_claim_one_category(add_rules_module):
    add_rules_module("seniority_again", SHOUTING.replace('"shouting"', '"seniority"'))
    with pytest.raises(ValueError, match="'seniority'"):
        category_rules()


def test_without_the_file_the_category_is_unknown_again():
    assert JitterCategory.parse("shouting") is None and "shouting" not in category_rules()
