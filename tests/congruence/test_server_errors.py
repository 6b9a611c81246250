"""The server adapter's connection errors, and the factory that picks an engine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from store_data import QUERIES

from titlesearch.config import HomeSettings, QdrantSettings
from titlesearch.errors import StoreError
from titlesearch.store import open_store
from titlesearch.store.edge import EdgeStore
from titlesearch.store.server import ServerStore


@pytest.mark.filterwarnings("ignore:Api key is used with an insecure connection")
def test_unreachable_server_fails_fast_without_leaking_the_key() -> None:
    url, key = "http://127.0.0.1:1", "s3cr3t-api-key-never-shown"
    store = ServerStore(url, api_key=key, timeout=2)
    started = time.monotonic()
    with pytest.raises(StoreError) as caught:
        store.search("base", QUERIES[:1])
    assert time.monotonic() - started < 5
    message = str(caught.value)
    assert url in message and "docker compose up qdrant" in message
    for text in (message, repr(caught.value), repr(store), str(vars(store))):
        assert key not in text
    store.close()


def test_open_store_picks_the_engine(tmp_path: Path) -> None:
    home = HomeSettings(home=tmp_path)
    edge = open_store(QdrantSettings(), home)
    assert isinstance(edge, EdgeStore) and edge.root == home.index_dir / "job_titles"
    server = open_store(QdrantSettings(url=":memory:", collection="titles"), home)
    assert isinstance(server, ServerStore) and server.collection == "titles"
    edge.close()
    server.close()
