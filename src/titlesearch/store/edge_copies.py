"""Private copies of published index versions, for readers that cannot open the original.

Qdrant Edge lets one process hold a version folder, and writes to it while it is open (its
write-ahead log, memory-mapped files). A published version is never changed again, so a
reader whose version is held by another process, or lies on a read-only or nearly full disk,
opens a copy: under ``<collection>/readers/`` when that disk is writable with room, else in
the system temp folder. Copies keep their files sparse (``cp --sparse=always``: a small index
is ~0.5 MB, not ~160 MB of preallocated zeros) and are deleted when the reader lets go; a
killed reader's copies are deleted by the next one.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from titlesearch.errors import StoreError, is_disk_full, storage_full

SPACE_MARGIN = 64 * 1024 * 1024
"""Free bytes a disk must have before Qdrant Edge opens or writes a version on it. Edge maps
its files into memory: on a full tmpfs a write to a mapped page kills the process (SIGBUS),
so running out is caught before, as a clear error."""


def has_room(path: Path) -> bool:
    """Whether the disk holding ``path`` (or its nearest existing folder) has
    :data:`SPACE_MARGIN` bytes free."""
    while not path.exists() and path != path.parent:
        path = path.parent
    try:
        return shutil.disk_usage(path).free >= SPACE_MARGIN
    except OSError:
        return True  # cannot tell: let the engine say what is wrong


def _writable(folder: Path) -> bool:
    try:
        return os.access(folder, os.W_OK) and not os.statvfs(folder).f_flag & os.ST_RDONLY
    except OSError:
        return False


def copies_folder(path: Path, preferred: Path) -> Path:
    """Where to copy version ``path``: ``preferred`` if its disk is writable with room, else
    the system temp folder; a StorageFullError when neither has room."""
    if _writable(path.parent) and has_room(path):
        return preferred
    fallback = Path(tempfile.gettempdir()) / "titlesearch-readers"
    if not has_room(fallback.parent):
        raise storage_full(path.parent)
    return fallback


def load_private_copy(path: Path, copies: Path, load: Callable[[Path], Any]) -> tuple[Path, Any]:
    """Copy version folder ``path`` under ``copies`` and open the copy with ``load``.

    A copy taken while its owner was still flushing (the ingest that just published it) may
    not load: it is taken again once before giving up.
    """
    copies.mkdir(parents=True, exist_ok=True)
    _remove_stale_copies(copies)
    for attempt in range(2):
        target = copies / f"{path.name}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            _copy_sparse(path, target)
            return target, load(target / "shard")
        except (OSError, StoreError) as exc:
            shutil.rmtree(target, ignore_errors=True)
            if is_disk_full(exc):
                raise storage_full(copies) from None
            if attempt or isinstance(exc, OSError):
                raise StoreError(
                    f"the index version {path.name} cannot be opened here and a private copy "
                    f"of it could not be made in {copies} ({exc}); free some disk space, or "
                    "stop the process that holds it, and retry"
                ) from None
            time.sleep(0.2)
    raise AssertionError("unreachable")


def _copy_sparse(source: Path, target: Path) -> None:
    """Copy a folder keeping holes in sparse files (GNU cp), else a plain copy."""
    cp = shutil.which("cp")
    if cp and sys.platform.startswith("linux"):
        done = subprocess.run(
            [cp, "-r", "--sparse=always", str(source), str(target)], capture_output=True, text=True
        )
        if done.returncode == 0:
            return
        shutil.rmtree(target, ignore_errors=True)
        if "no space left" in done.stderr.lower():
            raise OSError(errno.ENOSPC, done.stderr.strip())
    shutil.copytree(source, target)


def _remove_stale_copies(copies: Path) -> None:
    """Delete the copies of processes that are gone (killed before they could clean up)."""
    for folder in copies.iterdir():
        try:
            pid = int(folder.name.rsplit("-", 2)[1])
        except (IndexError, ValueError):
            continue
        if pid != os.getpid() and not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True
