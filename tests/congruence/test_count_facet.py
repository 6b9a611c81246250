"""Counting points (by filter, by vector) and faceting keyword fields."""

from __future__ import annotations

from collections import Counter

import pytest
from comparator import compare_engines
from store_data import EXACT, N_POINTS, POINTS, QUERIES

from titlesearch.errors import InvalidInputError
from titlesearch.store.base import TitleFilter, TitleStore


def test_has_vector_counts_and_tuned_search(loaded: TitleStore) -> None:
    with_tuned = {p.id for p in POINTS if "tuned" in p.vectors}
    assert loaded.count() == N_POINTS
    assert loaded.count(has_vector="base") == N_POINTS
    assert loaded.count(has_vector="tuned") == len(with_tuned) == N_POINTS * 4 // 5
    filtered = loaded.count(has_vector="tuned", title_filter=TitleFilter(major_group="29"))
    assert filtered == sum(p.id in with_tuned and p.payload["major_group"] == "29" for p in POINTS)
    hits = loaded.search("tuned", QUERIES[:3], limit=N_POINTS, params=EXACT)
    assert all({h.id for h in per_query} == with_tuned for per_query in hits)


def test_counts_are_congruent(built: dict[str, TitleStore]) -> None:
    for kwargs in (
        {},
        {"has_vector": "tuned"},
        {"title_filter": TitleFilter(major_group="15")},
        {"title_filter": TitleFilter(soc_code="43-4051", source="onet_alternate")},
        {"has_vector": "base", "title_filter": TitleFilter(onet_code="29-1141.00")},
    ):
        compare_engines(built, lambda s, k=kwargs: s.count(**k))


def test_facets_are_congruent(built: dict[str, TitleStore]) -> None:
    for key in ("onet_code", "soc_code", "major_group", "source"):
        assert compare_engines(built, lambda s, k=key: s.facet(k))


def test_facet_counts(loaded: TitleStore) -> None:
    for key in ("major_group", "onet_code", "source"):
        assert loaded.facet(key) == dict(Counter(p.payload[key] for p in POINTS))
    with pytest.raises(InvalidInputError, match="indexed"):
        loaded.facet("title")
