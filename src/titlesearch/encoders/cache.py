"""Embedding cache keyed by (model fingerprint, text), so no text is encoded twice by one model.

SQLite in WAL mode under ``TITLESEARCH_HOME/cache``: safe for several processes, survives
interruption (each batch is committed), and a full corpus loads back in about a second.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
import time
import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from titlesearch.errors import StoreError, is_disk_full, is_read_only, read_only, storage_full

_CHUNK = 500  # SQLite's host-parameter limit is 999 in old builds


def _create(db: sqlite3.Connection) -> None:
    """WAL mode and the table; raises ``DatabaseError`` on a file that is not SQLite."""
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute(
        "CREATE TABLE IF NOT EXISTS embeddings ("
        " fingerprint TEXT NOT NULL, text TEXT NOT NULL, vector BLOB NOT NULL,"
        " PRIMARY KEY (fingerprint, text)) WITHOUT ROWID"
    )
    db.commit()


def _garbled(exc: sqlite3.DatabaseError) -> bool:
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text or "encrypted" in text


def _full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False


def _writable(folder: Path) -> bool:
    try:
        return os.access(folder, os.W_OK) and not os.statvfs(folder).f_flag & os.ST_RDONLY
    except OSError:
        return False


def _translated(exc: sqlite3.DatabaseError, path: Path) -> Exception:
    """A full disk as our own error; a read-only or locked cache as a StoreError naming it."""
    if is_disk_full(exc) or _full(path.parent):  # tmpfs says "disk I/O error" when full
        return storage_full(path.parent)
    if is_read_only(exc) or not _writable(path.parent):
        return read_only(path.parent)
    return StoreError(f"the embedding cache {path} cannot be written ({exc}); check the folder")


class EmbeddingCache:
    """Float32 vectors stored as blobs, one row per (fingerprint, text)."""

    def __init__(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise (read_only(path.parent) if is_read_only(exc) else exc) from None
        self.path = path
        self._lock = threading.Lock()
        try:
            self._db = self._open(path)
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc) or not _garbled(exc):
                raise _translated(exc, path) from None
            # garbled: it is only a cache, so it is moved aside and a new one started
            aside = path.with_name(f"{path.name}.damaged-{int(time.time())}")
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").replace(f"{aside}{suffix}")
            warnings.warn(
                f"the embedding cache {path} was damaged ({exc}); it was moved to {aside} and "
                "a new one started (vectors are re-encoded as needed)",
                stacklevel=2,
            )
            self._db = self._open(path)

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        db = sqlite3.connect(path, check_same_thread=False, timeout=30)
        try:
            _create(db)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def get_many(self, fingerprint: str, texts: Sequence[str]) -> dict[str, np.ndarray]:
        """The cached vectors among ``texts``; missing texts are simply absent."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(texts))
        with self._lock:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                rows = self._db.execute(
                    "SELECT text, vector FROM embeddings"
                    f" WHERE fingerprint = ? AND text IN ({marks})",
                    [fingerprint, *chunk],
                )
                for text, blob in rows:
                    found[text] = np.frombuffer(blob, dtype=np.float32)
        return found

    def put_many(self, fingerprint: str, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Store vectors (committed at once, so an interrupted run keeps what it finished)."""
        rows = [
            (fingerprint, text, np.asarray(vec, dtype=np.float32).tobytes())
            for text, vec in zip(texts, vectors, strict=True)
        ]
        with self._lock:
            try:
                self._db.executemany("INSERT OR REPLACE INTO embeddings VALUES (?, ?, ?)", rows)
                self._db.commit()
            except sqlite3.OperationalError as exc:
                self._db.rollback()
                raise _translated(exc, self.path) from None

    def count(self, fingerprint: str | None = None) -> int:
        with self._lock:
            if fingerprint is None:
                return self._db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0]
            return self._db.execute(
                "SELECT COUNT(*) FROM embeddings WHERE fingerprint = ?", [fingerprint]
            ).fetchone()[0]

    def close(self) -> None:
        with self._lock:
            self._db.close()
