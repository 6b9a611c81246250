"""Hybrid search: dense and lexical candidates fused by reciprocal rank, the same on each engine."""

from __future__ import annotations

import pytest
from store_data import EXACT, POINTS, QUERIES

from titlesearch.errors import InvalidInputError
from titlesearch.store.base import TitleFilter, TitleStore, prefetch_depth
from titlesearch.store.lexical import RRF_K, lexical_queries

WORDS_ASKED = ["barista", "night clinic", "senior welder", "Registered Nurses apprentice"]


def _hybrid(store: TitleStore, using: str = "base", **kwargs):
    queries = QUERIES[: len(WORDS_ASKED)]
    return store.search(
        using, queries, lexical=lexical_queries(WORDS_ASKED), params=EXACT, **kwargs
    )


def test_hybrid_search_agrees_between_engines(built: dict[str, TitleStore]) -> None:
    """Equal BM25 scores are common among short titles and each engine orders such ties by its
    own internal offsets, so the fused lists agree as sets (mostly) and on the winners that are
    clear on both engines, not position by position (a tie broken differently moves a title's
    lexical rank, and with it its fused score, on one engine only)."""
    cases = [
        {"limit": 10},
        {"limit": 25, "title_filter": TitleFilter(major_group="29")},
        {"limit": 5, "title_filter": TitleFilter(source="onet_alternate"), "threshold": 0.2},
    ]
    for kwargs in cases:
        for using in ("base", "tuned"):
            edge, memory = (_hybrid(built[e], using, **kwargs) for e in ("edge", "memory"))
            for a, b in zip(edge, memory, strict=True):
                assert len(a) == len(b) > 0
                shared = {h.id for h in a} & {h.id for h in b}
                assert len(shared) >= 0.6 * len(a)
                if a[0].score > a[1].score + 0.05 and b[0].score > b[1].score + 0.05:
                    assert a[0].id == b[0].id


def test_a_lexical_match_is_lifted_into_the_results(loaded: TitleStore) -> None:
    dense = loaded.search("base", QUERIES[:1], limit=10, params=EXACT)[0]
    fused = _hybrid(loaded, limit=10)[0]
    # "barista" is in every 11th title; dense search (random vectors) ignores the words.
    assert sum("barista" in h.payload["title"] for h in dense) < 5
    assert sum("barista" in h.payload["title"] for h in fused) >= 5
    # Fused scores are reciprocal-rank sums: at most one full share per list.
    assert all(0 < h.score <= 2 / RRF_K for h in fused)
    assert [h.score for h in fused] == sorted((h.score for h in fused), reverse=True)


def test_filter_and_threshold_hold_on_both_sides(loaded: TitleStore) -> None:
    nurses = TitleFilter(onet_code="29-1141.00")
    for hits in _hybrid(loaded, limit=30, title_filter=nurses):
        assert hits and all(h.payload["onet_code"] == "29-1141.00" for h in hits)
    # The cosine threshold prunes the dense side only; lexical matches still come through.
    strict = _hybrid(loaded, limit=10, threshold=0.99)[0]
    assert strict and all("barista" in h.payload["title"] for h in strict)


def test_bad_hybrid_queries_are_refused(loaded: TitleStore) -> None:
    with pytest.raises(InvalidInputError, match="one lexical query per vector"):
        loaded.search("base", QUERIES[:3], lexical=lexical_queries(["nurse"]))
    assert loaded.search("base", [], lexical=[]) == []
    assert prefetch_depth(10) == 50 and prefetch_depth(100) == 200


def test_lexical_vectors_are_not_read_back(loaded: TitleStore) -> None:
    record = loaded.retrieve([POINTS[1].id], with_vectors=True)[0]
    assert set(record.vectors) == {"base", "tuned"}
