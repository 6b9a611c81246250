"""Open Qdrant Edge shards shared by every :class:`EdgeStore` of a process.

An open ``EdgeShard`` holds an exclusive lock on its directory (``flock`` on its WAL): a second
``EdgeShard.load`` of the same directory fails with ``WouldBlock``, whether it comes from this
process or another. Loading without the WAL does not help: two handles on one directory then
corrupt each other's appendable segment. So a process opens each directory once, here, and
counts its users; the last one to let go closes it. Another process gets a clear StoreError.
"""

from __future__ import annotations

import json
import logging
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import qdrant_edge as qe

from titlesearch.errors import StoreError, TitlesearchError

log = logging.getLogger(__name__)


@dataclass(eq=False)
class OpenShard:
    """An open shard and its reference count: one per holding store plus one per call in flight."""

    path: Path
    shard: Any
    dims: dict[str, int]
    refs: int = 0
    dropped: bool = False  # delete the directory once the last user lets go


class ShardPool:
    """Open version directories (``vectors.json`` + ``shard/``) of this process, by path.

    ``acquire`` opens or shares, ``retain`` adds a user, ``release`` drops one and closes the
    shard with the last; all under one lock, so a close never races a re-open of the same path.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._open: dict[Path, OpenShard] = {}

    def acquire(self, path: Path) -> OpenShard:
        with self._lock:
            handle = self._open.get(path)
            if handle is None:
                handle = self._open[path] = OpenShard(path, load_shard(path / "shard"), _dims(path))
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
                if handle.dropped:
                    shutil.rmtree(handle.path, ignore_errors=True)

    def drop(self, path: Path) -> None:
        """Delete a version directory now, or when the calls still using it have finished."""
        with self._lock:
            if path in self._open:
                self._open[path].dropped = True
                return
            shutil.rmtree(path, ignore_errors=True)


POOL = ShardPool()  # the one pool of this process


def _dims(path: Path) -> dict[str, int]:
    """The ``{vector name: size}`` of a version folder, or a StoreError saying how to rebuild."""
    try:
        dims = json.loads((path / "vectors.json").read_text(encoding="utf-8"))
    except ValueError:
        dims = None
    if not isinstance(dims, dict) or not all(isinstance(v, int) for v in dims.values()):
        raise StoreError(
            f"{path / 'vectors.json'} is damaged; delete the folder {path} and rerun "
            "`titlesearch ingest` to rebuild that version"
        )
    return dims


def load_shard(path: Path) -> Any:
    """``EdgeShard.load`` with its lock conflict told as what it means for the user."""
    try:
        return qe.EdgeShard.load(str(path))
    except Exception as exc:
        if "WouldBlock" in str(exc):
            raise StoreError(
                f"the index at {path.parent} is open in another process (the Streamlit UI or "
                "another titlesearch command); Qdrant Edge lets one process open an index at a "
                "time: stop that process and retry, or run a Qdrant server "
                "(`docker compose up qdrant`, TITLESEARCH_QDRANT_URL) for shared access"
            ) from exc
        raise StoreError(
            f"cannot open the index at {path.parent} ({exc}); its files are damaged or incomplete: "
            f"delete the folder {path.parent} and rerun `titlesearch ingest` to rebuild it"
        ) from exc


@contextmanager
def engine_errors(action: str, path: Path) -> Iterator[None]:
    """Turn Qdrant Edge's bare ``Exception``s into a :class:`StoreError` naming what failed."""
    try:
        yield
    except TitlesearchError:
        raise
    except Exception as exc:
        raise StoreError(f"Qdrant Edge could not {action} in {path}: {exc}") from exc
