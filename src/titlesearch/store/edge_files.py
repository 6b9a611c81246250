"""The small files of the embedded store, read with a clear error when damaged.

``CURRENT`` names the active version; each version folder holds ``vectors.json`` (its vector
sizes, written last when the version is created) and ``manifest.json``. All are written with
:func:`titlesearch.atomic_write.write_text_atomic`, so a reader sees a whole file or none; a
damaged one was changed by hand or by a failing disk, and the message says how to repair it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from titlesearch.errors import IndexMissingError, InvalidInputError, StoreError
from titlesearch.store.base import check_name


def read_pointer(path: Path) -> str:
    """The version named by the ``CURRENT`` file at ``path``.

    Raises:
        StoreError: the file does not hold a version name (the message says the fix).
    """
    raw = path.read_bytes()
    try:
        return check_name("version", raw.decode("utf-8").strip())
    except (UnicodeDecodeError, InvalidInputError):
        raise StoreError(
            f"the index pointer {path} is damaged (it holds {raw[:40]!r}, not a version "
            "name); delete that file and rerun `titlesearch ingest` to publish the index again"
        ) from None


def read_json_file(path: Path, what: str) -> dict[str, Any] | None:
    """The JSON object in ``path``, or None when the file does not exist.

    Raises:
        StoreError: the file is truncated, garbled or not an object.
    """
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # truncated, garbled or not UTF-8
        data, detail = None, f"{type(exc).__name__}: {exc}"
    else:
        detail = "not a JSON object"
    if not isinstance(data, dict):
        raise StoreError(
            f"the {what} {path} is damaged ({detail}); rerun the `titlesearch ingest` "
            "that built this index to repair it"
        )
    return data


def missing_error(root: Path, collection: str, version: str | None) -> IndexMissingError:
    """The error for reading a version (default: the active one) that does not exist."""
    if version is None:
        return IndexMissingError(
            f"no index has been published in {root}; run `titlesearch ingest` first"
        )
    return IndexMissingError(
        f"version '{version}' of '{collection}' does not exist in {root}; "
        "run `titlesearch ingest` to build it"
    )


def built_versions(folder: Path) -> list[str]:
    """The versions in ``folder`` whose creation finished (``vectors.json`` is written last)."""
    names = folder.iterdir() if folder.is_dir() else []
    return sorted(p.name for p in names if (p / "vectors.json").is_file())
