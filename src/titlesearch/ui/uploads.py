"""Turning what a user uploads or pastes into a table of titles, with clear errors.

Uploads go through :func:`titlesearch.tabular.read_table` (encoding fallback, empty and
row-limit checks) via a temporary file named like the upload, so messages name the user's file.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from titlesearch.errors import DataFileError
from titlesearch.tabular import read_table

ACCEPTED_SUFFIXES = (".csv", ".txt")


def read_upload(name: str, data: bytes, *, max_rows: int) -> pd.DataFrame:
    """A CSV upload (header row first) as a table of strings.

    Raises:
        DataFileError: not a CSV, binary content, empty, no rows, unreadable, or over ``max_rows``.
    """
    suffix = Path(name).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise DataFileError(
            f"{name} is not a CSV file: save it as CSV (UTF-8) with a header row, "
            "e.g. from a spreadsheet via File → Save as → CSV, and upload that"
        )
    if b"\x00" in data[:65536]:
        raise DataFileError(f"{name} does not look like text: upload a CSV file with a header row")
    return _read_as_file(name, data, lambda path: read_table(path, max_rows=max_rows))


def _read_as_file(name: str, data: bytes, read: Callable[[Path], pd.DataFrame]) -> pd.DataFrame:
    """``read`` of the upload saved to a temp file named like it; messages name the upload."""
    with tempfile.TemporaryDirectory(prefix="titlesearch-upload-") as folder:
        path = Path(folder) / Path(name).name
        path.write_bytes(data)
        try:
            return read(path)
        except DataFileError as exc:
            raise DataFileError(str(exc).replace(str(path), name)) from None


def pasted_titles(text: str | None, *, max_rows: int) -> pd.DataFrame:
    """One title per non-empty line, as a one-column table ``title``.

    Raises:
        DataFileError: nothing but blank lines, or more than ``max_rows`` lines.
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise DataFileError("no titles to classify: paste one job title per line")
    if len(lines) > max_rows:
        raise DataFileError(
            f"{len(lines)} titles pasted; the limit is {max_rows} (TITLESEARCH_UI_MAX_BATCH_ROWS): "
            "split the list, or use `titlesearch classify --input FILE.csv` for large files"
        )
    return pd.DataFrame({"title": lines})


CODED_SUFFIXES = (".csv", ".jsonl", ".ndjson", ".parquet")


def read_coded_upload(name: str, data: bytes) -> pd.DataFrame:
    """An uploaded coded table (from ``titlesearch classify --input`` or the Batch page).

    Raises:
        DataFileError: not CSV, JSON Lines or Parquet, or unreadable; the upload is named.
    """
    from titlesearch.review.table import read_coded

    if Path(name).suffix.lower() not in CODED_SUFFIXES:
        raise DataFileError(
            f"{name} is not a coded table: upload the CSV, JSONL or Parquet file that "
            "`titlesearch classify --input` wrote, or the Batch page's download"
        )
    return _read_as_file(name, data, read_coded)
