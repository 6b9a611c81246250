"""Every endpoint on the small real index: health, info, search (query and vector, filters,
threshold, limit, hybrid), classify (one, a batch, per-request threshold and top-k),
occupations, and the OpenAPI docs."""

from __future__ import annotations

from fastapi.testclient import TestClient

from titlesearch.api.app import create_app
from titlesearch.api.settings import ApiSettings
from titlesearch.api.slot import ServiceSlot


def hits(answer: dict, model: str = "base") -> list[dict]:
    return answer["results"][model]


def test_health_names_the_version_and_models(client, api_slot):
    reply = client.get("/health")
    assert reply.status_code == 200
    manifest = api_slot.get().manifest
    assert reply.json() == {"status": "ok", "index_version": manifest.version, "models": ["base"]}


def test_info_is_the_manifest_with_counts(client, small_corpus):
    info = client.get("/info").json()
    assert info["manifest"]["vectors"]["base"]["dims"] == 384
    assert info["points"] == len(small_corpus) == info["vectors"]["base"]
    assert sum(info["major_groups"].values()) == len(small_corpus)


def test_search_by_query_with_defaults(client):
    answer = client.post("/search", json={"query": "sr software engineer - remote"}).json()
    assert answer["query"] == "sr software engineer - remote" and not answer["truncated"]
    assert list(answer["results"]) == ["base"]  # "both" on a base-only index: base, as the CLI
    found = hits(answer)
    assert len(found) == 10 and found[0]["onet_code"].startswith("15-")
    assert [h["rank"] for h in found] == list(range(1, 11))
    assert {"id", "score", "title", "onet_code", "onet_title", "major_group"} <= set(found[0])


def test_search_filters_threshold_and_limit(client):
    def search(**options) -> list[dict]:
        reply = client.post("/search", json={"query": "nurse", "model": "base", **options})
        assert reply.status_code == 200, reply.text
        return hits(reply.json())

    assert {h["major_group"] for h in search(group="15", limit=7)} == {"15"}
    assert len(search(group="15", limit=7)) == 7
    assert {h["onet_code"] for h in search(code="29-1141.00")} == {"29-1141.00"}
    assert {h["soc_code"] for h in search(soc="29-1141")} == {"29-1141"}
    assert all(h["score"] >= 0.6 for h in search(query="registered nurse", threshold=0.6))
    assert search(query="night shift nurse, icu", threshold=0.9999) == []


def test_search_hybrid_on_and_off(client):
    dense = client.post("/search", json={"query": "nurse", "hybrid": False}).json()
    fused = client.post("/search", json={"query": "nurse", "hybrid": True}).json()
    assert dense["hybrid"] is False and fused["hybrid"] is True
    assert len(hits(fused)) == len(hits(dense)) == 10


def test_search_by_raw_vector(client, base_encoder):
    text = "registered nurse"
    vector = base_encoder.encode([text])[0].tolist()
    by_vector = client.post("/search", json={"vector": vector, "model": "base", "limit": 5})
    assert by_vector.status_code == 200, by_vector.text
    answer = by_vector.json()
    assert answer["query"] is None and answer["hybrid"] is False
    by_text = client.post("/search", json={"query": text, "model": "base", "limit": 5}).json()
    assert hits(answer)[0]["id"] == hits(by_text)[0]["id"]
    assert hits(answer)[0]["score"] > 0.6


def test_long_query_is_truncated_as_in_the_cli(client):
    answer = client.post("/search", json={"query": "nurse " * 200, "limit": 1}).json()
    assert answer["truncated"] is True and len(answer["query"]) <= 512


def test_classify_one_title(client):
    answer = client.post("/classify", json={"title": "ICU nurse nights"}).json()
    assert answer["query"] == "ICU nurse nights"
    assert answer["alternatives"][0]["onet_code"].startswith("29-")
    assert len(answer["alternatives"]) <= 5
    assert {"onet_code", "confidence", "major_group", "abstain", "level", "top_code"} <= set(answer)


def test_classify_a_batch_in_order_with_empty_titles_abstained(client):
    titles = ["barista", "", "software developer"]
    reply = client.post("/classify", json={"titles": titles, "top_k": 2})
    assert reply.status_code == 200, reply.text
    results = reply.json()["results"]
    assert [r["query"] for r in results] == titles
    assert results[1]["abstain"] is True and results[1]["level"] == "none"
    assert results[2]["alternatives"][0]["onet_code"].startswith("15-")
    assert all(len(r["alternatives"]) <= 2 for r in results)


def test_abstain_threshold_is_per_request(client, api_slot):
    title = {"title": "coordinator"}
    answering = client.post("/classify", json={**title, "abstain_below": 0.0}).json()
    strict = client.post("/classify", json={**title, "abstain_below": 1.0}).json()
    assert answering["level"] == "code" and not answering["abstain"]
    assert strict["level"] != "code"
    assert api_slot.get().abstain_below == 0.15  # the shared service is left as it was
    again = client.post("/classify", json=title).json()
    assert again["confidence"] == answering["confidence"]


def test_occupation_with_its_alternate_titles(client):
    reply = client.get("/occupations/15-1252.00")
    assert reply.status_code == 200
    answer = reply.json()
    assert answer["onet_title"] == "Software Developers"
    assert (answer["soc_code"], answer["major_group"]) == ("15-1252", "15")
    assert answer["major_group_name"] == "Computer and Mathematical"
    assert len(answer["alternate_titles"]) > 10
    assert len(set(answer["alternate_titles"])) == len(answer["alternate_titles"])


def test_openapi_docs(client):
    assert client.get("/docs").status_code == 200
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/health", "/info", "/search", "/classify", "/occupations/{code}"} <= set(paths)


def test_lifespan_opens_the_service_and_closes_the_store(small_home, settings_of):
    slot = ServiceSlot(settings_of(small_home))
    with TestClient(create_app(slot, ApiSettings())) as client:
        assert client.get("/health").status_code == 200
        assert slot.store is not None
    assert slot.store is None
