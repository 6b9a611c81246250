"""Hybrid search through the CLI on a real Edge index: fused order, dense-scale scores, errors."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app


@pytest.fixture
def home(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("TITLESEARCH_HOME", str(small_home))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    monkeypatch.delenv("TITLESEARCH_SEARCH_HYBRID", raising=False)
    return small_home


def _search(*args: str) -> dict:
    result = CliRunner().invoke(app, ["search", *args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _rare_word_title(small_corpus) -> tuple[str, str]:
    """A title holding a word whose BM25 token (after stemming) no other title has."""
    from titlesearch.store.lexical import lexical_queries

    tokens = lexical_queries([r.title for r in small_corpus])
    counts = Counter(i for t in tokens for i in t.indices)
    for record in small_corpus[200:]:
        for word in re.findall(r"[a-z]{6,}", record.title.lower()):
            (token,) = lexical_queries([word])[0].indices or (None,)
            if counts[token] == 1:
                return record.title, word
    raise AssertionError("no rare word in the small corpus")


def test_hybrid_lifts_the_keyword_match_and_keeps_the_dense_scale(home, small_corpus):
    title, word = _rare_word_title(small_corpus)
    query = f"{word} specialist"
    dense = _search(query, "--model", "base", "--limit", "10")
    fused = _search(query, "--model", "base", "--limit", "10", "--hybrid")
    assert fused["hybrid"] is True and dense["hybrid"] is False
    fused_titles = [h["title"] for h in fused["results"]["base"]]
    assert title in fused_titles[:3]
    # Scores are the dense similarities of the same ranks: one scale for both modes.
    dense_scores = [h["score"] for h in dense["results"]["base"]]
    assert [h["score"] for h in fused["results"]["base"]] == pytest.approx(dense_scores)


def test_the_setting_turns_it_on_and_dense_turns_it_off(home, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_SEARCH_HYBRID", "true")
    assert _search("registered nurse", "--model", "base")["hybrid"] is True
    assert _search("registered nurse", "--model", "base", "--dense")["hybrid"] is False


def test_threshold_keeps_as_many_hits_as_the_dense_search(home):
    dense = _search("staff nurse", "--model", "base", "--threshold", "0.6", "--limit", "50")
    fused = _search(
        "staff nurse", "--model", "base", "--threshold", "0.6", "--limit", "50", "--hybrid"
    )
    assert len(fused["results"]["base"]) == len(dense["results"]["base"]) > 0
    assert all(h["score"] >= 0.6 for h in fused["results"]["base"])


def test_classify_and_filters_work_hybrid(home):
    result = CliRunner().invoke(
        app, ["classify", "ICU staff nurse", "--hybrid", "--json"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["alternatives"][0]["onet_code"].startswith("29-1141")
    hits = _search("nurse", "--model", "base", "--group", "29", "--hybrid")["results"]["base"]
    assert hits and all(h["onet_code"].startswith("29-") for h in hits)


def test_an_index_without_lexical_vectors_says_how_to_fix_it(
    tmp_path, base_encoder, small_corpus, monkeypatch
):
    from titlesearch.ingest.build import build_index
    from titlesearch.store.edge import EdgeStore

    with EdgeStore(tmp_path / "index", "job_titles") as store:
        summary = build_index(store, small_corpus[:300], base_encoder, None, progress=False)
        old = store.read_manifest().model_copy(update={"lexical": None})
        store.write_manifest(summary.version, old)
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    result = CliRunner().invoke(app, ["search", "nurse", "--model", "base", "--hybrid"])
    assert result.exit_code == 2
    assert "no lexical vectors" in result.output and "titlesearch ingest" in result.output
    assert "Traceback" not in result.output


def test_equal_fused_scores_come_back_in_one_order_whatever_the_engine_gave():
    """RRF ties (ranks 3 + 5 and 5 + 3) arrive in an order that varies between processes."""
    from titlesearch.search.hybrid import on_dense_scale
    from titlesearch.store.base import Hit

    fused = [Hit("b", 0.3, {}), Hit("c", 0.2, {}), Hit("a", 0.2, {}), Hit("d", 0.1, {})]
    dense = [Hit(i, s, {}) for i, s in (("x", 0.9), ("y", 0.8), ("z", 0.7))]
    for order in (fused, [fused[0], fused[2], fused[1], fused[3]]):
        shown = on_dense_scale(order, dense)
        assert [(h.id, h.score) for h in shown] == [("b", 0.9), ("a", 0.8), ("c", 0.7)]
