"""Open Qdrant Edge shards shared by every :class:`EdgeStore` of a process.

An open ``EdgeShard`` holds an exclusive lock on its directory (``flock`` on its WAL): a second
``EdgeShard.load`` of the same directory fails with ``WouldBlock``, whether it comes from this
process or another. Loading without the WAL does not help: two handles on one directory then
corrupt each other's appendable segment. So a process opens each directory once, here, and
counts its users; the last one to let go closes it.

When another process holds a version (the UI, another search, the ingest that published it),
or its folder cannot be written (a read-only or full disk), a reader opens a private copy of
it instead (:mod:`.edge_copies`): a published version is never written again, so the copy
answers exactly as the original would.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import qdrant_edge as qe

from titlesearch.atomic_write import write_text_atomic
from titlesearch.errors import (
    StorageFullError,
    StoreError,
    TitlesearchError,
    is_disk_full,
    is_read_only,
    read_only,
    storage_full,
)
from titlesearch.store.edge_copies import copies_folder, has_room, load_private_copy
from titlesearch.store.edge_requests import create_keyword_indexes

log = logging.getLogger(__name__)


@dataclass(eq=False)
class OpenShard:
    """An open shard and its reference count: one per holding store plus one per call in flight."""

    path: Path
    shard: Any
    dims: dict[str, int]
    refs: int = 0
    dropped: bool = False  # delete the directory once the last user lets go
    private: bool = False  # a reader's copy of a version another process holds


class ShardPool:
    """Open version directories (``vectors.json`` + ``shard/``) of this process, by path.

    ``acquire`` opens or shares, ``retain`` adds a user, ``release`` drops one and closes the
    shard with the last; all under one lock, so a close never races a re-open of the same path.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[Path, OpenShard] = {}

    def acquire(self, path: Path, *, copies: Path | None = None) -> OpenShard:
        """Open (or share) the version folder ``path``.

        Args:
            path: The version folder.
            copies: Where to put a private read-only copy when another process holds
                ``path``; None (writers) makes that a :class:`ShardLocked` error instead.
        """
        with self._lock:
            handle = self._open.get(path)
            if handle is None:
                dims = _dims(path)
                try:
                    if not has_room(path):  # Qdrant Edge maps files: a full disk is a SIGBUS
                        raise storage_full(path.parent)
                    handle = OpenShard(path, load_shard(path / "shard"), dims)
                except (ShardLocked, ShardReadOnly, StorageFullError):
                    if copies is None:
                        raise
                    where = copies_folder(path, copies)
                    copy, shard = load_private_copy(path, where, load_shard)
                    handle = OpenShard(copy, shard, dims, private=True)
                self._open[handle.path] = handle
            handle.refs += 1
            return handle

    def adopt(self, path: Path, shard: Any, dims: dict[str, int]) -> OpenShard:
        """Register a shard just created at ``path`` (saves closing and loading it again)."""
        with self._lock:
            if path in self._open:
                raise StoreError(f"{path} is already open in this process")
            handle = self._open[path] = OpenShard(path, shard, dims, refs=1)
            return handle

    def retain(self, handle: OpenShard) -> None:
        with self._lock:
            handle.refs += 1

    def release(self, handle: OpenShard) -> None:
        with self._lock:  # close under the lock: a re-open must not race the WAL lock release
            handle.refs -= 1
            if handle.refs == 0:
                del self._open[handle.path]
                try:
                    handle.shard.close()
                except Exception as exc:  # the data is flushed; a failed close loses nothing
                    log.warning("closing Qdrant Edge shard %s failed: %s", handle.path, exc)
                if handle.dropped or handle.private:
                    shutil.rmtree(handle.path, ignore_errors=True)

    def drop(self, path: Path) -> None:
        """Delete a version directory now, or when the calls still using it have finished."""
        with self._lock:
            if path in self._open:
                self._open[path].dropped = True
                return
            shutil.rmtree(path, ignore_errors=True)


POOL = ShardPool()  # the one pool of this process
IDLE_S = 30.0  # a reader's non-active version unused this long is closed (a copy deleted)


def release_idle(held: dict[str, OpenShard], used: dict[str, float], keep: set) -> None:
    """Close the versions of ``held`` (not in ``keep``) that served no call for IDLE_S: the
    old version a pinned reader used until it moved on, and its private copy."""
    now = time.monotonic()
    for version in [v for v, t in used.items() if now - t > IDLE_S and v not in keep]:
        del used[version]
        if version in held:
            POOL.release(held.pop(version))


def _dims(path: Path) -> dict[str, int]:
    """The ``{vector name: size}`` of a version folder, or a StoreError saying how to rebuild."""
    try:
        dims = json.loads((path / "vectors.json").read_text(encoding="utf-8"))
    except ValueError:
        dims = None
    if not isinstance(dims, dict) or not all(isinstance(v, int) for v in dims.values()):
        raise StoreError(
            f"{path / 'vectors.json'} is damaged; move the folder {path} aside and rerun "
            "`titlesearch ingest` to rebuild that version"
        )
    return dims


def create_version_folder(path: Path, dims: dict[str, int], config: Any) -> Any:
    """A new empty shard in ``path`` with the keyword indexes, then ``vectors.json``, written
    last: a folder without it is the junk of a crash and is replaced."""
    shutil.rmtree(path, ignore_errors=True)  # left by a crash inside this function
    path.mkdir(parents=True)
    with engine_errors("create a version", path):
        shard = qe.EdgeShard.create(str(path / "shard"), config)
        create_keyword_indexes(shard)  # before any point, as the contract asks
        shard.flush()
    write_text_atomic(path / "vectors.json", json.dumps(dims))
    return shard


class ShardLocked(StoreError):
    """Another process holds this shard open (Qdrant Edge's WAL lock)."""


class ShardReadOnly(StoreError):
    """The shard's folder cannot be written (a read-only home): readers use a copy."""


def load_shard(path: Path) -> Any:
    """``EdgeShard.load`` with its lock conflict told as what it means for the user."""
    try:
        return qe.EdgeShard.load(str(path))
    except Exception as exc:
        if "WouldBlock" in str(exc):
            raise ShardLocked(
                f"the index version at {path.parent} is open in another process, so this one "
                "cannot write to it (Qdrant Edge lets one process hold a version); wait for the "
                "other `titlesearch ingest` or `reindex` to finish and retry"
            ) from exc
        if is_disk_full(exc):
            raise storage_full(path.parent) from None
        if is_read_only(exc):
            raise ShardReadOnly(str(read_only(path.parent))) from None
        raise StoreError(
            f"cannot open the index at {path.parent} ({exc}); its files are damaged or incomplete: "
            f"move the folder {path.parent} aside and rerun `titlesearch ingest` to rebuild it"
        ) from exc


@contextmanager
def engine_errors(action: str, path: Path) -> Iterator[None]:
    """Turn Qdrant Edge's bare ``Exception``s into a :class:`StoreError` naming what failed."""
    try:
        yield
    except TitlesearchError:
        raise
    except Exception as exc:
        if is_disk_full(exc):
            raise storage_full(path) from None
        raise StoreError(f"Qdrant Edge could not {action} in {path}: {exc}") from exc
