"""The corpus to index: O*NET titles plus optional user rows, normalized, de-duplicated, hashed."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from titlesearch.errors import DataFileError, InvalidInputError
from titlesearch.store.base import REVIEW_ID, PointRecord, point_id
from titlesearch.tabular import read_table, require_columns
from titlesearch.taxonomy import Taxonomy, TitleRecord, dedupe, normalize_title, tidy_title

MAX_TITLE_CHARS = 300


def user_records(
    path: Path, taxonomy: Taxonomy, *, title_column: str, code_column: str | None
) -> list[TitleRecord]:
    """Rows of a user CSV as records; other columns ride along as payload.

    Without ``code_column`` every row must still name an O*NET code, so a code column is
    required for indexing; rows with a bad code or an empty/too-long title are rejected
    with their row number, before anything is written.
    """
    frame = read_table(path)
    if code_column is None:
        raise InvalidInputError(
            "--extra needs --code-column: every indexed title must name its O*NET-SOC code"
        )
    require_columns(frame, [title_column, code_column], path)
    extras = [c for c in frame.columns if c not in (title_column, code_column)]
    records, problems = [], []
    for number, row in enumerate(frame.to_dict("records"), start=2):
        title = tidy_title(str(row[title_column] or ""))
        try:
            occupation = taxonomy.occupation(str(row[code_column] or ""))
        except InvalidInputError as exc:
            problems.append(f"row {number}: {exc}")
            continue
        if not title or len(title) > MAX_TITLE_CHARS:
            problems.append(f"row {number}: title empty or over {MAX_TITLE_CHARS} characters")
            continue
        extra = tuple((f"user_{c}" if c in RESERVED else str(c), str(row[c])) for c in extras)
        records.append(TitleRecord(title, occupation.code, occupation.title, "user", extra))
    if problems:
        shown = "; ".join(problems[:5]) + (
            f"; … {len(problems) - 5} more" if len(problems) > 5 else ""
        )
        raise DataFileError(f"{path}: {len(problems)} bad rows, nothing indexed: {shown}")
    return records


RESERVED = {"title", "onet_code", "onet_title", "soc_code", "major_group", "source"}


def build_corpus(taxonomy: Taxonomy, extra: list[TitleRecord] | None = None) -> list[TitleRecord]:
    """O*NET alternate + occupation titles, then user rows, de-duplicated, in a stable order."""
    return dedupe(taxonomy.corpus() + list(extra or []))


def payload_of(record: TitleRecord) -> dict[str, Any]:
    """The payload contract: title, onet_code, onet_title, soc_code, major_group, source, extras."""
    payload: dict[str, Any] = {
        "title": record.title,
        "onet_code": record.onet_code,
        "onet_title": record.onet_title,
        "soc_code": record.onet_code[:7],
        "major_group": record.onet_code[:2],
        "source": record.source,
    }
    payload.update(dict(record.extra))
    return payload


def is_review_record(record: TitleRecord) -> bool:
    """Whether ``record`` is a reviewer's correction (its payload carries :data:`REVIEW_ID`)."""
    return any(key == REVIEW_ID for key, _ in record.extra)


@lru_cache(maxsize=200_000)
def record_id(record: TitleRecord) -> str:
    """The point id of a record (memoised: an ingest asks for each id several times).

    A reviewer's correction gets an id of its own, even where O*NET holds the same title under
    the same code: undoing the correction then removes only the person's point.
    """
    title = normalize_title(record.title)
    if is_review_record(record):
        title += "\x00review"
    return point_id(record.onet_code, title)


def corpus_hash(records: list[TitleRecord]) -> str:
    """Hash of ids and payloads, order-independent: equal corpora hash equally across runs."""
    digest = hashlib.sha256()
    for rid, payload in sorted((record_id(r), payload_of(r)) for r in records):
        digest.update(rid.encode())
        digest.update(repr(sorted(payload.items())).encode())
    return digest.hexdigest()


def to_point(record: TitleRecord, vectors: dict[str, list[float]]) -> PointRecord:
    return PointRecord(id=record_id(record), payload=payload_of(record), vectors=vectors)


__all__ = [
    "DataFileError",
    "build_corpus",
    "corpus_hash",
    "payload_of",
    "record_id",
    "to_point",
    "user_records",
]
