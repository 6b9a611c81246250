"""The LLM benchmark with litellm's own mock_response: right, junk and failing answers."""

from __future__ import annotations

import pytest

from titlesearch.errors import GenerationError
from titlesearch.evaluate.llm_bench import bench_llm, parse_code
from titlesearch.search.service import SearchService
from titlesearch.store.edge import EdgeStore

litellm = pytest.importorskip("litellm", reason="the 'llm' extra is not installed")

TITLES = ["Registered Nurse - ICU nights", "RN, Med/Surg, $45/hr", "Charge Nurse (RN)"]
CODES = ["29-1141.00"] * 3


@pytest.fixture()
def service(small_home, base_encoder):
    store = EdgeStore(small_home / "index", "job_titles")
    yield SearchService(store, base_encoder, None, store.read_manifest())
    store.close()


def test_parse_code():
    assert parse_code('{"onet_code": "29-1141.00"}') == "29-1141.00"
    assert parse_code("I think 15-1252.00 fits") == "15-1252.00"
    assert parse_code("no idea") is None
    assert parse_code(None) is None


def test_right_answers(service):
    report = bench_llm(
        service,
        TITLES,
        CODES,
        model="openai/gpt-4o-mini",
        mock_response='{"onet_code": "29-1141.00"}',
        concurrency=2,
    )
    assert report["llm"]["rerank"]["accuracy"] == 1.0
    assert report["llm"]["direct"]["accuracy"] == 1.0
    assert report["llm"]["rerank"]["failed"] == 0
    assert "base" in report["embedding"] and 0 <= report["embedding"]["base"]["accuracy"] <= 1


def test_junk_answers_are_counted_unparsed(service):
    report = bench_llm(
        service,
        TITLES,
        CODES,
        model="openai/gpt-4o-mini",
        mock_response="Sorry, I cannot help with that.",
    )
    assert report["llm"]["direct"]["unparsed"] == 3 and report["llm"]["direct"]["accuracy"] == 0


def test_timeouts_are_counted_not_fatal(service):
    timeout = litellm.Timeout(message="mock timeout", model="gpt-4o-mini", llm_provider="openai")
    report = bench_llm(
        service, TITLES, CODES, model="openai/gpt-4o-mini", mock_response=timeout, retries=0
    )
    assert report["llm"]["rerank"]["failed"] == 3 and report["llm"]["rerank"]["accuracy"] == 0


def test_no_model_is_a_clear_error(service):
    with pytest.raises(GenerationError, match="needs a model"):
        bench_llm(service, TITLES, CODES, model="")
