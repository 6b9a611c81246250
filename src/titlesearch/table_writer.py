"""Coded tables out, a chunk at a time: CSV (spreadsheet-safe), JSON Lines or Parquet, into a
file that appears only once complete (a temp file renamed at the end) or onto standard output.
"""

from __future__ import annotations

import contextlib
import json
import math
import sys
from pathlib import Path
from typing import Any

import pandas as pd

from titlesearch.atomic_write import atomic_target
from titlesearch.errors import DataFileError, InvalidInputError
from titlesearch.tabular import neutralized

FORMATS = ("csv", "jsonl", "parquet")
_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".parquet": "parquet"}


def output_format(requested: str | None, output: Path | str) -> str:
    """``requested``, else the format ``output``'s suffix names, else csv (also for ``-``)."""
    if requested is not None:
        if requested not in FORMATS:
            raise InvalidInputError(
                f"--format must be one of {', '.join(FORMATS)}, got {requested!r}"
            )
        return requested
    return _SUFFIXES.get(Path(str(output)).suffix.lower(), "csv")


class TableWriter:
    """Writes frames, one after another, as one table in ``fmt``.

    Use it as a context manager. Leaving the block normally completes the table: a file
    replaces any older one at once. Leaving it by an exception removes what was written, so no
    half-written file is left; on standard output, what was written stays (a reader sees the
    non-zero exit status). Formula-like cells are neutralised in CSV only: JSON Lines and
    Parquet are not opened by spreadsheets, and keep their values as they are.

    Args:
        target: The file (checked by :func:`titlesearch.tabular.output_target`), or None for
            standard output.
        fmt: One of :data:`FORMATS`.
    """

    def __init__(self, target: Path | None, fmt: str) -> None:
        if fmt not in FORMATS:
            raise InvalidInputError(f"--format must be one of {', '.join(FORMATS)}, got {fmt!r}")
        self.target, self.fmt, self.rows = target, fmt, 0
        self._stack = contextlib.ExitStack()
        self._parquet: Any = None
        self._handle: Any = None

    def __enter__(self) -> TableWriter:
        if self.target is None:
            sys.stdout.flush()
            self._handle = sys.stdout.buffer
        else:
            with self._errors():
                tmp = self._stack.enter_context(atomic_target(self.target))
                self._handle = self._stack.enter_context(tmp.open("wb"))
        return self

    def write(self, frame: pd.DataFrame) -> None:
        """Append ``frame``'s rows (the first frame's columns and types set the table's)."""
        with self._errors():
            if self.fmt == "parquet":
                self._write_parquet(frame)
            elif self.fmt == "jsonl":
                self._handle.write(jsonl_bytes(frame))
            else:
                csv = neutralized(frame).to_csv(index=False, header=self.rows == 0)
                self._handle.write(csv.encode("utf-8"))
            self._handle.flush()
        self.rows += len(frame)

    def _write_parquet(self, frame: pd.DataFrame) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = self._parquet.schema if self._parquet else None
        table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._handle, table.schema)
        self._parquet.write_table(table)

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is not None:  # the temp file is removed; the exception goes on
            if self._parquet is not None:
                with contextlib.suppress(Exception):
                    self._parquet.close()
            self._stack.__exit__(exc_type, exc, tb)
            return
        with self._errors(), self._stack:  # a failure to finish removes the temp file too
            if self._parquet is not None:
                self._parquet.close()  # writes the footer: a Parquet file is unreadable without
            if self.target is None:
                self._handle.flush()

    @contextlib.contextmanager
    def _errors(self):
        try:
            yield
        except BrokenPipeError:
            raise  # the reader of standard output stopped: the command ends quietly
        except OSError as exc:
            where = self.target or "standard output"
            raise DataFileError(f"cannot write {where}: {exc.strerror or exc}") from None


def jsonl_bytes(frame: pd.DataFrame) -> bytes:
    """One JSON object per row (UTF-8 lines); missing values are ``null``."""
    lines = [
        json.dumps({str(k): _plain(v) for k, v in row.items()}, ensure_ascii=False, default=str)
        for row in frame.to_dict(orient="records")
    ]
    return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""


def _plain(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    return value.item() if hasattr(value, "item") else value
