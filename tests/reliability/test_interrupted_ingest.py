"""`titlesearch ingest` killed with SIGKILL at every stage, then rerun: nothing lost or doubled.

Each ingest is a real process (``ingest_killed_at.py`` runs the CLI's own ingest command). It is
killed after the version is created, mid-upload (from outside, when the embedding cache shows
two batches done), during the pointer swap, and - over an index that is being served - mid-upload
and right after the swap. After each kill the index on disk is inspected; after the last rerun
it must equal a clean build: the same ids exactly once, the same vectors within 1e-5, a valid
"ready" manifest, and the version published.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from harness import SERVER_VARS, invoke

from titlesearch.encoders import EmbeddingCache
from titlesearch.ingest.build import build_index, version_name
from titlesearch.ingest.corpus import build_corpus, corpus_hash, record_id
from titlesearch.store.edge import EdgeStore
from titlesearch.taxonomy import load_taxonomy

SCRIPT = Path(__file__).with_name("ingest_killed_at.py")
LIMIT, SMALLER, BATCH = 300, 200, 32
RUN_TIMEOUT_S = 240


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in SERVER_VARS}
    env.update(TITLESEARCH_HOME=str(home), HF_HUB_OFFLINE="1", TOKENIZERS_PARALLELISM="false")
    return env


def _args(point: str, limit: int) -> list[str]:
    return [sys.executable, str(SCRIPT), point, "--limit", str(limit), "--batch-size", str(BATCH)]


def _ingest(home: Path, point: str, limit: int = LIMIT) -> subprocess.CompletedProcess:
    return subprocess.run(
        _args(point, limit), env=_env(home), capture_output=True, text=True, timeout=RUN_TIMEOUT_S
    )


def _killed(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == -signal.SIGKILL, result.stdout + result.stderr


def _kill_mid_upload(home: Path, after_titles: int) -> int:
    """Start a plain ingest and SIGKILL it from outside once ``after_titles`` are encoded."""
    cache = home / "cache" / "embeddings.sqlite"
    proc = subprocess.Popen(
        _args("never", LIMIT), env=_env(home), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline, encoded = time.monotonic() + RUN_TIMEOUT_S, 0
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            if cache.is_file():
                try:
                    with sqlite3.connect(f"file:{cache}?mode=ro", uri=True, timeout=1) as db:
                        encoded = db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
                except sqlite3.Error:
                    encoded = 0
                if encoded >= after_titles:
                    proc.send_signal(signal.SIGKILL)
                    break
            time.sleep(0.01)
    finally:
        if proc.poll() is None and encoded < after_titles:
            proc.kill()
        _, err = proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")[-2000:]
    return encoded


def _state(home: Path, version: str) -> dict:
    with EdgeStore(home / "index", "job_titles") as store:
        versions = store.versions()
        state = {"active": store.active_version(), "versions": versions}
        if version in versions:
            ids = [p.id for batch in store.scroll(version) for p in batch]
            state.update(ids=ids, count=store.count(version=version))
            state["manifest"] = store.read_manifest(version)
        return state


def _records(limit: int):
    return sorted(build_corpus(load_taxonomy()), key=record_id)[:limit]


def _assert_complete(home: Path, version: str, records, base_encoder) -> None:
    """The published version equals a clean build of ``records``."""
    state = _state(home, version)
    expected = sorted(record_id(r) for r in records)
    assert state["active"] == version
    assert len(state["ids"]) == len(set(state["ids"])) == state["count"] == len(records)
    assert sorted(state["ids"]) == expected
    manifest = state["manifest"]
    assert manifest.status == "ready" and manifest.corpus.points == len(records)
    assert manifest.corpus.hash == corpus_hash(list(records))
    reference = base_encoder.encode([r.title for r in records])
    with EdgeStore(home / "index", "job_titles") as store:
        stored = {p.id: p.vectors["base"] for p in store.retrieve(expected, with_vectors=True)}
    got = np.array([stored[record_id(r)] for r in records], dtype=np.float32)
    np.testing.assert_allclose(got, reference, atol=1e-5)
    leftovers = [p.name for p in (home / "index" / "job_titles" / "versions").iterdir()]
    assert not [name for name in leftovers if name.endswith(".staging")]


def _nothing_published(home: Path) -> None:
    result = invoke("search", "nurse", "--home", str(home))
    assert result.exit_code == 2 and "run `titlesearch ingest`" in result.stderr, result.stderr


@pytest.mark.slow
def test_killed_at_every_stage_then_rerun_equals_a_clean_build(tmp_path, base_encoder) -> None:
    home = tmp_path / "home"
    records = _records(LIMIT)
    version = version_name(corpus_hash(records), base_encoder, None)

    _killed(_ingest(home, "after-create"))
    state = _state(home, version)
    assert state["active"] is None and state["versions"] == [version] and state["count"] == 0
    _nothing_published(home)

    encoded = _kill_mid_upload(home, after_titles=2 * BATCH)
    state = _state(home, version)
    print(f"\nmid-upload kill: {encoded} titles encoded, {state['count']} points stored")
    assert state["active"] is None and BATCH <= state["count"] < LIMIT
    assert len(set(state["ids"])) == state["count"]
    _nothing_published(home)

    _killed(_ingest(home, "in-publish"))
    state = _state(home, version)
    assert state["active"] is None and state["count"] == LIMIT
    assert state["manifest"].status == "ready"  # written just before the swap
    assert list((home / "index" / "job_titles").glob(".CURRENT.*.partial"))  # the torn swap
    _nothing_published(home)

    result = _ingest(home, "never")
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"resumed: version {version}, {LIMIT} titles (0 written, {LIMIT} already" in (
        " ".join(result.stdout.split())
    )
    _assert_complete(home, version, records, base_encoder)


@pytest.mark.slow
def test_killed_reingest_keeps_serving_the_old_index(tmp_path, base_encoder) -> None:
    home = tmp_path / "home"
    old_records, new_records = _records(LIMIT), _records(SMALLER)
    old = version_name(corpus_hash(old_records), base_encoder, None)
    new = version_name(corpus_hash(new_records), base_encoder, None)
    cache = EmbeddingCache(home / "cache" / "embeddings.sqlite")  # the CLI's cache: no re-encoding
    with EdgeStore(home / "index", "job_titles") as store:
        build_index(
            store,
            old_records,
            replace(base_encoder, cache=cache, stats={"encoded": 0, "cached": 0}),
            progress=False,
        )
    cache.close()

    _killed(_ingest(home, "upsert-3", limit=SMALLER))
    state = _state(home, new)
    assert state["active"] == old and state["count"] == 3 * BATCH
    result = invoke("search", "registered nurse", "--json", "--limit", "3", "--home", str(home))
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["results"]["base"]) == 3
    assert _state(home, old)["count"] == LIMIT

    _killed(_ingest(home, "after-publish", limit=SMALLER))  # swapped, old versions not pruned
    _assert_complete(home, new, new_records, base_encoder)
    assert _state(home, new)["versions"] == sorted([old, new])
