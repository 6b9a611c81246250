"""An API started before its index exists answers 503 with the reason (bad input still gets
its 4xx), and serves once an ingest publishes, without a restart. Many concurrent requests on
one shared service get the answers they would get one at a time."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from fastapi.testclient import TestClient

from titlesearch.api.app import create_app
from titlesearch.api.settings import ApiSettings
from titlesearch.api.slot import ServiceSlot


def test_no_index_yet_then_one_is_published(tmp_path, settings_of, base_encoder, small_corpus):
    from titlesearch.ingest.build import build_index
    from titlesearch.store.edge import EdgeStore

    home = tmp_path / "home"
    slot = ServiceSlot(settings_of(home), retry_every=0)
    with TestClient(create_app(slot, ApiSettings())) as client:
        for reply in (
            client.get("/health"),
            client.get("/info"),
            client.post("/search", json={"query": "nurse"}),
            client.post("/classify", json={"title": "nurse"}),
        ):
            assert reply.status_code == 503, reply.text
            assert reply.json()["error"]["code"] == "index_missing"
            assert "titlesearch ingest" in reply.json()["error"]["message"]
        assert client.post("/search", json={"query": ""}).status_code == 422
        assert client.get("/occupations/15-1252.00").status_code == 200  # needs no index

        with EdgeStore(home / "index", "job_titles") as store:
            build_index(store, small_corpus[:40], base_encoder, None, progress=False)
        assert client.get("/health").status_code == 200
        found = client.post("/search", json={"query": "software developer", "limit": 3})
        assert found.status_code == 200 and len(found.json()["results"]["base"]) == 3


def test_concurrent_requests_get_their_own_answers(client):
    queries = ["registered nurse", "barista", "software developer", "truck driver", "cashier"]
    requests = [("/search", {"query": q, "limit": 5}) for q in queries]
    requests += [("/classify", {"titles": queries, "top_k": 3, "abstain_below": 0.0})]
    requests += [("/classify", {"title": q, "abstain_below": 0.9}) for q in queries]
    alone = [client.post(path, json=body).json() for path, body in requests]
    with ThreadPoolExecutor(max_workers=6) as pool:
        together = list(pool.map(lambda r: client.post(r[0], json=r[1]).json(), requests * 3))
    assert together == alone * 3
