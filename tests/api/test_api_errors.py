"""Bad input is a 4xx with a clear message in the CLI's error shape, never a 500: malformed
JSON, wrong types, empty queries, bad codes, thresholds and limits, huge batches and bodies."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

MIN = {"query": "nurse"}
AS_JSON = {"content-type": "application/json"}
ZEROS = [0.0] * 384

# (path, JSON body or raw bytes, status, words the message holds)
BAD_SEARCHES = [
    (b'{"query": ', 400, "not valid JSON"),
    (b"", 422, "needs a JSON object body"),
    (["nurse"], 422, "valid dictionary"),
    ({}, 422, "give either a query or a vector"),
    ({"query": 5}, 422, "query: Input should be a valid string"),
    ({"query": ""}, 422, "the query is empty"),
    ({"query": " \t\n\x00 "}, 422, "the query is empty"),
    ({**MIN, "limit": "ten"}, 422, "limit: Input should be a valid integer"),
    ({**MIN, "limit": 0}, 422, "limit 0 must be between 1 and 1000"),
    ({**MIN, "limit": 5000}, 422, "limit 5000 must be between 1 and 1000"),
    ({**MIN, "threshold": 2}, 422, "threshold 2.0 is outside [-1, 1]"),
    (b'{"query": "nurse", "threshold": NaN}', 422, "threshold nan is outside [-1, 1]"),
    ({**MIN, "code": "15-12"}, 422, "invalid O*NET-SOC code '15-12'"),
    ({**MIN, "code": "15-9999.99"}, 422, "well-formed but not in O*NET 30.0"),
    ({**MIN, "soc": "1512"}, 422, "invalid SOC code"),
    ({**MIN, "group": "99"}, 422, "unknown SOC major group 99"),
    ({**MIN, "code": "15-1252.00", "group": "29"}, 422, "no title can match both"),
    ({**MIN, "model": "large"}, 422, "model 'large' must be base, tuned or both"),
    ({**MIN, "model": "tuned"}, 422, "this index has no tuned model yet"),
    ({**MIN, "limitt": 3}, 422, "limitt: Extra inputs are not permitted"),
    ({**MIN, "vector": [0.1] * 384}, 422, "give either a query or a vector"),
    ({"vector": [0.1, 0.2], "model": "base"}, 422, "query vector has 2 dimensions"),
    ({"vector": ZEROS, "model": "base"}, 422, "finite and not all zeros"),
    ({"vector": [0.1] * 384}, 422, "a raw vector belongs to one model's space"),
    ({"vector": [0.1] * 384, "model": "base", "hybrid": True}, 422, "a vector has none"),
    ({"vector": ["a"] * 384, "model": "base"}, 422, "vector.0: Input should be a valid number"),
]

BAD_CLASSIFIES = [
    ({}, 422, "give either a title or a list of titles"),
    ({"title": ""}, 422, "the query is empty"),
    ({"title": "nurse", "titles": ["nurse"]}, 422, "give either a title or a list of titles"),
    ({"titles": []}, 422, "a batch holds 1 to 1000 titles, got 0"),
    ({"titles": ["nurse"] * 1001}, 422, "a batch holds 1 to 1000 titles, got 1001"),
    ({"titles": "nurse"}, 422, "titles: Input should be a valid list"),
    ({"titles": [1, 2]}, 422, "titles.0: Input should be a valid string"),
    ({"title": "nurse", "top_k": 0}, 422, "top_k: Input should be greater than or equal to 1"),
    ({"title": "nurse", "top_k": 51}, 422, "top_k: Input should be less than or equal to 50"),
    ({"title": "nurse", "abstain_below": 1.5}, 422, "abstain_below: Input should be less"),
    ({"title": "nurse", "model": "both"}, 422, "model 'both' must be base or tuned"),
    ({"title": "nurse", "model": "tuned"}, 422, "this index has no tuned model yet"),
]


def post(client, path: str, body):
    if isinstance(body, bytes):
        return client.post(path, content=body, headers=AS_JSON)
    return client.post(path, json=body)


def assert_error(reply, status: int, needle: str) -> dict:
    assert reply.status_code == status, reply.text
    error = reply.json()["error"]
    assert set(error) == {"code", "message"}
    assert needle in error["message"], error["message"]
    return error


@pytest.mark.parametrize(("body", "status", "needle"), BAD_SEARCHES)
def test_bad_search_is_a_clear_4xx(client, body, status, needle):
    error = assert_error(post(client, "/search", body), status, needle)
    assert error["code"] == "invalid_input"


@pytest.mark.parametrize(("body", "status", "needle"), BAD_CLASSIFIES)
def test_bad_classify_is_a_clear_4xx(client, body, status, needle):
    error = assert_error(post(client, "/classify", body), status, needle)
    assert error["code"] == "invalid_input"


def test_batch_limit_is_a_setting(make_client):
    client = make_client(max_batch=3)
    assert client.post("/classify", json={"titles": ["nurse"] * 3}).status_code == 200
    assert_error(client.post("/classify", json={"titles": ["a"] * 4}), 422, "1 to 3 titles")


@pytest.mark.parametrize(
    ("code", "status", "needle"),
    [
        ("15-1252", 422, "expected NN-NNNN.NN"),
        ("abc", 422, "invalid O*NET-SOC code 'abc'"),
        ("99-1111.00", 422, "unknown SOC major group 99"),
        ("15-9999.99", 404, "well-formed but not in O*NET 30.0"),
    ],
)
def test_bad_occupation_code(client, code, status, needle):
    assert_error(client.get(f"/occupations/{code}"), status, needle)


def test_body_over_the_limit_is_413(make_client):
    client = make_client(max_body_bytes=1024)
    big = {"titles": ["registered nurse"] * 100}  # about 2 kB
    error = assert_error(client.post("/classify", json=big), 413, "over 1,024 bytes")
    assert error["code"] == "content_too_large"
    chunks = iter([json.dumps(big).encode()[i : i + 100] for i in range(0, 2100, 100)])
    streamed = client.post("/classify", content=chunks, headers=AS_JSON)
    assert_error(streamed, 413, "TITLESEARCH_API_MAX_BODY_BYTES")
    assert client.post("/classify", json={"titles": ["nurse"] * 10}).status_code == 200


def test_unknown_path_and_method(client):
    assert assert_error(client.get("/nope"), 404, "see /docs")["code"] == "not_found"
    error = assert_error(client.get("/search"), 405, "GET is not allowed on /search")
    assert error["code"] == "method_not_allowed"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)
FIELDS = ["query", "title", "titles", "vector", "model", "code", "soc", "group", "threshold"]
FIELDS += ["limit", "top_k", "abstain_below", "hybrid"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    path=st.sampled_from(["/search", "/classify"]),
    body=st.dictionaries(st.sampled_from(FIELDS), JSON_VALUES, max_size=4) | JSON_VALUES,
)
def test_no_body_gives_a_500(client, path, body):
    reply = client.post(path, content=json.dumps(body), headers=AS_JSON)
    assert reply.status_code < 500, (body, reply.text)
    if reply.status_code >= 400:
        assert reply.json()["error"]["message"]
