"""Congruence suite: the same calls against EdgeStore and ServerStore(":memory:") agree.

The stores are the system's only door to Qdrant, so every behaviour the rest of the code relies
on is pinned here once per engine (parametrised fixture) and then compared engine to engine
(ids, order, scores within 1e-4 with exact search; top-1 agreement with HNSW).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from titlesearch.config import HomeSettings, QdrantSettings
from titlesearch.errors import IndexMissingError, InvalidInputError, StoreError
from titlesearch.store import open_store
from titlesearch.store.base import PointRecord, QueryParams, TitleFilter, TitleStore, point_id
from titlesearch.store.edge import EdgeStore
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.server import ServerStore

DIM = 16
N_POINTS = 500
DIMS = {"base": DIM, "tuned": DIM}
EXACT = QueryParams(exact=True)
CODES = [
    ("15-1252.00", "Software Developers"),
    ("15-1251.00", "Computer Programmers"),
    ("15-1211.00", "Computer Systems Analysts"),
    ("29-1141.00", "Registered Nurses"),
    ("29-1228.00", "Physicians, All Other"),
    ("11-1021.00", "General and Operations Managers"),
    ("43-4051.00", "Customer Service Representatives"),
    ("53-3032.00", "Heavy and Tractor-Trailer Truck Drivers"),
    ("41-2031.00", "Retail Salespersons"),
]
ENGINES = ["edge", "memory"]


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.normal(size=(n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def make_points(n: int = N_POINTS, seed: int = 7, build: str = "v1") -> list[PointRecord]:
    """Deterministic points; every fifth one has no ``tuned`` vector (a base-only title)."""
    rng = np.random.default_rng(seed)
    base, tuned = unit(rng, n), unit(rng, n)
    points = []
    for i in range(n):
        code, occupation = CODES[i % len(CODES)]
        title = f"{occupation} variant {i}"
        vectors = {"base": base[i].tolist()}
        if i % 5:
            vectors["tuned"] = tuned[i].tolist()
        payload = {
            "title": title,
            "onet_code": code,
            "onet_title": occupation,
            "soc_code": code[:7],
            "major_group": code[:2],
            "source": "onet_alternate" if i % 7 else "onet_occupation",
            "build": build,
        }
        points.append(PointRecord(point_id(code, title.casefold()), payload, vectors))
    return points


POINTS = make_points()
QUERIES = unit(np.random.default_rng(99), 25).tolist()


def make_store(engine: str, tmp_path: Path, **edge_options: int) -> TitleStore:
    if engine == "edge":
        return EdgeStore(tmp_path / "index", "job_titles", **edge_options)
    return ServerStore(":memory:", collection="job_titles")


def fill(store: TitleStore, version: str, points: list[PointRecord], publish: bool = True) -> None:
    store.create_version(version, DIMS)
    for start in range(0, len(points), 128):
        store.upsert(version, points[start : start + 128])
    if publish:
        store.publish(version)


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TitleStore]:
    with make_store(request.param, tmp_path) as opened:
        yield opened


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TitleStore]]:
    """Both engines holding POINTS as published version v1 (read-only tests share them)."""
    stores = {e: make_store(e, tmp_path_factory.mktemp(e)) for e in ENGINES}
    for opened in stores.values():
        fill(opened, "v1", POINTS)
    yield stores
    for opened in stores.values():
        opened.close()


@pytest.fixture(params=ENGINES)
def loaded(request: pytest.FixtureRequest, built: dict[str, TitleStore]) -> TitleStore:
    return built[request.param]


def ids_of(hits: list) -> list[str]:
    return [h.id for h in hits]


# --- each engine on its own --------------------------------------------------------------
def test_create_version_resumes(store: TitleStore) -> None:
    assert store.create_version("v1", DIMS) is True
    store.upsert("v1", POINTS[:10])
    assert store.create_version("v1", DIMS) is False
    assert store.count(version="v1") == 10
    assert store.versions() == ["v1"]
    assert store.active_version() is None


def test_missing_index_says_to_ingest(store: TitleStore) -> None:
    for call in (
        lambda: store.search("base", QUERIES[:1]),
        lambda: store.count(),
        lambda: store.retrieve([POINTS[0].id]),
        lambda: store.read_manifest(),
        lambda: store.count(version="nope"),
    ):
        with pytest.raises(IndexMissingError, match="titlesearch ingest"):
            call()


def sample_manifest(version: str, status: str = "ready") -> IndexManifest:
    """A manifest for a version of the synthetic points, one model record per vector."""
    record = {"name": "m", "sha256": "ab" * 32, "fingerprint": "cd" * 32, "dims": DIM}
    return IndexManifest.model_validate(
        {
            "collection": "job_titles",
            "version": version,
            "vectors": {name: record for name in DIMS},
            "corpus": {"hash": "ef" * 8, "points": N_POINTS},
            "created_at": "2026-01-01T00:00:00+00:00",
            "status": status,
        }
    )


def test_manifest_round_trip(store: TitleStore) -> None:
    store.create_version("v1", DIMS)
    assert store.read_manifest("v1") is None
    store.write_manifest("v1", sample_manifest("v1", "building"))
    manifest = sample_manifest("v1")
    store.write_manifest("v1", manifest)
    assert store.read_manifest("v1") == manifest
    store.publish("v1")
    assert store.read_manifest() == manifest
    assert store.read_manifest().dims == DIMS


def test_incomplete_or_newer_manifest_is_refused(store: TitleStore) -> None:
    store.create_version("v1", DIMS)
    store._write_manifest_data("v1", {"status": "ready"})  # a gutted manifest (fault injection)
    with pytest.raises(StoreError, match=r"incomplete.*titlesearch ingest"):
        store.read_manifest("v1")
    store._write_manifest_data("v1", {**sample_manifest("v1").to_data(), "format": 99})
    with pytest.raises(StoreError, match="upgrade titlesearch"):
        store.read_manifest("v1")


def test_filters_on_each_field(loaded: TitleStore) -> None:
    for key in ("onet_code", "soc_code", "major_group", "source"):
        value = POINTS[3].payload[key]
        title_filter = TitleFilter(**{key: value})
        expected = sum(p.payload[key] == value for p in POINTS)
        assert loaded.count(title_filter=title_filter) == expected
        for hits in loaded.search("base", QUERIES[:5], title_filter=title_filter, limit=20):
            assert hits and all(h.payload[key] == value for h in hits)
    both = TitleFilter(major_group="15", source="onet_occupation")
    hits = loaded.search("tuned", QUERIES[:1], title_filter=both, limit=50, params=EXACT)[0]
    assert hits and all(h.payload["major_group"] == "15" for h in hits)
    assert all(h.payload["source"] == "onet_occupation" for h in hits)


def test_threshold_and_limit(loaded: TitleStore) -> None:
    unlimited = loaded.search("base", QUERIES[:3], limit=N_POINTS, params=EXACT)
    assert [len(h) for h in unlimited] == [N_POINTS] * 3
    for hits in loaded.search("base", QUERIES[:3], limit=7):
        assert len(hits) == 7
        assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    thresholded = loaded.search("base", QUERIES[:3], limit=N_POINTS, threshold=0.5, params=EXACT)
    for full, hits in zip(unlimited, thresholded, strict=True):
        assert all(h.score >= 0.5 for h in hits)
        assert len(hits) == sum(h.score >= 0.5 for h in full) < N_POINTS


def test_has_vector_counts_and_tuned_search(loaded: TitleStore) -> None:
    with_tuned = {p.id for p in POINTS if "tuned" in p.vectors}
    assert loaded.count() == N_POINTS
    assert loaded.count(has_vector="base") == N_POINTS
    assert loaded.count(has_vector="tuned") == len(with_tuned) == N_POINTS * 4 // 5
    filtered = loaded.count(has_vector="tuned", title_filter=TitleFilter(major_group="29"))
    assert filtered == sum(p.id in with_tuned and p.payload["major_group"] == "29" for p in POINTS)
    hits = loaded.search("tuned", QUERIES[:3], limit=N_POINTS, params=EXACT)
    assert all({h.id for h in per_query} == with_tuned for per_query in hits)


def test_facet_counts(loaded: TitleStore) -> None:
    for key in ("major_group", "onet_code", "source"):
        assert loaded.facet(key) == dict(Counter(p.payload[key] for p in POINTS))
    with pytest.raises(InvalidInputError, match="indexed"):
        loaded.facet("title")


def test_retrieve_keeps_order_and_drops_unknown(loaded: TitleStore) -> None:
    wanted = [POINTS[42].id, "00000000-0000-0000-0000-000000000000", POINTS[5].id, "junk"]
    records = loaded.retrieve(wanted, with_vectors=True)
    assert [r.id for r in records] == [POINTS[42].id, POINTS[5].id]
    assert records[0].payload == POINTS[42].payload
    assert set(records[1].vectors) == {"base"}  # point 5 has no tuned vector
    np.testing.assert_allclose(records[0].vectors["tuned"], POINTS[42].vectors["tuned"], atol=1e-6)
    assert loaded.retrieve([POINTS[1].id])[0].vectors == {}


def test_scroll_and_existing_ids(loaded: TitleStore) -> None:
    batches = list(loaded.scroll(batch_size=64))
    assert [len(b) for b in batches[:-1]] == [64] * (len(batches) - 1)
    ids = [p.id for batch in batches for p in batch]
    assert ids == sorted(p.id for p in POINTS)
    assert loaded.existing_ids("v1") == set(ids)
    assert set(next(iter(loaded.scroll(with_vectors=True, batch_size=5)))[0].vectors) <= {
        "base",
        "tuned",
    }


def test_bad_vector_name_or_size(loaded: TitleStore) -> None:
    with pytest.raises(InvalidInputError, match=r"no 'other' vectors \(available: base, tuned\)"):
        loaded.search("other", QUERIES[:1])
    with pytest.raises(InvalidInputError, match="3 dimensions"):
        loaded.search("base", [[0.1, 0.2, 0.3]])
    with pytest.raises(InvalidInputError, match="limit"):
        loaded.search("base", QUERIES[:1], limit=0)
    assert loaded.search("base", []) == []


def test_drop_version_refuses_active(store: TitleStore) -> None:
    fill(store, "v1", POINTS[:20])
    fill(store, "v2", POINTS[20:40], publish=False)
    with pytest.raises(StoreError, match="active"):
        store.drop_version("v1")
    store.drop_version("v2")
    assert store.versions() == ["v1"]
    store.drop_version("v2")  # already gone: nothing to do


def test_reupsert_is_idempotent(store: TitleStore) -> None:
    fill(store, "v1", POINTS[:100])
    before = {p.id: p for b in store.scroll(with_vectors=True) for p in b}
    store.upsert("v1", POINTS[:100])
    after = {p.id: p for b in store.scroll(with_vectors=True) for p in b}
    assert store.count() == 100 and after.keys() == before.keys()
    for key, point in after.items():
        assert point.payload == before[key].payload
        for name, vector in point.vectors.items():
            np.testing.assert_allclose(vector, before[key].vectors[name], atol=1e-6)


def test_blue_green_switch(store: TitleStore) -> None:
    fill(store, "v1", POINTS)
    store.create_version("v2", DIMS)
    store.upsert("v2", make_points(60, seed=3, build="v2"))
    assert store.active_version() == "v1" and store.count() == N_POINTS
    assert {h.payload["build"] for h in store.search("base", QUERIES[:5])[0]} == {"v1"}
    store.publish("v2")
    assert store.active_version() == "v2" and store.count() == 60
    assert {h.payload["build"] for h in store.search("base", QUERIES[:5])[0]} == {"v2"}
    assert store.versions() == ["v1", "v2"]


# --- the two engines against each other --------------------------------------------------
def test_exact_search_is_congruent(built: dict[str, TitleStore]) -> None:
    edge, memory = built["edge"], built["memory"]
    cases = [
        ("base", None, None),
        ("tuned", None, None),
        ("base", TitleFilter(onet_code="15-1252.00"), None),
        ("tuned", TitleFilter(major_group="29"), 0.1),
        ("base", TitleFilter(soc_code="43-4051", source="onet_alternate"), None),
        ("tuned", None, 0.45),
    ]
    for using, title_filter, threshold in cases:
        kwargs = {"title_filter": title_filter, "threshold": threshold, "params": EXACT}
        left = edge.search(using, QUERIES, limit=15, **kwargs)
        right = memory.search(using, QUERIES, limit=15, **kwargs)
        for a, b in zip(left, right, strict=True):
            assert ids_of(a) == ids_of(b)
            np.testing.assert_allclose([h.score for h in a], [h.score for h in b], atol=1e-4)
            assert [h.payload for h in a] == [h.payload for h in b]
    for key in ("onet_code", "major_group", "source"):
        assert edge.facet(key) == memory.facet(key)
    some = [POINTS[i].id for i in (9, 3, 400)]
    assert edge.retrieve(some) == memory.retrieve(some)
    assert [p.id for b in edge.scroll() for p in b] == [p.id for b in memory.scroll() for p in b]


def test_hnsw_after_publish_agrees_on_top1(tmp_path: Path, built: dict[str, TitleStore]) -> None:
    # Thresholds of 1 KB make Edge build and use HNSW even for 500 small points.
    with EdgeStore(tmp_path / "hnsw", indexing_threshold_kb=1, full_scan_threshold_kb=1) as edge:
        fill(edge, "v1", POINTS)
        with edge._using(None) as handle:  # make sure the graph exists, or this proves nothing
            assert handle.shard.info().indexed_vectors_count > 0
        for using in ("base", "tuned"):
            approx = edge.search(using, QUERIES, limit=5, params=QueryParams(hnsw_ef=64))
            exact = built["memory"].search(using, QUERIES, limit=5, params=EXACT)
            agree = sum(a[0].id == b[0].id for a, b in zip(approx, exact, strict=True))
            assert agree >= 0.9 * len(QUERIES)


# --- Edge specifics: other instances, threads, processes ---------------------------------
def test_edge_sees_swap_made_by_another_instance(tmp_path: Path) -> None:
    with EdgeStore(tmp_path, "job_titles") as reader, EdgeStore(tmp_path, "job_titles") as writer:
        fill(writer, "v1", POINTS)
        assert reader.active_version() == "v1"
        pages = reader.scroll(batch_size=100)  # a long read of v1 is in flight ...
        first = next(pages)
        fill(writer, "v2", make_points(60, seed=3, build="v2"))
        assert reader.count() == 60  # ... while the reader itself has moved on to v2
        assert {h.payload["build"] for h in reader.search("base", QUERIES[:1])[0]} == {"v2"}
        rest = [p for page in pages for p in page]  # v1 stayed open for the scroll
        assert {p.payload["build"] for p in first + rest} == {"v1"}
        assert len(first) + len(rest) == N_POINTS
        writer.drop_version("v1")
        assert reader.versions() == ["v2"]


def test_edge_search_is_atomic_under_concurrent_swaps(tmp_path: Path) -> None:
    builds = {"v1": POINTS, "v2": make_points(200, seed=5, build="v2")}
    with EdgeStore(tmp_path, "job_titles") as reader, EdgeStore(tmp_path, "job_titles") as writer:
        fill(writer, "v1", builds["v1"])
        fill(writer, "v2", builds["v2"], publish=False)
        seen: list[set[str]] = []
        failures: list[BaseException] = []
        stop = threading.Event()

        def search_loop() -> None:
            try:
                while not stop.is_set():
                    for hits in reader.search("base", QUERIES[:4], limit=20):
                        seen.append({h.payload["build"] for h in hits})
            except BaseException as exc:  # surfaced below: a thread must not fail silently
                failures.append(exc)

        threads = [threading.Thread(target=search_loop) for _ in range(3)]
        for thread in threads:
            thread.start()
        for version in ["v2", "v1", "v2", "v1", "v2"]:
            writer.publish(version)
            time.sleep(0.02)
        stop.set()
        for thread in threads:
            thread.join()
        assert not failures
        assert all(len(builds_seen) == 1 for builds_seen in seen)
        assert set().union(*seen) == {"v1", "v2"}  # the readers did straddle the swaps
        assert reader.active_version() == "v2"


def test_edge_index_open_in_another_process_is_a_clear_error(tmp_path: Path) -> None:
    with EdgeStore(tmp_path, "job_titles") as store:
        fill(store, "v1", POINTS[:50])
        assert store.count() == 50  # this process now holds the shard open
        script = textwrap.dedent(
            f"""
            from pathlib import Path
            from titlesearch.errors import StoreError
            from titlesearch.store.edge import EdgeStore
            try:
                EdgeStore(Path({str(tmp_path)!r}), "job_titles").count()
            except StoreError as exc:
                print("StoreError:", exc)
            """
        )
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        assert "StoreError:" in out.stdout, out.stderr
        assert "open in another process" in out.stdout


def test_edge_keeps_serving_while_another_process_holds_the_new_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("titlesearch.store.edge._RETRY_OPEN_S", 0.0)
    script = textwrap.dedent(
        f"""
        import sys
        from pathlib import Path
        from titlesearch.store.base import PointRecord
        from titlesearch.store.edge import EdgeStore
        store = EdgeStore(Path({str(tmp_path)!r}), "job_titles")
        store.create_version("v2", {DIMS!r})
        vector = [1.0] + [0.0] * {DIM - 1}
        point = PointRecord("{POINTS[0].id}", {{"build": "v2"}}, {{"base": vector}})
        store.upsert("v2", [point])
        store.publish("v2")
        print("published", flush=True)
        sys.stdin.readline()  # hold v2 open until told to go
        store.close()
        """
    )
    with EdgeStore(tmp_path, "job_titles") as reader:
        fill(reader, "v1", POINTS[:50])
        assert reader.count() == 50
        child = subprocess.Popen(
            [sys.executable, "-c", script], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        try:
            assert child.stdout.readline().strip() == "published"
            assert reader.count() == 50  # v2 is locked by the child: v1 keeps answering
            assert reader.active_version() == "v1"
        finally:
            child.communicate("go\n", timeout=60)
        assert reader.count() == 1 and reader.active_version() == "v2"


# --- server adapter errors and the factory -----------------------------------------------
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
