"""Tables read a chunk of rows at a time (CSV, Parquet, or CSV piped to standard input), so
batch coding holds a few chunks in memory whatever the table's length.

The CSV rules (encodings, delimiters, field counts) are :mod:`titlesearch.csv_reading`'s, the
same as for whole-table reads; Parquet is read a record batch at a time.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import pandas as pd

from titlesearch.csv_reading import STREAM_HEAD, open_stream_text, open_text, read_csv_rows
from titlesearch.errors import DataFileError
from titlesearch.tabular import check_source, text_frame

STDIN = "-"
"""The source name that means standard input."""
STDIN_NAME = "standard input"
_PARQUET_MAGIC = b"PAR1"


class TableChunks:
    """The rows of one table, as frames of at most ``chunk_rows`` rows of text, read lazily.

    Opening reads the header and the first chunk, so a bad or empty table is refused before
    any model loads. Iterate once; use it as a context manager to release the file.

    Attributes:
        name: How messages name the table: its path, or ``standard input``.
        columns: The header.
    """

    def __init__(
        self, name: str, columns: list[str], frames: Iterator[pd.DataFrame], close: Callable
    ) -> None:
        self.name, self.columns, self._close = name, columns, close
        self._frames = frames
        self._first = self._next()
        if self._first is None:
            close()
            raise DataFileError(f"{name} has a header but no rows")

    def __iter__(self) -> Iterator[pd.DataFrame]:
        frame, self._first = self._first, None
        while frame is not None:
            yield frame
            frame = self._next()

    def _next(self) -> pd.DataFrame | None:
        try:
            return next(self._frames, None)
        except DataFileError:
            raise
        except Exception as exc:  # pyarrow and the csv module raise many types for bad files
            raise DataFileError(f"cannot read {self.name} as a table: {exc}") from None

    def __enter__(self) -> TableChunks:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()


def open_chunks(
    source: Path | str, *, chunk_rows: int, stdin: BinaryIO | None = None
) -> TableChunks:
    """Open a CSV or Parquet file, or standard input (``-``, CSV only), for chunked reading.

    Args:
        source: The file, or ``-``.
        chunk_rows: Rows per chunk.
        stdin: The binary stream ``-`` reads (default ``sys.stdin.buffer``).

    Raises:
        DataFileError: the file is missing, empty, not a table, has no rows; Parquet piped in.
    """
    if str(source) == STDIN:
        binary = stdin if stdin is not None else sys.stdin.buffer
        head = binary.read(STREAM_HEAD)
        if not head:
            raise DataFileError(f"{STDIN_NAME} is empty; pipe a CSV with a header row into it")
        if head.startswith(_PARQUET_MAGIC):
            raise DataFileError(
                f"{STDIN_NAME} holds a Parquet file, and only CSV can be piped in (Parquet keeps "
                "its index at the end of the file); pass it with --input FILE.parquet"
            )
        return _csv_chunks(open_stream_text(head, binary, STDIN_NAME), STDIN_NAME, chunk_rows)
    path = Path(source)
    check_source(path)
    try:
        if path.suffix.lower() == ".parquet":
            return _parquet_chunks(path, chunk_rows)
        return _csv_chunks(open_text(path), str(path), chunk_rows)
    except DataFileError:
        raise
    except Exception as exc:
        raise DataFileError(f"cannot read {path} as a table: {exc}") from None


def _csv_chunks(text, name: str, chunk_rows: int) -> TableChunks:
    try:
        rows = read_csv_rows(text, name)
        frames = (
            pd.DataFrame(batch, columns=rows.header, dtype=str)
            for batch in _batched(rows.rows, chunk_rows)
        )
        return TableChunks(name, rows.header, frames, text.close)
    except BaseException:
        text.close()
        raise


def _parquet_chunks(path: Path, chunk_rows: int) -> TableChunks:
    import pyarrow.parquet as pq

    file = pq.ParquetFile(path)
    frames = (text_frame(batch) for batch in file.iter_batches(batch_size=chunk_rows))
    return TableChunks(str(path), list(file.schema_arrow.names), frames, file.close)


def _batched(rows: Iterator[list[str]], size: int) -> Iterator[list[list[str]]]:
    while batch := list(itertools.islice(rows, size)):
        yield batch
