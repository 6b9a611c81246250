"""Reading user tables (CSV, Parquet) with clear errors, and writing CSV safely for spreadsheets."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from titlesearch.atomic_write import atomic_write
from titlesearch.errors import DataFileError

MAX_FILE_BYTES = 200 * 1024 * 1024
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def read_table(path: Path | str, *, max_rows: int | None = None) -> pd.DataFrame:
    """Read a CSV (UTF-8, or Latin-1 as a fallback) or Parquet file as strings.

    Raises:
        DataFileError: missing, empty, too large, unreadable, or over ``max_rows`` rows.
    """
    path = Path(path)
    if not path.is_file():
        raise DataFileError(f"file not found: {path}")
    size = path.stat().st_size
    if size == 0:
        raise DataFileError(f"{path} is empty")
    if size > MAX_FILE_BYTES:
        raise DataFileError(f"{path} is {size >> 20} MiB; the limit is {MAX_FILE_BYTES >> 20} MiB")
    try:
        if path.suffix.lower() == ".parquet":
            frame = pd.read_parquet(path).astype(str)
        else:
            frame = _read_csv(path)
    except DataFileError:
        raise
    except Exception as exc:  # pandas raises many types for malformed files
        raise DataFileError(f"cannot read {path} as a table: {exc}") from None
    if frame.empty:
        raise DataFileError(f"{path} has a header but no rows")
    if max_rows is not None and len(frame) > max_rows:
        raise DataFileError(f"{path} has {len(frame)} rows; the limit is {max_rows}")
    return frame


def _read_csv(path: Path) -> pd.DataFrame:
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding=encoding)
        except UnicodeDecodeError:
            continue
        except pd.errors.EmptyDataError:
            raise DataFileError(f"{path} has no columns (is it a CSV with a header row?)") from None
    raise DataFileError(f"{path} is neither UTF-8 nor Latin-1 text")


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


def write_safe_csv(frame: pd.DataFrame, path: Path | str) -> None:
    """Write CSV with formula-like cells neutralised, atomically (temp file then rename).

    Raises:
        DataFileError: ``path`` is a folder or cannot be written; nothing is left behind.
    """
    path = Path(path)
    if path.is_dir():
        raise DataFileError(
            f"{path} is a folder; name the CSV file to write, e.g. {path}/coded.csv"
        )
    safe = _neutralized(frame)
    try:
        atomic_write(path, lambda tmp: safe.to_csv(tmp, index=False))
    except OSError as exc:
        raise DataFileError(f"cannot write {path}: {exc.strerror or exc}") from None


def _neutralized(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with formula-like cells and column names (the header row is cells too) quoted."""
    safe = frame.map(neutralize_formula)
    safe.columns = [neutralize_formula(c) for c in frame.columns]
    return safe


def safe_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The same neutralised CSV as bytes, for downloads."""
    return _neutralized(frame).to_csv(index=False).encode("utf-8")
