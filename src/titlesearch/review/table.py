"""Reviewers' decisions written back into a coded table.

The machine's columns stay as they were (they are the record of what it suggested); the
review columns are recomputed from the standing decisions on every application, so applying
again after more decisions, or after an undo, gives the table the decisions now describe:

- ``review``: ``accept``, ``correct``, ``not_codable``, or empty (not reviewed);
- ``reviewed_code``, ``reviewed_title``, ``reviewed_by``, ``reviewed_at``;
- ``final_code`` / ``final_title``: the reviewed code where there is one, else the machine's
  (empty where it abstained or only the group was clear, and for titles not codable).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from titlesearch.errors import DataFileError
from titlesearch.review.decisions import Decision
from titlesearch.review.queue import check_coded, prediction
from titlesearch.table_writer import TableWriter, output_format
from titlesearch.taxonomy import load_taxonomy, normalize_title

REVIEW_COLUMNS = (
    "review",
    "reviewed_code",
    "reviewed_title",
    "reviewed_by",
    "reviewed_at",
    "final_code",
    "final_title",
)
CHUNK_ROWS = 10_000


def apply_decisions(
    frame: pd.DataFrame, column: str, decisions: Mapping[str, Decision]
) -> tuple[pd.DataFrame, int]:
    """``frame`` with its review columns set from ``decisions`` (standing ones, by title key),
    and how many rows they decide."""
    check_coded(frame, column, "the table")
    titles = load_taxonomy()
    out = frame.drop(columns=[c for c in REVIEW_COLUMNS if c in frame.columns])
    found = [decisions.get(normalize_title(str(t))) for t in frame[column].fillna("")]
    machine_code = frame[prediction(frame, "onet_code")].fillna("").astype(str)
    machine_title = frame[prediction(frame, "onet_title")].fillna("").astype(str)
    reviewed_title = [
        titles.occupation(d.onet_code).title if d and d.onet_code else "" for d in found
    ]
    out["review"] = [d.action if d else "" for d in found]
    out["reviewed_code"] = [(d.onet_code or "") if d else "" for d in found]
    out["reviewed_title"] = reviewed_title
    out["reviewed_by"] = [d.who if d else "" for d in found]
    out["reviewed_at"] = [d.at if d else "" for d in found]
    out["final_code"] = [
        (d.onet_code or "") if d else code for d, code in zip(found, machine_code, strict=True)
    ]
    out["final_title"] = [
        r if d else title for d, r, title in zip(found, reviewed_title, machine_title, strict=True)
    ]
    return out, sum(d is not None for d in found)


@dataclass(frozen=True)
class AppliedFile:
    path: Path
    rows: int
    reviewed: int


def apply_to_file(
    source: Path,
    column: str,
    decisions: Mapping[str, Decision],
    *,
    output: Path | None = None,
    fmt: str | None = None,
) -> AppliedFile:
    """Write coded table ``source`` with its review columns set to ``output`` (default:
    ``source`` itself, replaced atomically once complete), a chunk at a time.

    Raises:
        DataFileError: ``source`` is missing, unreadable or not a coded table; nothing is
            written then.
    """
    target = Path(output or source)
    fmt = output_format(fmt, target)
    rows = reviewed = 0
    with TableWriter(target, fmt) as writer:
        for chunk in _chunks(Path(source)):
            frame, decided = apply_decisions(chunk, column, decisions)
            writer.write(frame)
            rows, reviewed = rows + len(frame), reviewed + decided
    return AppliedFile(target, rows, reviewed)


def read_coded(source: Path) -> pd.DataFrame:
    """A whole coded table (CSV, JSON Lines or Parquet), as written by ``classify --input``.

    Raises:
        DataFileError: missing, empty or unreadable.
    """
    frames = list(_chunks(Path(source)))
    if not frames:
        raise DataFileError(f"{source} has no rows")
    return pd.concat(frames, ignore_index=True)


def _chunks(source: Path) -> Iterator[pd.DataFrame]:
    if source.suffix.lower() in (".jsonl", ".ndjson"):
        if not source.is_file():
            raise DataFileError(f"{source} does not exist")
        try:
            yield from pd.read_json(source, lines=True, dtype=False, chunksize=CHUNK_ROWS)
        except ValueError as exc:
            raise DataFileError(f"cannot read {source} as JSON Lines: {exc}") from None
        return
    from titlesearch.table_chunks import open_chunks

    with open_chunks(source, chunk_rows=CHUNK_ROWS) as chunks:
        yield from chunks
