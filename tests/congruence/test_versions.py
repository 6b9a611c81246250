"""Versions: create (and resume), upsert, publish (blue/green), drop, a missing index."""

from __future__ import annotations

import numpy as np
import pytest
from store_data import DIMS, N_POINTS, POINTS, QUERIES, fill, make_points

from titlesearch.errors import IndexMissingError, StoreError
from titlesearch.store.base import TitleStore


def test_create_version_resumes(store: TitleStore) -> None:
    assert store.create_version("v1", DIMS) is True
    store.upsert("v1", POINTS[:10])
    assert store.create_version("v1", DIMS) is False
    assert store.count(version="v1") == 10
    assert store.versions() == ["v1"]
    assert store.active_version() is None


def test_missing_index_says_to_ingest(store: TitleStore) -> None:
    for call in (
        lambda: store.search("base", QUERIES[:1]),
        lambda: store.count(),
        lambda: store.retrieve([POINTS[0].id]),
        lambda: store.read_manifest(),
        lambda: store.count(version="nope"),
    ):
        with pytest.raises(IndexMissingError, match="titlesearch ingest"):
            call()


def test_drop_version_refuses_active(store: TitleStore) -> None:
    fill(store, "v1", POINTS[:20])
    fill(store, "v2", POINTS[20:40], publish=False)
    with pytest.raises(StoreError, match="active"):
        store.drop_version("v1")
    store.drop_version("v2")
    assert store.versions() == ["v1"]
    store.drop_version("v2")  # already gone: nothing to do


def test_reupsert_is_idempotent(store: TitleStore) -> None:
    fill(store, "v1", POINTS[:100])
    before = {p.id: p for b in store.scroll(with_vectors=True) for p in b}
    store.upsert("v1", POINTS[:100])
    after = {p.id: p for b in store.scroll(with_vectors=True) for p in b}
    assert store.count() == 100 and after.keys() == before.keys()
    for key, point in after.items():
        assert point.payload == before[key].payload
        for name, vector in point.vectors.items():
            np.testing.assert_allclose(vector, before[key].vectors[name], atol=1e-6)


def test_blue_green_switch(store: TitleStore) -> None:
    fill(store, "v1", POINTS)
    store.create_version("v2", DIMS)
    store.upsert("v2", make_points(60, seed=3, build="v2"))
    assert store.active_version() == "v1" and store.count() == N_POINTS
    assert {h.payload["build"] for h in store.search("base", QUERIES[:5])[0]} == {"v1"}
    store.publish("v2")
    assert store.active_version() == "v2" and store.count() == 60
    assert {h.payload["build"] for h in store.search("base", QUERIES[:5])[0]} == {"v2"}
    assert store.versions() == ["v1", "v2"]
