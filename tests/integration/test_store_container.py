"""ServerStore against a real Qdrant server: the congruence checks, alias swaps, API keys.

The data, queries and helpers are the unit congruence suite's own (loaded from its file), so
the server is held to exactly what EdgeStore and qdrant-client's local mode are held to.
"""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from titlesearch.errors import IndexMissingError, InvalidInputError, StoreError
from titlesearch.store.base import QueryParams, TitleFilter
from titlesearch.store.server import ServerStore

pytestmark = pytest.mark.integration


def _load_contract():
    path = Path(__file__).parents[1] / "congruence" / "store_data.py"
    spec = importlib.util.spec_from_file_location("_store_contract", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


contract = _load_contract()
EXACT = QueryParams(exact=True)


def _collection() -> str:
    return f"it_{uuid.uuid4().hex[:10]}"  # tests share one container: never one collection


@pytest.fixture
def server(qdrant_url: str) -> Iterator[ServerStore]:
    with ServerStore(qdrant_url, collection=_collection(), timeout=10) as store:
        yield store


@pytest.fixture(scope="module")
def reference() -> Iterator[ServerStore]:
    """qdrant-client local mode holding the contract points: the exact answers."""
    with ServerStore(":memory:") as store:
        contract.fill(store, "v1", contract.POINTS)
        yield store


def test_exact_search_matches_local_mode(server: ServerStore, reference: ServerStore) -> None:
    contract.fill(server, "v1", contract.POINTS)
    for using, title_filter, threshold in [
        ("base", None, None),
        ("tuned", TitleFilter(major_group="29"), 0.1),
        ("base", TitleFilter(onet_code="15-1252.00"), None),
    ]:
        kwargs = {"title_filter": title_filter, "threshold": threshold, "params": EXACT}
        left = server.search(using, contract.QUERIES, limit=15, **kwargs)
        right = reference.search(using, contract.QUERIES, limit=15, **kwargs)
        for a, b in zip(left, right, strict=True):
            assert [h.id for h in a] == [h.id for h in b]
            np.testing.assert_allclose([h.score for h in a], [h.score for h in b], atol=1e-4)
    approx = server.search("base", contract.QUERIES, limit=1)
    exact = reference.search("base", contract.QUERIES, limit=1, params=EXACT)
    assert sum(a[0].id == b[0].id for a, b in zip(approx, exact, strict=True)) >= 0.9 * len(exact)
    for key in ("onet_code", "major_group", "source"):
        assert server.facet(key) == reference.facet(key)
    assert server.count(has_vector="tuned") == reference.count(has_vector="tuned")
    ids = [p.id for p in contract.POINTS[:3]]
    assert server.retrieve(ids) == reference.retrieve(ids)
    assert [p.id for b in server.scroll() for p in b] == [
        p.id for b in reference.scroll() for p in b
    ]


def test_versions_alias_swap_and_manifest(server: ServerStore) -> None:
    with pytest.raises(IndexMissingError, match="titlesearch ingest"):
        server.search("base", contract.QUERIES[:1])
    contract.fill(server, "v1", contract.POINTS)
    assert server.create_version("v1", contract.DIMS) is False
    server.write_manifest("v1", contract.sample_manifest("v1"))
    assert server.read_manifest() == contract.sample_manifest("v1")
    server.create_version("v2", contract.DIMS)
    server.upsert("v2", contract.make_points(60, seed=3, build="v2"))
    assert server.count() == contract.N_POINTS  # still v1 while v2 fills
    server.publish("v2")
    assert server.active_version() == "v2" and server.count() == 60
    assert server.versions() == ["v1", "v2"]
    assert server.read_manifest() is None
    with pytest.raises(StoreError, match="active"):
        server.drop_version("v2")
    server.drop_version("v1")
    assert server.versions() == ["v2"]


def test_bad_vector_name_lists_available(server: ServerStore) -> None:
    contract.fill(server, "v1", contract.POINTS[:20])
    with pytest.raises(InvalidInputError, match=r"available: base, tuned"):
        server.search("other", contract.QUERIES[:1])


@pytest.mark.filterwarnings("ignore:Api key is used with an insecure connection")
def test_api_key_is_required_and_never_shown(secured_qdrant_url: str, qdrant_api_key: str) -> None:
    collection = _collection()
    for key in (None, "wrong-key-value"):
        with ServerStore(secured_qdrant_url, api_key=key, collection=collection) as store:
            with pytest.raises(StoreError, match="rejected the API key") as caught:
                store.versions()
            assert "TITLESEARCH_QDRANT_API_KEY" in str(caught.value)
    with ServerStore(secured_qdrant_url, api_key=qdrant_api_key, collection=collection) as store:
        contract.fill(store, "v1", contract.POINTS[:20])
        assert store.count() == 20
        assert qdrant_api_key not in repr(store) and qdrant_api_key not in str(vars(store))
