"""The optional API key: without one configured everything is open; with one, data endpoints
need it in X-API-Key (401 missing, 403 wrong), /health and the docs do not, and the key never
shows in an answer. The setting refuses a key no header could carry."""

from __future__ import annotations

import pytest

from titlesearch.api.settings import load_api_settings
from titlesearch.errors import InvalidInputError

KEY = "ts-api-7c1e9b3f5a2d4e6f"
REQUESTS = [
    ("get", "/info", None),
    ("post", "/search", {"query": "nurse"}),
    ("post", "/classify", {"title": "nurse"}),
    ("get", "/occupations/15-1252.00", None),
]


def call(client, method: str, path: str, body, headers: dict | None = None):
    return client.request(method, path, json=body, headers=headers or {})


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_key_missing_wrong_right(make_client, method, path, body):
    client = make_client(key=KEY)
    missing = call(client, method, path, body)
    assert missing.status_code == 401
    assert missing.json()["error"]["code"] == "unauthorized"
    assert "X-API-Key" in missing.json()["error"]["message"]
    wrong = call(client, method, path, body, {"X-API-Key": KEY[:-1] + "x"})
    assert wrong.status_code == 403
    assert wrong.json()["error"]["code"] == "forbidden"
    right = call(client, method, path, body, {"X-API-Key": KEY})
    assert right.status_code == 200, right.text
    for reply in (missing, wrong, right):
        assert KEY not in reply.text and KEY[:-1] not in reply.text


@pytest.mark.parametrize(("method", "path", "body"), REQUESTS)
def test_no_key_configured_means_open(client, method, path, body):
    assert call(client, method, path, body).status_code == 200


def test_health_and_docs_need_no_key(make_client):
    client = make_client(key=KEY)
    for path in ("/health", "/docs", "/openapi.json"):
        assert client.get(path).status_code == 200, path


def test_bad_input_is_checked_after_the_key(make_client):
    client = make_client(key=KEY)
    assert client.post("/search", json={"query": ""}).status_code == 401


def test_key_from_the_environment(monkeypatch):
    monkeypatch.setenv("TITLESEARCH_API_KEY", KEY)
    settings = load_api_settings()
    assert settings.key is not None and settings.key.get_secret_value() == KEY
    assert KEY not in repr(settings) and KEY not in str(settings)
    monkeypatch.setenv("TITLESEARCH_API_KEY", "")
    assert load_api_settings().key is None  # compose's `KEY=` means no key


@pytest.mark.parametrize("bad", [KEY + "\r", "key with spaces", "clé-secrète"])
def test_key_a_header_cannot_carry_is_refused_without_showing_it(monkeypatch, bad):
    monkeypatch.setenv("TITLESEARCH_API_KEY", bad)
    with pytest.raises(InvalidInputError, match="TITLESEARCH_API_KEY") as caught:
        load_api_settings()
    assert bad.strip() not in str(caught.value)
