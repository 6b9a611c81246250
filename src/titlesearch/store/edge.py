"""Embedded store on Qdrant Edge: one shard directory per version, an atomic ``CURRENT`` pointer.

Layout under ``root/<collection>/``: ``versions/<version>/{shard/, vectors.json, manifest.json}``
and ``CURRENT`` (the active version, replaced atomically; one ``stat`` per call sees a swap made
by another process). Stores of one process share open shards through :data:`POOL`; a reader
whose version another process holds reads a private copy (:mod:`.edge_copies`).
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import qdrant_edge as qe

from titlesearch.atomic_write import write_json_atomic, write_text_atomic
from titlesearch.errors import IndexMissingError, InvalidInputError, StoreError, storage_full
from titlesearch.store import edge_files as files
from titlesearch.store import edge_requests as rq
from titlesearch.store.base import (
    KEYWORD_INDEXES,
    Hit,
    PointRecord,
    QueryParams,
    TitleFilter,
    TitleStore,
    as_floats,
    check_lexical,
    check_name,
    check_query,
    valid_ids,
)
from titlesearch.store.edge_copies import has_room
from titlesearch.store.edge_shards import (
    POOL,
    OpenShard,
    create_version_folder,
    engine_errors,
    release_idle,
)

log = logging.getLogger(__name__)
_RETRY_OPEN_S = 2.0  # how long to keep serving the old version before retrying a locked new one
_FACET_LIMIT = 1_000_000  # more than any keyword field has distinct values; costs nothing extra


class EdgeStore(TitleStore):
    """Versions of one collection as Qdrant Edge shards under ``root/<collection>``.

    Args:
        root: Folder holding all collections (``HomeSettings.index_dir``).
        collection: Collection name, default ``job_titles``.
        indexing_threshold_kb: Segments bigger than this get HNSW on publish (None: Qdrant's
            ~10 MB). full_scan_threshold_kb: below this a search scans (None: default)."""

    def __init__(
        self,
        root: Path,
        collection: str = "job_titles",
        *,
        indexing_threshold_kb: int | None = None,
        full_scan_threshold_kb: int | None = None,
    ) -> None:
        self.collection = check_name("collection", collection)
        self.root = Path(root) / collection
        self._indexing_kb = indexing_threshold_kb
        self._full_scan_kb = full_scan_threshold_kb
        self._lock = threading.RLock()
        self._held: dict[str, OpenShard] = {}
        self._active: str | None = None
        self._signature: tuple[int, int, int] | None = None
        self._closed = False
        self._retry_at = 0.0
        self._used: dict[str, float] = {}  # when each held version last served a call
        self._building: set[str] = set()  # versions this store writes: kept open while idle

    def __repr__(self) -> str:
        return f"EdgeStore(root={str(self.root.parent)!r}, collection={self.collection!r})"

    # --- versions and the active pointer --------------------------------------------------
    def _dir(self, version: str) -> Path:
        return self.root / "versions" / check_name("version", version)

    def _refresh(self) -> str | None:
        """The active version, re-read only when ``CURRENT``'s inode, mtime or size changed."""
        try:
            stat = os.stat(self.root / "CURRENT")
            signature = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
        except FileNotFoundError:
            signature = None
        if signature == self._signature:
            return self._active
        new = files.read_pointer(self.root / "CURRENT") if signature else None
        if new != self._active:
            if new is not None and self._active in self._held:
                if time.monotonic() < self._retry_at:
                    return self._active
                try:  # open before letting go of the old one, so a failure leaves us serving it
                    self._handle(new)
                except StoreError as exc:  # e.g. the writer process still holds it open
                    log.warning("still serving version %s: %s", self._active, exc)
                    self._retry_at = time.monotonic() + _RETRY_OPEN_S  # a failed open costs ~40 ms
                    return self._active
            old, self._active = self._active, new
            if old in self._held:  # superseded: in-flight calls keep it open until they finish
                POOL.release(self._held.pop(old))
        self._signature = signature
        return self._active

    def _handle(self, version: str, write: bool = False) -> OpenShard:
        if version not in self._held:
            path = self._dir(version)
            if not (path / "vectors.json").is_file():
                raise self._missing(version)
            copies = None if write else self.root / "readers"
            self._held[version] = POOL.acquire(path, copies=copies)
        if write and not has_room(self._dir(version)):  # before Edge maps more pages
            raise storage_full(self.root)
        if write and self._held[version].private:
            raise StoreError(f"version '{version}' is held by another process: it cannot change")
        return self._held[version]

    @contextmanager
    def _using(self, version: str | None, write: bool = False) -> Iterator[OpenShard]:
        """Hold the shard of ``version`` (default: active) for one call, even across a swap."""
        with self._lock:
            if self._closed:
                raise StoreError(f"{self!r} is closed")
            name = version or self._refresh()
            if name is None:
                raise self._missing()
            handle = self._handle(name, write)
            POOL.retain(handle)
            self._used[name] = time.monotonic()
            release_idle(self._held, self._used, keep={self._active, *self._building})
        try:
            yield handle
        finally:
            POOL.release(handle)

    def active_version(self) -> str | None:
        with self._lock:
            return self._refresh()

    def versions(self) -> list[str]:
        return files.built_versions(self.root / "versions")

    def create_version(self, version: str, dims: dict[str, int]) -> bool:
        path = self._dir(version)
        if not dims or any(size < 1 for size in dims.values()):
            raise InvalidInputError(f"vector sizes must be positive, got {dims}")
        with self._lock:
            self._building.add(version)
            if (path / "vectors.json").is_file():  # written last: a version without it is junk
                self._ensure_indexes(version)
                return False
            if not has_room(path):
                raise storage_full(self.root)
            config = rq.shard_config(dims, self._indexing_kb, self._full_scan_kb)
            shard = create_version_folder(path, dims, config)
            self._held[version] = POOL.adopt(path, shard, dims)
        return True

    def _ensure_indexes(self, version: str) -> None:
        """Re-create a resumed version's keyword indexes (idempotent, as the server store does)."""
        with self._using(version, True) as h, engine_errors("create payload indexes", h.path):
            rq.create_keyword_indexes(h.shard)

    def drop_version(self, version: str) -> None:
        path = self._dir(version)
        with self._lock:
            if version == self._refresh():
                raise StoreError(f"refusing to drop version '{version}': it is the active one")
            if version in self._held:
                POOL.release(self._held.pop(version))
            POOL.drop(path)

    def _existing_dir(self, version: str | None) -> Path:
        """The folder of ``version`` (default: active) without opening its shard."""
        with self._lock:
            name = version or self._refresh()
        if name is None:
            raise self._missing()
        path = self._dir(name)
        if not (path / "vectors.json").is_file():
            raise self._missing(name)
        return path

    def _missing(self, version: str | None = None) -> IndexMissingError:
        return files.missing_error(self.root, self.collection, version)

    def _write_manifest_data(self, version: str, manifest: dict[str, Any]) -> None:
        write_json_atomic(self._existing_dir(version) / "manifest.json", manifest)

    def _read_manifest_data(self, version: str | None = None) -> Any:
        return files.read_json_file(self._existing_dir(version) / "manifest.json", "index manifest")

    def publish(self, version: str) -> None:
        with self._using(version, True) as handle, engine_errors("build the index", handle.path):
            handle.shard.optimize()  # builds HNSW; holds the GIL for its whole run
            handle.shard.flush()
        with self._lock:
            self.root.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.root / "CURRENT", version + "\n")
            self._building.discard(version)
            self._refresh()

    # --- writes ---------------------------------------------------------------------------
    def upsert(self, version: str, points: Sequence[PointRecord]) -> None:
        if not points:
            return
        with self._using(version, True) as handle, engine_errors("upsert points", handle.path):
            handle.shard.update(qe.UpdateOperation.upsert_points(rq.to_points(points)))

    def existing_ids(self, version: str) -> set[str]:
        return {p.id for batch in self.scroll(version, batch_size=10_000) for p in batch}

    # --- reads ----------------------------------------------------------------------------
    def search(
        self,
        using: str,
        vectors: Sequence[Sequence[float]],
        *,
        title_filter: TitleFilter | None = None,
        limit: int = 10,
        threshold: float | None = None,
        params: QueryParams | None = None,
        version: str | None = None,
        lexical: Sequence[rq.SparseValues] | None = None,
        with_payload: bool = True,
    ) -> list[list[Hit]]:
        with self._using(version) as handle:
            queries = [as_floats(v) for v in vectors]
            check_query(using, queries, limit, threshold, handle.dims)
            check_lexical(queries, lexical)
            if not queries:
                return []
            requests = rq.nearest_requests(
                using, queries, title_filter, limit, threshold, params, lexical, with_payload
            )
            with engine_errors("search", handle.path):
                results = handle.shard.query_batch(requests)
        return [[rq.to_hit(p) for p in r] for r in results]

    def retrieve(
        self, ids: Sequence[str], *, with_vectors: bool = False, version: str | None = None
    ) -> list[PointRecord]:
        wanted = valid_ids(ids)
        with self._using(version) as handle, engine_errors("retrieve points", handle.path):
            found = handle.shard.retrieve(wanted, True, with_vectors) if wanted else []
        by_id = {str(r.id): rq.to_record(r) for r in found}
        return [by_id[i] for i in wanted if i in by_id]

    def scroll(
        self, version: str | None = None, *, with_vectors: bool = False, batch_size: int = 1000
    ) -> Iterator[list[PointRecord]]:
        with self._using(version) as handle:
            offset = None
            while True:
                request = qe.ScrollRequest(
                    offset=offset, limit=batch_size, with_payload=True, with_vector=with_vectors
                )
                with engine_errors("scroll points", handle.path):
                    records, offset = handle.shard.scroll(request)
                if records:
                    yield [rq.to_record(r) for r in records]
                if offset is None:
                    return

    def count(
        self,
        *,
        version: str | None = None,
        title_filter: TitleFilter | None = None,
        has_vector: str | None = None,
    ) -> int:
        request = qe.CountRequest(exact=True, filter=rq.to_filter(title_filter, has_vector))
        with self._using(version) as handle, engine_errors("count points", handle.path):
            return handle.shard.count(request)

    def facet(self, key: str, *, version: str | None = None) -> dict[str, int]:
        if key not in KEYWORD_INDEXES:
            raise InvalidInputError(f"cannot facet on '{key}': only {KEYWORD_INDEXES} are indexed")
        request = qe.FacetRequest(key, limit=_FACET_LIMIT, exact=True)
        with self._using(version) as handle, engine_errors("facet", handle.path):
            hits = handle.shard.facet(request).hits
        return {str(h.value): h.count for h in sorted(hits, key=lambda h: str(h.value))}

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for handle in self._held.values():
                POOL.release(handle)
            self._held.clear()
