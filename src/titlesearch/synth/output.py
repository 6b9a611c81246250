"""The output file of a generation run: written as CSV row by row (or Parquet), read back whole."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from titlesearch.errors import DataFileError
from titlesearch.synth.contract import OUTPUT_COLUMNS, JitteredTitle, seed_key


class SyntheticFile:
    """The output file of a run: CSV appended to row by row, or Parquet via a staging CSV.

    Parquet cannot be appended to, so new rows go to ``<name>.partial`` (CSV, flushed per batch)
    and :meth:`close` rewrites the Parquet with old and new rows (atomically: temp file, rename).
    A run killed before ``close`` leaves the staging file; the next run counts its seeds as done
    and merges it. ``.partial`` files are never mistaken for data by globbing ``*.csv``.
    """

    def __init__(self, path: Path, fmt: str = "csv") -> None:
        self.path = path
        self.fmt = fmt
        self.staging = path.with_name(path.name + ".partial") if fmt == "parquet" else path
        self._handle: TextIO | None = None
        self._writer: Any = None

    def done_keys(self) -> set[tuple[str, str]]:
        """:func:`seed_key` of every seed that already has rows (to skip on resume).

        Raises:
            DataFileError: the file exists but is not in this format / lacks the columns.
        """
        keys: set[tuple[str, str]] = set()
        if self.fmt == "parquet" and self.path.exists():
            import pyarrow.parquet as pq

            try:
                table = pq.read_table(self.path, columns=["seed_title", "onet_code"])
            except Exception as exc:
                raise DataFileError(
                    f"{self.path} exists but is not synthetic data ({exc}); "
                    "choose another --output or remove it"
                ) from None
            titles, codes = table.column(0).to_pylist(), table.column(1).to_pylist()
            keys.update(seed_key(str(c), str(t)) for t, c in zip(titles, codes, strict=True))
        if self.staging.exists() and self.staging.stat().st_size:
            with self.staging.open(newline="", encoding="utf-8") as handle:
                reader = csv.reader(handle)
                header = tuple(next(reader, ()))
                if header != OUTPUT_COLUMNS:
                    raise DataFileError(
                        f"{self.staging} exists but its columns are {', '.join(header)}, not "
                        f"{', '.join(OUTPUT_COLUMNS)}; choose another --output or remove it"
                    )
                keys.update(seed_key(row[2], row[1]) for row in reader if len(row) == 6)
        return keys

    def append(self, rows: Sequence[JitteredTitle]) -> None:
        """Append rows and flush, so an interruption loses nothing already appended."""
        if not rows:
            return
        if self._writer is None:
            self.staging.parent.mkdir(parents=True, exist_ok=True)
            new = _drop_partial_line(self.staging)
            self._handle = self.staging.open("a", newline="", encoding="utf-8")
            self._writer = csv.writer(self._handle)
            if new:
                self._writer.writerow(OUTPUT_COLUMNS)
        self._writer.writerows(row.as_row() for row in rows)
        assert self._handle is not None
        self._handle.flush()

    def close(self) -> None:
        """Close the CSV; for Parquet, merge the staging rows into the Parquet file."""
        if self._handle is not None:
            self._handle.close()
            self._handle = self._writer = None
        if self.fmt != "parquet" or not self.staging.exists():
            return
        import pyarrow as pa
        import pyarrow.csv as pa_csv
        import pyarrow.parquet as pq

        types = {column: pa.string() for column in OUTPUT_COLUMNS}
        options = pa_csv.ConvertOptions(column_types=types, strings_can_be_null=False)
        tables = [pa_csv.read_csv(self.staging, convert_options=options)]
        if self.path.exists():
            old = pq.read_table(self.path).select(list(OUTPUT_COLUMNS))
            tables.insert(0, old.cast(tables[0].schema))
        tmp = self.path.with_name(self.path.name + ".tmp")
        pq.write_table(pa.concat_tables(tables), tmp)
        tmp.replace(self.path)
        self.staging.unlink()


def _drop_partial_line(path: Path) -> bool:
    """Cut a half-written last line (a killed run) off ``path``; True if the file is new/empty."""
    if not path.exists() or path.stat().st_size == 0:
        return True
    with path.open("rb+") as handle:
        handle.seek(-1, 2)
        if handle.read(1) != b"\n":
            handle.seek(0)
            data = handle.read()
            handle.truncate(data.rfind(b"\n") + 1)
    return path.stat().st_size == 0


def load_synthetic(path: Path) -> list[JitteredTitle]:
    """Read a generated file (CSV or Parquet) back as rows, for the trainer.

    Raises:
        DataFileError: missing/unreadable file, or missing one of :data:`OUTPUT_COLUMNS`.
    """
    from titlesearch.tabular import read_table, require_columns

    frame = read_table(path)
    require_columns(frame, list(OUTPUT_COLUMNS), path)
    return [JitteredTitle(*row) for row in frame[list(OUTPUT_COLUMNS)].itertuples(index=False)]
