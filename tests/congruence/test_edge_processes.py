"""Qdrant Edge only: other instances, threads and processes on one index folder."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

from store_data import DIM, DIMS, N_POINTS, POINTS, QUERIES, fill, make_points

from titlesearch.store.edge import EdgeStore


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


def test_a_reader_in_another_process_reads_a_private_copy(tmp_path: Path) -> None:
    """Qdrant Edge lets one process hold a version: another reader answers from a private copy
    (removed when it closes), and a writer in another process is refused with a reason."""
    with EdgeStore(tmp_path, "job_titles") as store:
        fill(store, "v1", POINTS[:50])
        assert store.count() == 50  # this process now holds the shard open
        script = textwrap.dedent(
            f"""
            from pathlib import Path
            from titlesearch.errors import StoreError
            from titlesearch.store.edge import EdgeStore
            store = EdgeStore(Path({str(tmp_path)!r}), "job_titles")
            hits = store.search("base", [{QUERIES[0]!r}], limit=3)[0]
            print("count", store.count(), "top", hits[0].id)
            print("copies", len(list(Path({str(tmp_path)!r}).glob("job_titles/readers/*"))))
            try:
                store.upsert("v1", [])
                store.upsert("v1", store.retrieve([hits[0].id]))
            except StoreError as exc:
                print("StoreError:", exc)
            store.close()
            print("after", len(list(Path({str(tmp_path)!r}).glob("job_titles/readers/*"))))
            """
        )
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
        top = store.search("base", [QUERIES[0]], limit=3)[0][0].id
        assert f"count 50 top {top}" in out.stdout, out.stdout + out.stderr
        assert "copies 1" in out.stdout and "after 0" in out.stdout
        assert "StoreError: version 'v1' is held by another process" in out.stdout
        assert store.count() == 50  # the original is untouched


def test_edge_moves_to_a_new_version_another_process_still_holds(tmp_path: Path) -> None:
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
            assert reader.count() == 1  # v2 is held by the child: read from a private copy
            assert reader.active_version() == "v2"
            assert len(list((tmp_path / "job_titles" / "readers").iterdir())) == 1
        finally:
            child.communicate("go\n", timeout=60)
        assert reader.count() == 1 and reader.active_version() == "v2"


def test_an_old_version_a_pinned_reader_used_is_let_go(tmp_path: Path, monkeypatch) -> None:
    """After a swap a pinned reader still queries the old version by name for a moment; once
    it is idle, the store closes it (and would delete its private copy)."""
    monkeypatch.setattr("titlesearch.store.edge_shards.IDLE_S", 0.0)
    with EdgeStore(tmp_path, "job_titles") as store:
        fill(store, "v1", POINTS[:20])
        fill(store, "v2", POINTS[20:40])
        assert store.count(version="v1") == 20  # the pinned reader's last query on v1
        assert store.count() == 20  # any later call lets the idle v1 go
        assert set(store._held) == {"v2"}
