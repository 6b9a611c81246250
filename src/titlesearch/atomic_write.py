"""The one way titlesearch writes a file: a temp file in the same folder, fsync, rename.

A reader (another process, or the next run after a crash) sees the old content or the new
content, never half a file; the folder is fsynced too so the rename survives a power cut.
Every file the project writes (pointers, manifests, reports, coded CSVs, adapters' metadata)
goes through :func:`atomic_write`.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

PARTIAL_SUFFIX = ".partial"
"""Temp files end with this, so globbing ``*.csv`` or ``*.json`` never picks one up."""


def temp_path(path: Path) -> Path:
    """A temp name beside ``path``, unique per process and thread (two writers never share)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{PARTIAL_SUFFIX}")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # some filesystems (and Windows) cannot open a folder: the rename still holds
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def atomic_target(path: Path | str) -> Iterator[Path]:
    """A temp path beside ``path`` to write the new content to, for as long as that takes.

    Leaving the block normally syncs the temp file and renames it over ``path`` (its folder is
    created if missing); leaving it by an exception removes the temp file, so ``path`` keeps
    its old content (or stays absent). For content written in steps, e.g. a table streamed a
    chunk at a time; close the temp file before the block ends.

    Raises:
        OSError: whatever syncing or renaming raised; the temp file is removed first.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_path(path)
    try:
        yield tmp
        with tmp.open("rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    _fsync_dir(path.parent)


def atomic_write(path: Path | str, write: Callable[[Path], None]) -> None:
    """Replace ``path`` with what ``write(temp)`` puts in a temp file, atomically.

    Args:
        path: The file to create or replace; its folder is created if missing.
        write: Writes the complete content to the temp path it is given (e.g. ``frame.to_csv``).

    Raises:
        OSError: whatever writing, syncing or renaming raised; the temp file is removed first.
    """
    with atomic_target(path) as tmp:
        write(tmp)


def write_text_atomic(path: Path | str, text: str) -> None:
    """Replace ``path`` with ``text`` (UTF-8) atomically."""
    atomic_write(path, lambda tmp: tmp.write_text(text, encoding="utf-8"))


def write_json_atomic(path: Path | str, data: Any) -> None:
    """Replace ``path`` with ``data`` as indented JSON atomically (non-JSON values as ``str``)."""
    write_text_atomic(path, json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
