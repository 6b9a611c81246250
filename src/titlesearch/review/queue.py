"""Which rows of a coded table need a person: those that abstained, fell back to the major
group, or were coded with less confidence than the reviewer asks for.

A coded table is what ``titlesearch classify --input`` (or the Batch page) writes: the input
columns, then the prediction columns (``predicted_<name>`` where the input already had the
name). Rows are grouped by normalised title, so a title that occurs a hundred times in a
batch is reviewed once; titles that already have a standing decision are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from titlesearch.errors import DataFileError
from titlesearch.review.decisions import Decision
from titlesearch.search.classify import Classification
from titlesearch.taxonomy import normalize_title


def prediction(frame: pd.DataFrame, name: str) -> str:
    """The column holding prediction ``name`` in a coded table."""
    prefixed = f"predicted_{name}"
    return prefixed if prefixed in frame.columns else name


def check_coded(frame: pd.DataFrame, column: str, source: str) -> None:
    """Refuse a table that is not a coded table with title column ``column``.

    Raises:
        DataFileError: naming what is missing and where coded tables come from.
    """
    if column not in frame.columns:
        raise DataFileError(
            f"{source} has no title column {column!r} (columns: "
            f"{', '.join(map(str, frame.columns))}); pass --column NAME"
        )
    missing = [n for n in ("level", "confidence") if prediction(frame, n) not in frame.columns]
    if missing:
        raise DataFileError(
            f"{source} is not a coded table (no {', '.join(missing)} column): review the output "
            "of `titlesearch classify --input FILE --output CODED.csv`"
        )


@dataclass(frozen=True)
class QueueItem:
    """One title to review, with where it occurs in the table and what the machine said."""

    key: str
    title: str
    rows: tuple[int, ...]  # positions in the table, 0-based
    level: str
    confidence: float
    top_code: str


def review_queue(
    frame: pd.DataFrame,
    column: str,
    *,
    below: float,
    decided: Mapping[str, Decision] | None = None,
    source: str = "the table",
) -> list[QueueItem]:
    """The titles of coded ``frame`` that need a person, in table order.

    Args:
        frame: A coded table.
        column: Its title column.
        below: Rows coded with a confidence under this are queued too (0 queues only the
            abstained and group-level rows).
        decided: Standing decisions by title key: their titles are not queued again.
        source: The table's name, for messages.

    Raises:
        DataFileError: ``frame`` is not a coded table.
    """
    check_coded(frame, column, source)
    decided = decided or {}
    level = frame[prediction(frame, "level")].fillna("").astype(str)
    confidence = pd.to_numeric(frame[prediction(frame, "confidence")], errors="coerce").fillna(0)
    top = frame.get(prediction(frame, "top_code"), None)
    queued = ((level != "code") | (confidence < below)).to_numpy()
    items: dict[str, list[int]] = {}
    titles = frame[column].fillna("").astype(str)
    for row in queued.nonzero()[0].tolist():
        key = normalize_title(titles.iloc[row])
        if key and key not in decided:
            items.setdefault(key, []).append(row)
    return [
        QueueItem(
            key=key,
            title=titles.iloc[rows[0]],
            rows=tuple(rows),
            level=level.iloc[rows[0]],
            confidence=float(confidence.iloc[rows[0]]),
            top_code="" if top is None else str(top.iloc[rows[0]] or ""),
        )
        for key, rows in items.items()
    ]


def candidates(
    service, items: list[QueueItem], *, model: str | None = None, top_k: int = 5
) -> list[Classification]:
    """Each queued title classified afresh by ``service`` (a
    :class:`~titlesearch.search.service.SearchService`): its top candidate codes with their
    probabilities and matched titles, and the nearest titles that voted (the reasons)."""
    if not items:
        return []
    return service.classify([item.title for item in items], model=model, top_k=top_k)
