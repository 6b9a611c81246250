"""Ids-only search and the payload cache that batch classification fills its hits from."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_data import EXACT, POINTS, QUERIES, fill, make_points, make_store

from titlesearch.search.payloads import PayloadCache
from titlesearch.store.base import Hit, TitleFilter, TitleStore


def same_hits(found: list[list[Hit]], expected: list[list[Hit]]) -> bool:
    """Same points, payloads and order; scores equal up to float32 (the in-memory engine
    computes them anew on each call)."""
    assert [[(h.id, h.payload) for h in hits] for hits in found] == [
        [(h.id, h.payload) for h in hits] for hits in expected
    ]
    scores = [h.score for hits in found for h in hits]
    return scores == pytest.approx([h.score for hits in expected for h in hits], abs=1e-6)


def test_search_without_payloads_finds_the_same_hits(loaded: TitleStore) -> None:
    options = dict(limit=30, params=EXACT, title_filter=TitleFilter(major_group="15"))
    full = loaded.search("tuned", QUERIES, **options)
    bare = loaded.search("tuned", QUERIES, with_payload=False, **options)
    assert all(h.payload == {} for hits in bare for h in hits)
    payloads = {h.id: h.payload for hits in full for h in hits}
    assert same_hits([[Hit(h.id, h.score, payloads[h.id]) for h in hits] for hits in bare], full)


def test_the_cache_gives_each_hit_its_payload(loaded: TitleStore) -> None:
    full = loaded.search("base", QUERIES, limit=30, params=EXACT)
    cache = PayloadCache()
    for _ in range(2):  # the second time every id is already known
        bare = loaded.search("base", QUERIES, limit=30, params=EXACT, with_payload=False)
        assert same_hits(cache.fill(loaded, "v1", bare), full)
    assert len(cache._payloads) == len({h.id for hits in full for h in hits})


def test_another_version_starts_the_cache_again(tmp_path: Path) -> None:
    """Versions share ids but not payloads: the cache never serves one version's to another."""
    with make_store("edge", tmp_path) as store:
        fill(store, "v1", POINTS)
        fill(store, "v2", make_points(build="v2"))
        cache = PayloadCache()
        for version in ("v1", "v2", "v1"):
            bare = store.search("base", QUERIES[:3], limit=5, version=version, with_payload=False)
            builds = {h.payload["build"] for hits in cache.fill(store, version, bare) for h in hits}
            assert builds == {version}


def test_a_full_cache_starts_again(loaded: TitleStore) -> None:
    cache = PayloadCache(max_payloads=10)
    for query in QUERIES[:4]:
        bare = loaded.search("base", [query], limit=8, params=EXACT, with_payload=False)
        filled = cache.fill(loaded, "v1", bare)
        assert [h.id for h in filled[0]] == [h.id for h in bare[0]]
        assert all(h.payload["onet_code"] for h in filled[0])
    assert len(cache._payloads) <= 10 + 8
