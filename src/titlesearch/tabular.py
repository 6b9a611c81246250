"""Reading user tables (CSV, Parquet) with clear errors, and writing CSV safely for spreadsheets."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pandas as pd

from titlesearch.atomic_write import atomic_write
from titlesearch.csv_reading import open_text, read_csv_rows
from titlesearch.errors import DataFileError

MAX_FILE_BYTES = 200 * 1024 * 1024
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def check_source(path: Path) -> None:
    """Refuse, with a message saying what to give instead, a path that is not a readable,
    non-empty regular file."""
    if path.is_dir():
        raise DataFileError(f"{path} is a folder; give the CSV or Parquet file inside it")
    if path.exists() and not path.is_file():
        raise DataFileError(
            f"{path} is not a regular file (a device, pipe or socket); save the table to a "
            "CSV or Parquet file and give that"
        )
    if not path.is_file():
        raise DataFileError(f"file not found: {path}")
    if path.stat().st_size == 0:
        raise DataFileError(f"{path} is empty")


def read_table(path: Path | str, *, max_rows: int | None = None) -> pd.DataFrame:
    """Read a CSV (UTF-8, or Latin-1 as a fallback) or Parquet file as strings.

    Raises:
        DataFileError: missing, empty, too large, unreadable, or over ``max_rows`` rows.
    """
    path = Path(path)
    check_source(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataFileError(f"{path} is {size >> 20} MiB; the limit is {MAX_FILE_BYTES >> 20} MiB")
    try:
        if path.suffix.lower() == ".parquet":
            import pyarrow.parquet as pq

            frame = text_frame(pq.read_table(path))
        else:
            with open_text(path) as text:
                rows = read_csv_rows(text, str(path))
                frame = pd.DataFrame(list(rows.rows), columns=rows.header, dtype=str)
    except DataFileError:
        raise
    except Exception as exc:  # pandas raises many types for malformed files
        raise DataFileError(f"cannot read {path} as a table: {exc}") from None
    if frame.empty:
        raise DataFileError(f"{path} has a header but no rows")
    if max_rows is not None and len(frame) > max_rows:
        raise DataFileError(f"{path} has {len(frame)} rows; the limit is {max_rows}")
    return frame


def text_frame(table) -> pd.DataFrame:
    """A pyarrow table (or one batch of one) as a frame of strings; missing values stay
    missing. Integer columns print as integers whether or not a value is missing, so every
    batch of one file reads alike."""
    return table.to_pandas(integer_object_nulls=True).astype(str)


def require_columns(frame: pd.DataFrame, columns: list[str], path: Path | str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        available = ", ".join(map(str, frame.columns))
        raise DataFileError(f"{path}: missing column(s) {', '.join(missing)}; it has: {available}")


def neutralize_formula(value: object) -> object:
    """Prefix cells a spreadsheet would run as a formula (``=cmd|...``) with a quote."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def output_target(path: Path | str, *, source: Path | str | None = None) -> Path | None:
    """Where a table asked to go to ``path`` is written, checked before any work is done.

    ``-`` means standard output (None is returned). A symlink is written through: its target
    is replaced, the link stays. Devices, FIFOs and sockets are refused (a rename would replace
    them with a regular file), as are a folder, the input file itself, and a path under a file.

    Raises:
        DataFileError: saying why ``path`` cannot take the output and what to give instead.
    """
    if str(path) == "-":
        return None
    path = Path(path)
    target = Path(os.path.realpath(path))
    try:
        mode = os.stat(path).st_mode
    except (FileNotFoundError, NotADirectoryError):  # not there yet (or under a file: below)
        mode = None
    except OSError as exc:
        raise DataFileError(f"cannot write {path}: {exc.strerror or exc}") from None
    if mode is not None and stat.S_ISDIR(mode):
        raise DataFileError(
            f"{path} is a folder; name the CSV file to write, e.g. {path}/coded.csv"
        )
    if mode is not None and not stat.S_ISREG(mode):
        raise DataFileError(
            f"{path} is not a regular file (a device, pipe or socket); give a file name, "
            "or --output - to write to standard output"
        )
    same = mode is not None and source is not None and Path(source).exists()
    if same and os.path.samefile(target, source):  # type: ignore[arg-type]
        raise DataFileError(f"{path} is the input file; write the coded table elsewhere")
    folder = target.parent
    while not folder.exists():
        folder = folder.parent
    if not folder.is_dir():
        raise DataFileError(f"cannot write {path}: {folder} is a file, not a folder")
    if not os.access(folder, os.W_OK) or (mode is not None and not os.access(target, os.W_OK)):
        raise DataFileError(f"cannot write {path}: permission denied")
    return target


def write_safe_csv(frame: pd.DataFrame, path: Path | str | None) -> None:
    """Write CSV with formula-like cells neutralised, atomically (temp file then rename).

    Args:
        frame: The table.
        path: The file, or None for standard output (see :func:`output_target`).

    Raises:
        DataFileError: ``path`` cannot be written; nothing is left behind.
    """
    if path is None:
        sys.stdout.write(neutralized(frame).to_csv(index=False))
        sys.stdout.flush()
        return
    target = output_target(path)
    safe = neutralized(frame)
    try:
        atomic_write(target, lambda tmp: safe.to_csv(tmp, index=False))  # type: ignore[arg-type]
    except OSError as exc:
        raise DataFileError(f"cannot write {path}: {exc.strerror or exc}") from None


def neutralized(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with formula-like cells and column names (the header row is cells too) quoted."""
    safe = frame.map(neutralize_formula)
    safe.columns = [neutralize_formula(c) for c in frame.columns]
    return safe


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The same neutralised CSV as bytes, for downloads."""
    return neutralized(frame).to_csv(index=False).encode("utf-8")
