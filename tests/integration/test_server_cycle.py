"""Server mode end to end against a real Qdrant (pinned container, or TITLESEARCH_TEST_QDRANT_URL).

The CLI's whole cycle (ingest, search, re-ingest, reindex with an adapter, info), the shard
setting reaching the server, alias swaps under concurrent searches, API-key enforcement through
the CLI, and an ingest killed mid-upload then resumed. Each test works in collections with a
random name and drops them afterwards.
"""

from __future__ import annotations

import importlib.util
import json
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from qdrant_client import QdrantClient
from typer.testing import CliRunner

from titlesearch.ingest.corpus import build_corpus, record_id
from titlesearch.store.base import KEYWORD_INDEXES, QueryParams
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.server import ServerStore
from titlesearch.taxonomy import load_taxonomy

pytestmark = [
    pytest.mark.integration,
    pytest.mark.filterwarnings("ignore:Api key is used with an insecure connection"),
]
EXACT = QueryParams(exact=True)
CLEARED = ("TITLESEARCH_QDRANT_API_KEY", "TITLESEARCH_QDRANT_SHARD_NUMBER", "TITLESEARCH_PROFILE")


def invoke(*args: str):
    from titlesearch.cli import app

    return CliRunner().invoke(app, list(args))


def error_line(result) -> str:
    """The one ``error:`` line of a command that exited 2 (asserted)."""
    output = result.stdout + result.stderr
    assert result.exit_code == 2 and "Traceback" not in output, output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, output
    return lines[0]


def _contract():
    path = Path(__file__).parents[1] / "congruence" / "store_data.py"
    spec = importlib.util.spec_from_file_location("_store_contract_cycle", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _drop(url: str, collection: str, api_key: str | None = None) -> None:
    """Delete every physical collection of ``collection`` (its alias goes with them)."""
    client = QdrantClient(url=url, api_key=api_key, check_compatibility=False)
    try:
        for found in client.get_collections().collections:
            if found.name.startswith(f"{collection}_"):
                client.delete_collection(found.name)
    finally:
        client.close()


@pytest.fixture
def server_env(qdrant_url: str, tmp_path: Path, monkeypatch) -> Iterator[tuple[str, str, Path]]:
    """TITLESEARCH_* pointing the CLI at the server, a fresh home and a random collection."""
    collection, home = f"cycle_{uuid.uuid4().hex[:10]}", tmp_path / "home"
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TITLESEARCH_HOME", str(home))
    monkeypatch.setenv("TITLESEARCH_QDRANT_URL", qdrant_url)
    monkeypatch.setenv("TITLESEARCH_QDRANT_COLLECTION", collection)
    yield qdrant_url, collection, home
    _drop(qdrant_url, collection)


def _json(*args: str) -> dict:
    result = invoke(*args)
    assert result.exit_code == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_cli_ingest_search_reindex_cycle(server_env, adapters) -> None:
    url, collection, _ = server_env
    built = invoke("ingest", "--limit", "200", "--batch-size", "64")
    assert built.exit_code == 0 and "built:" in built.stdout, built.stderr
    hits = _json("search", "registered nurse", "--json", "--limit", "5")["results"]["base"]
    assert len(hits) == 5 and {"title", "onet_code", "soc_code", "major_group"} <= set(hits[0])
    grouped = _json("search", "nurse", "--group", "29", "--json")["results"]["base"]
    assert grouped and all(h["major_group"] == "29" for h in grouped)
    first = _json("info", "--json")
    assert first["points"] == 200 and len(first["versions"]) == 1
    assert IndexManifest.from_data(first["manifest"]).status == "ready"
    assert "up-to-date" in invoke("ingest", "--limit", "200").stdout

    reindexed = invoke("reindex", "--adapter", str(adapters[0]))
    assert reindexed.exit_code == 0 and "is live" in reindexed.stdout, reindexed.stderr
    both = _json("search", "registered nurse", "--model", "both", "--json", "--limit", "5")
    assert set(both["results"]) == {"base", "tuned"} and "overlap" in both
    after = _json("info", "--json")
    assert after["vectors"] == {"base": 200, "tuned": 200} and len(after["versions"]) == 2
    assert after["manifest"]["version"] != first["manifest"]["version"]

    client = QdrantClient(url=url, check_compatibility=False)
    try:
        aliases = {a.alias_name: a.collection_name for a in client.get_aliases().aliases}
        physical = f"{collection}_{after['manifest']['version']}"
        assert aliases[collection] == physical
        assert set(KEYWORD_INDEXES) <= set(client.get_collection(physical).payload_schema)
    finally:
        client.close()


def test_shard_number_reaches_the_server(server_env, monkeypatch) -> None:
    url, collection, _ = server_env
    monkeypatch.setenv("TITLESEARCH_QDRANT_SHARD_NUMBER", "2")
    assert invoke("ingest", "--limit", "30").exit_code == 0
    version = _json("info", "--json")["manifest"]["version"]
    client = QdrantClient(url=url, check_compatibility=False)
    try:
        assert client.get_collection(f"{collection}_{version}").config.params.shard_number == 2
    finally:
        client.close()


def test_alias_swap_under_concurrent_searches(qdrant_url: str) -> None:
    """20 swaps between two full versions while 4 threads search: every answer is one version's."""
    contract, collection = _contract(), f"swap_{uuid.uuid4().hex[:10]}"
    queries = contract.QUERIES[:8]
    try:
        with ServerStore(qdrant_url, collection=collection, timeout=10) as store:
            references = {}
            for version, seed in (("v1", 7), ("v2", 3)):
                store.create_version(version, contract.DIMS)
                store.upsert(version, contract.make_points(seed=seed, build=version))
                store.publish(version)
                hits = store.search("base", queries, limit=10, params=EXACT)
                references[version] = [[h.id for h in one] for one in hits]
            answers, failures, stop = [], [], threading.Event()

            def read(offset: int) -> None:
                turn = offset
                while not stop.is_set():
                    q = turn % len(queries)
                    try:
                        hits = store.search("base", [queries[q]], limit=10, params=EXACT)[0]
                        builds = {h.payload["build"] for h in hits}
                        answers.append((q, [h.id for h in hits], builds))
                    except Exception as exc:
                        failures.append(f"{type(exc).__name__}: {exc}")
                    turn += 1

            threads = [threading.Thread(target=read, args=(i,)) for i in range(4)]
            for thread in threads:
                thread.start()
            for swap in range(20):
                store.publish("v1" if swap % 2 else "v2")
                time.sleep(0.05)
            stop.set()
            for thread in threads:
                thread.join(timeout=60)
    finally:
        _drop(qdrant_url, collection)
    whole = [
        (ids in (references["v1"][q], references["v2"][q])) and len(builds) == 1
        for q, ids, builds in answers
    ]
    print(
        f"\nalias swaps: {len(answers) + len(failures)} searches, {len(failures)} failures, "
        f"{whole.count(False)} mixed"
    )
    assert not failures, failures[:5]
    assert all(whole) and len(answers) > 20


def test_api_key_is_enforced_through_the_cli(
    secured_qdrant_url, qdrant_api_key, tmp_path, monkeypatch
) -> None:
    collection = f"keyed_{uuid.uuid4().hex[:10]}"
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TITLESEARCH_QDRANT_URL", secured_qdrant_url)
    monkeypatch.setenv("TITLESEARCH_QDRANT_COLLECTION", collection)
    try:
        line = error_line(invoke("info"))
        assert "rejected the API key" in line and secured_qdrant_url in line
        monkeypatch.setenv("TITLESEARCH_QDRANT_API_KEY", "wrong-key-value")
        line = error_line(invoke("search", "nurse"))
        assert "rejected the API key" in line and "wrong-key-value" not in line
        monkeypatch.setenv("TITLESEARCH_QDRANT_API_KEY", qdrant_api_key)
        built = invoke("ingest", "--limit", "20")
        assert built.exit_code == 0, built.stderr
        assert _json("info", "--json")["points"] == 20
        assert qdrant_api_key not in built.stdout + built.stderr
    finally:
        _drop(secured_qdrant_url, collection, qdrant_api_key)


def test_killed_ingest_resumes_on_the_server(server_env, base_encoder) -> None:
    """SIGKILL a real ingest once the server holds 64 of its points; the rerun completes it."""
    url, collection, _ = server_env
    limit, env = 300, {**os.environ, "HF_HUB_OFFLINE": "1"}
    args = [
        sys.executable,
        "-c",
        "from titlesearch.cli import app; app()",
        "ingest",
        "--limit",
        str(limit),
        "--batch-size",
        "32",
    ]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stored, version = 0, None
    with ServerStore(url, collection=collection, timeout=10) as store:
        deadline = time.monotonic() + 240
        while proc.poll() is None and time.monotonic() < deadline and stored < 64:
            versions = store.versions()
            if versions:
                version = versions[0]
                stored = store.count(version=version)
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        assert proc.returncode == -signal.SIGKILL and version is not None
        assert store.active_version() is None and 64 <= store.count(version=version) < limit

        rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=240)
        assert rerun.returncode == 0 and "resumed:" in rerun.stdout, rerun.stderr[-2000:]
        assert store.active_version() == version
        ids = [p.id for batch in store.scroll() for p in batch]
        records = sorted(build_corpus(load_taxonomy()), key=record_id)[:limit]
        assert len(ids) == len(set(ids)) == limit
        assert sorted(ids) == sorted(record_id(r) for r in records)
        assert store.read_manifest().status == "ready"
        stored_vectors = {p.id: p.vectors["base"] for p in store.retrieve(ids, with_vectors=True)}
    got = np.array([stored_vectors[record_id(r)] for r in records], dtype=np.float32)
    np.testing.assert_allclose(got, base_encoder.encode([r.title for r in records]), atol=1e-5)
