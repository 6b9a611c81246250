"""The typed manifest stored with each version: round trip, damaged, newer format."""

from __future__ import annotations

import pytest
from store_data import DIMS, sample_manifest

from titlesearch.errors import StoreError
from titlesearch.store.base import TitleStore


def test_manifest_round_trip(store: TitleStore) -> None:
    store.create_version("v1", DIMS)
    assert store.read_manifest("v1") is None
    store.write_manifest("v1", sample_manifest("v1", "building"))
    manifest = sample_manifest("v1")
    store.write_manifest("v1", manifest)
    assert store.read_manifest("v1") == manifest
    store.publish("v1")
    assert store.read_manifest() == manifest
    assert store.read_manifest().dims == DIMS


def test_incomplete_or_newer_manifest_is_refused(store: TitleStore) -> None:
    store.create_version("v1", DIMS)
    store._write_manifest_data("v1", {"status": "ready"})  # a gutted manifest (fault injection)
    with pytest.raises(StoreError, match=r"incomplete.*titlesearch ingest"):
        store.read_manifest("v1")
    store._write_manifest_data("v1", {**sample_manifest("v1").to_data(), "format": 99})
    with pytest.raises(StoreError, match="upgrade titlesearch"):
        store.read_manifest("v1")
