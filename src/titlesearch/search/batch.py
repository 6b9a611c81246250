"""Batch coding of tables of titles: a whole frame at once (the UI), or a stream of chunks
written as they are coded (``classify --input``), with encoding one chunk ahead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import pandas as pd

from titlesearch.errors import TitlesearchError
from titlesearch.prefetch import prefetched
from titlesearch.search.classify import Classification
from titlesearch.search.service import SearchService
from titlesearch.tabular import require_columns

_FLOATS = ("confidence", "group_confidence", "score", "top_probability")


def titles_of(frame: pd.DataFrame, column: str) -> list[str]:
    """The titles of ``column`` as text; a missing value (an empty Parquet cell) is empty."""
    return frame[column].fillna("").astype(str).tolist()


def coded_frame(frame: pd.DataFrame, results: Sequence[Classification]) -> pd.DataFrame:
    """The input columns followed by the prediction columns, one row per input row.

    A prediction column whose name the input already uses is called ``predicted_<name>``.
    Number columns are always floats (empty where there is no value), so every chunk of a
    stream has the same column types.
    """
    predictions = pd.DataFrame([r.as_row() for r in results]).drop(columns=["query"])
    predictions = predictions.astype({c: "float64" for c in _FLOATS})
    predictions.columns = [
        f"predicted_{c}" if c in frame.columns else c for c in predictions.columns
    ]
    return pd.concat([frame.reset_index(drop=True), predictions], axis=1)


def classify_frame(
    service: SearchService,
    frame: pd.DataFrame,
    column: str,
    *,
    model: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """The coded table of ``frame`` (see :func:`coded_frame`), classified in one call."""
    require_columns(frame, [column], "the table")
    results = service.classify(titles_of(frame, column), model=model, progress=progress)
    return coded_frame(frame, results)


def classify_chunks(
    service: SearchService,
    chunks: Iterable[pd.DataFrame],
    column: str,
    *,
    model: str | None = None,
    hybrid: bool | None = None,
) -> Iterator[tuple[pd.DataFrame, list[Classification]]]:
    """Each chunk's coded frame and classifications, in order, as they are ready.

    A background thread reads and encodes the next chunk while this one queries the index and
    is classified, so encoding rarely waits. Each chunk is classified exactly as
    :meth:`SearchService.classify` classifies a batch, so a table streamed in chunks of its
    ``batch_size`` is coded identically. At most two chunks are held at once.
    """
    name = model or service.default_model()

    def encoded() -> Iterator[tuple[pd.DataFrame, Any]]:
        for frame in chunks:
            yield frame, service.encode_titles(titles_of(frame, column), model=name)

    ahead = prefetched(encoded(), name="classify-encode")
    try:
        for frame, titles in ahead:
            results = service.classify_encoded(titles, hybrid=hybrid)
            yield coded_frame(frame, results), results
    finally:
        ahead.close()


class ChunkWriter(Protocol):
    """Where coded chunks go (:class:`titlesearch.table_writer.TableWriter`)."""

    def write(self, frame: pd.DataFrame) -> None: ...


@dataclass
class BatchSummary:
    """What a batch run coded: rows, abstentions, and rows per level (most first)."""

    rows: int = 0
    abstained: int = 0
    levels: Counter = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "abstained": self.abstained,
            "levels": dict(self.levels.most_common()),
        }


def code_table(
    service: SearchService,
    chunks: Iterable[pd.DataFrame],
    column: str,
    writer: ChunkWriter,
    *,
    model: str | None = None,
    hybrid: bool | None = None,
    progress: Callable[[int], None] | None = None,
    written_to: str = "the output",
) -> BatchSummary:
    """Code every chunk into ``writer`` as it is ready; ``progress(rows done)`` after each.

    Raises:
        TitlesearchError: of the kind that stopped it (a malformed row, a lost index, …), its
            message saying from which row on nothing was coded and what happened to
            ``written_to`` (the caller's words: a file left unwritten, or rows already sent).
    """
    summary = BatchSummary()
    try:
        for coded, results in classify_chunks(service, chunks, column, model=model, hybrid=hybrid):
            writer.write(coded)
            summary.rows += len(results)
            summary.abstained += sum(r.abstain for r in results)
            summary.levels.update(r.level for r in results)
            if progress is not None:
                progress(summary.rows)
    except TitlesearchError as exc:
        where = f"stopped at row {summary.rows + 1:,} ({summary.rows:,} rows coded before it)"
        raise type(exc)(f"{exc}; {where}; {written_to}") from None
    return summary
