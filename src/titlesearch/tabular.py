"""Reading user tables (CSV, Parquet) with clear errors, and writing CSV safely for spreadsheets."""

from __future__ import annotations

import codecs
import csv
import io
import os
import stat
import sys
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
    if path.is_dir():
        raise DataFileError(f"{path} is a folder; give the CSV or Parquet file inside it")
    if path.exists() and not path.is_file():
        raise DataFileError(
            f"{path} is not a regular file (a device, pipe or socket); save the table to a "
            "CSV or Parquet file and give that"
        )
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


DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")  # cp1252 first: Excel's "CSV" on Windows
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


def _read_csv(path: Path) -> pd.DataFrame:
    """Decode, detect the delimiter from the header, and check every row's field count.

    A row with more or fewer fields than the header is an error naming its line: pandas
    would otherwise turn the extra leading fields into an index and drop them, shifting every
    value of the row silently (``Nurse, RN,ICU`` read as title " RN").
    """
    text = _decode(path)
    header_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max(DELIMITERS, key=lambda d: _count_outside_quotes(header_line, d))
    one_column = _count_outside_quotes(header_line, delimiter) == 0
    if one_column:
        delimiter = ","  # a single column: commas inside titles are then part of the title
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] | None = None
    body: list[list[str]] = []
    try:
        for row in reader:
            if not row:
                continue  # blank lines are skipped, as pandas does
            if header is None:
                header = _checked_header(path, row)
            elif one_column:
                body.append([delimiter.join(row)])
            elif len(row) == len(header):
                body.append(row)
            else:
                noun = "more" if len(row) > len(header) else "fewer"
                raise DataFileError(
                    f"{path} line {reader.line_num} has {len(row)} fields, {noun} than the "
                    f"{len(header)} columns of its header ({_NAMES[delimiter]}-separated); "
                    'quote values that contain the separator, e.g. "Nurse, RN"'
                )
    except csv.Error as exc:
        raise DataFileError(f"{path} line {reader.line_num}: {exc}") from None
    if header is None:
        raise DataFileError(f"{path} has no columns (is it a CSV with a header row?)")
    return pd.DataFrame(body, columns=header, dtype=str)


def _decode(path: Path) -> str:
    raw = path.read_bytes()
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise DataFileError(
            f"{path} holds NUL bytes: it is binary or UTF-16 without a byte-order mark; save it "
            "as UTF-8 CSV"
        )
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataFileError(f"{path} is neither UTF-8, Windows-1252 nor Latin-1 text")


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _checked_header(path: Path, header: list[str]) -> list[str]:
    seen: set[str] = set()
    for name in header:
        if name in seen:
            raise DataFileError(f"{path}: column {name!r} appears twice in the header; rename one")
        seen.add(name)
    return header


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
        sys.stdout.write(_neutralized(frame).to_csv(index=False))
        sys.stdout.flush()
        return
    target = output_target(path)
    safe = _neutralized(frame)
    try:
        atomic_write(target, lambda tmp: safe.to_csv(tmp, index=False))  # type: ignore[arg-type]
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
