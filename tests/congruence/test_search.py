"""Nearest-neighbour search: filters, threshold, limit, bad vectors, exact and HNSW."""

from __future__ import annotations

from pathlib import Path

import pytest
from comparator import compare_engines
from store_data import EXACT, N_POINTS, POINTS, QUERIES, fill

from titlesearch.errors import InvalidInputError
from titlesearch.store.base import QueryParams, TitleFilter, TitleStore
from titlesearch.store.edge import EdgeStore


def test_filters_on_each_field(loaded: TitleStore) -> None:
    for key in ("onet_code", "soc_code", "major_group", "source"):
        value = POINTS[3].payload[key]
        title_filter = TitleFilter(**{key: value})
        expected = sum(p.payload[key] == value for p in POINTS)
        assert loaded.count(title_filter=title_filter) == expected
        for hits in loaded.search("base", QUERIES[:5], title_filter=title_filter, limit=20):
            assert hits and all(h.payload[key] == value for h in hits)
    both = TitleFilter(major_group="15", source="onet_occupation")
    hits = loaded.search("tuned", QUERIES[:1], title_filter=both, limit=50, params=EXACT)[0]
    assert hits and all(h.payload["major_group"] == "15" for h in hits)
    assert all(h.payload["source"] == "onet_occupation" for h in hits)


def test_threshold_and_limit(loaded: TitleStore) -> None:
    unlimited = loaded.search("base", QUERIES[:3], limit=N_POINTS, params=EXACT)
    assert [len(h) for h in unlimited] == [N_POINTS] * 3
    for hits in loaded.search("base", QUERIES[:3], limit=7):
        assert len(hits) == 7
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    thresholded = loaded.search("base", QUERIES[:3], limit=N_POINTS, threshold=0.5, params=EXACT)
    for full, hits in zip(unlimited, thresholded, strict=True):
        assert all(h.score >= 0.5 for h in hits)
        assert len(hits) == sum(h.score >= 0.5 for h in full) < N_POINTS


def test_bad_vector_name_or_size(loaded: TitleStore) -> None:
    with pytest.raises(InvalidInputError, match=r"no 'other' vectors \(available: base, tuned\)"):
        loaded.search("other", QUERIES[:1])
    with pytest.raises(InvalidInputError, match="3 dimensions"):
        loaded.search("base", [[0.1, 0.2, 0.3]])
    with pytest.raises(InvalidInputError, match="limit"):
        loaded.search("base", QUERIES[:1], limit=0)
    assert loaded.search("base", []) == []


def test_exact_search_is_congruent(built: dict[str, TitleStore]) -> None:
    cases = [
        ("base", None, None),
        ("tuned", None, None),
        ("base", TitleFilter(onet_code="15-1252.00"), None),
        ("tuned", TitleFilter(major_group="29"), 0.1),
        ("base", TitleFilter(soc_code="43-4051", source="onet_alternate"), None),
        ("tuned", None, 0.45),
    ]
    for using, title_filter, threshold in cases:
        kwargs = {"title_filter": title_filter, "threshold": threshold, "params": EXACT}
        hits = compare_engines(
            built, lambda s, u=using, k=kwargs: s.search(u, QUERIES, limit=15, **k)
        )
        assert len(hits) == len(QUERIES) and any(hits)


def test_hnsw_after_publish_agrees_on_top1(tmp_path: Path, built: dict[str, TitleStore]) -> None:
    # Thresholds of 1 KB make Edge build and use HNSW even for 500 small points.
    with EdgeStore(tmp_path / "hnsw", indexing_threshold_kb=1, full_scan_threshold_kb=1) as edge:
        fill(edge, "v1", POINTS)
        with edge._using(None) as handle:  # make sure the graph exists, or this proves nothing
            assert handle.shard.info().indexed_vectors_count > 0
        for using in ("base", "tuned"):
            approx = edge.search(using, QUERIES, limit=5, params=QueryParams(hnsw_ef=64))
            exact = built["memory"].search(using, QUERIES, limit=5, params=EXACT)
            agree = sum(a[0].id == b[0].id for a, b in zip(approx, exact, strict=True))
            assert agree >= 0.9 * len(QUERIES)
