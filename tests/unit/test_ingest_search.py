"""Ingest and search on a small real index (real MiniLM, real embedded Qdrant Edge)."""

from __future__ import annotations

import pytest

from titlesearch.errors import IndexMissingError, InvalidInputError, ModelMismatchError
from titlesearch.ingest.build import build_index
from titlesearch.ingest.corpus import record_id
from titlesearch.search.by_vector import similar
from titlesearch.search.models import ModelLoader
from titlesearch.search.query import make_filter
from titlesearch.search.service import SearchService
from titlesearch.store.edge import EdgeStore


@pytest.fixture()
def service(small_home, base_encoder):
    store = EdgeStore(small_home / "index", "job_titles")
    yield SearchService(store, base_encoder, None, store.read_manifest(), abstain_below=0.35)
    store.close()


def test_manifest_records_models_and_corpus(service, small_corpus, quick_model):
    manifest = service.manifest
    assert manifest.status == "ready"
    assert manifest.vectors["base"].sha256 == quick_model.sha256
    assert manifest.dims == {"base": 384}
    assert manifest.corpus.points == len(small_corpus)
    assert service.store.count() == len(small_corpus)


def test_search_ranks_the_obvious_occupation_first(service):
    result = service.search("sr software engineer - remote", model="base", limit=5)
    top = result.results["base"][0]
    assert top.payload["onet_code"].startswith("15-")
    scores = [h.score for h in result.results["base"]]
    assert scores == sorted(scores, reverse=True)
    assert set(top.payload) >= {
        "title",
        "onet_code",
        "onet_title",
        "soc_code",
        "major_group",
        "source",
    }


def test_filters_threshold_and_limit(service):
    by_group = service.search("nurse", model="base", title_filter=make_filter(group="15"), limit=7)
    assert len(by_group.results["base"]) == 7
    assert all(h.payload["major_group"] == "15" for h in by_group.results["base"])
    by_code = service.search("nurse", model="base", title_filter=make_filter(code="29-1141.00"))
    assert {h.payload["onet_code"] for h in by_code.results["base"]} == {"29-1141.00"}
    strict = service.search("registered nurse", model="base", threshold=0.6, limit=50)
    assert all(h.score >= 0.6 for h in strict.results["base"])
    assert service.search("registered nurse", model="base", threshold=0.9999).results["base"] == []


def test_tuned_requested_without_tuned_vectors(service):
    with pytest.raises(InvalidInputError, match="no tuned model"):
        service.search("nurse", model="tuned")


def test_classify_batch_keeps_order_and_abstains_on_empty(service):
    results = service.classify(["Registered Nurse - ICU nights", "   ", "Java developer"])
    assert results[0].alternatives[0].onet_code.startswith("29-1141")
    assert results[1].abstain and results[1].level == "none"
    assert results[2].alternatives[0].onet_code.startswith("15-")


def test_classify_in_two_halves_and_stale_vectors_are_made_again(service):
    """Encoding and querying apart (as batch coding runs them) answer as classify does; vectors
    made by a model the pinned version no longer uses (a reindex in between) are not searched
    with: the chunk is encoded again."""
    from dataclasses import replace

    titles = ["Registered Nurse - ICU nights", "", "Sr Java Developer"]
    encoded = service.encode_titles(titles, model="base")
    assert encoded.texts[1] is None and len(encoded.vectors) == len(encoded.queries) > 2
    fresh = [c.as_row() for c in service.classify_encoded(encoded)]
    assert fresh == [c.as_row() for c in service.classify(titles)]
    stale = replace(encoded, vectors=encoded.vectors[::-1].copy(), fingerprint="old-model")
    assert [c.as_row() for c in service.classify_encoded(stale)] == fresh


def test_a_batch_encodes_and_searches_each_distinct_text_once(service):
    """Repeated titles, and a title that is another's normalised form, are encoded and searched
    once; every row still gets the answer it gets alone."""
    titles = ["Sr. SWE", "Sr. SWE", "senior software engineer", "Barista", "Sr. SWE"]
    encoded = service.encode_titles(titles, model="base")
    assert encoded.queries == ["Sr. SWE", "senior software engineer", "Barista"]
    assert len(encoded.vectors) == 3 and encoded.slots == [0, 0, 1, 2, 0, 1, 1, 1]
    alone = [service.classify([t])[0].as_row() for t in titles]
    assert [c.as_row() for c in service.classify_encoded(encoded)] == alone


def test_similar_leaves_the_title_out(service, small_corpus):
    nurse = next(r for r in small_corpus if r.onet_code == "29-1141.00")
    hits = similar(service, record_id(nurse), model="base", limit=5)
    assert len(hits) == 5 and record_id(nurse) not in {h.id for h in hits}


def test_reingest_is_a_no_op_and_resume_completes(tmp_path, base_encoder, small_corpus):
    records = small_corpus[:120]
    with EdgeStore(tmp_path / "index", "job_titles") as store:
        first = build_index(store, records, base_encoder, None, progress=False)
        again = build_index(store, records, base_encoder, None, progress=False)
        assert first.status == "built" and again.status == "up-to-date"
        assert store.count() == 120
        # a build that stopped half-way: the version exists with only some points
        more = small_corpus[:200]
        from titlesearch.ingest.build import make_manifest, version_name
        from titlesearch.ingest.corpus import corpus_hash, to_point

        version = version_name(corpus_hash(more), base_encoder, None)
        store.create_version(version, {"base": 384})
        store.write_manifest(
            version, make_manifest("job_titles", version, more, "x", {"base": base_encoder})
        )
        half = more[:90]
        vectors = base_encoder.encode([r.title for r in half])
        store.upsert(
            version, [to_point(r, {"base": v.tolist()}) for r, v in zip(half, vectors, strict=True)]
        )
        resumed = build_index(store, more, base_encoder, None, progress=False)
        assert resumed.status == "resumed" and resumed.skipped == 90 and resumed.written == 110
        assert store.active_version() == version and store.count() == 200
        assert len(store.existing_ids(version)) == 200


def test_model_mismatch_is_refused(tmp_path, base_encoder, small_corpus):
    with EdgeStore(tmp_path / "index", "job_titles") as store:
        build_index(store, small_corpus[:50], base_encoder, None, progress=False)
        manifest = store.read_manifest()
        manifest.vectors["base"].fingerprint = "0" * 64
        manifest.vectors["base"].name = "acme/other-model"
        with pytest.raises(ModelMismatchError, match=r"acme/other-model.*re-ingest"):
            SearchService(store, base_encoder, None, manifest)


def test_missing_index(tmp_path, models_dir):
    with EdgeStore(tmp_path / "index", "job_titles") as store, pytest.raises(IndexMissingError):
        SearchService.open(store, loader=ModelLoader(models_dir))
