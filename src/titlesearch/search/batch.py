"""Batch coding of a table of titles: read, classify, write a spreadsheet-safe CSV."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from titlesearch.search.service import SearchService
from titlesearch.tabular import read_table, require_columns, write_safe_csv

DEFAULT_MAX_ROWS = 100_000


def classify_frame(
    service: SearchService,
    frame: pd.DataFrame,
    column: str,
    *,
    model: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """The input columns followed by the prediction columns, one row per input row."""
    require_columns(frame, [column], "the table")
    results = service.classify(frame[column].astype(str).tolist(), model=model, progress=progress)
    predictions = pd.DataFrame([r.as_row() for r in results]).drop(columns=["query"])
    predictions.columns = [
        f"predicted_{c}" if c in frame.columns else c for c in predictions.columns
    ]
    return pd.concat([frame.reset_index(drop=True), predictions], axis=1)


def read_titles(source: Path, column: str, *, max_rows: int = DEFAULT_MAX_ROWS) -> pd.DataFrame:
    """The table to code, checked (exists, readable, has ``column``, not too long) up front,
    so a bad file fails before any model is loaded."""
    frame = read_table(source, max_rows=max_rows)
    require_columns(frame, [column], source)
    return frame


def write_coded(coded: pd.DataFrame, output: Path | None) -> None:
    """Write the coded table (spreadsheet-safe, atomic: no half-written file on failure);
    ``output`` None writes it to standard output."""
    write_safe_csv(coded, output)  # creates the folder; refuses a folder as the file
