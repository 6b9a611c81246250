"""One definition of the JSON shapes: the API answers exactly what the CLI's ``--json`` prints
for the same query and options (search, classify, info)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app


@pytest.fixture
def cli(small_home, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_HOME", str(small_home))

    def run(*args: str) -> dict:
        result = CliRunner().invoke(app, [*args, "--json"], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return json.loads(result.stdout)

    return run


@pytest.mark.parametrize(
    ("args", "body"),
    [
        (["sr software engineer - remote"], {}),
        (["icu nurse nights", "--group", "29", "--limit", "5"], {"group": "29", "limit": 5}),
        (["nurse", "--model", "base", "--threshold", "0.5"], {"model": "base", "threshold": 0.5}),
        (["nurse", "--code", "29-1141.00", "--hybrid"], {"code": "29-1141.00", "hybrid": True}),
    ],
)
def test_search_json_is_the_cli_json(client, cli, args, body):
    reply = client.post("/search", json={"query": args[0], **body})
    assert reply.status_code == 200, reply.text
    assert reply.json() == cli("search", *args)


def test_classify_json_is_the_cli_json(client, cli):
    options = {"top_k": 3, "abstain_below": 0.3}
    reply = client.post("/classify", json={"title": "Sr. SWE II (Backend)", **options})
    expected = cli("classify", "Sr. SWE II (Backend)", "--top-k", "3", "--abstain-below", "0.3")
    assert reply.json() == expected
    batch = client.post("/classify", json={"titles": ["Sr. SWE II (Backend)"], **options})
    assert batch.json() == {"results": [expected]}


def test_info_json_is_the_cli_json(client, cli):
    assert client.get("/info").json() == cli("info")


def test_errors_have_the_cli_shape_and_message(client, small_home, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_HOME", str(small_home))
    result = CliRunner().invoke(app, ["search", "nurse", "--code", "15-12", "--json"])
    assert result.exit_code == 2
    assert client.post("/search", json={"query": "nurse", "code": "15-12"}).json() == json.loads(
        result.stderr
    )
