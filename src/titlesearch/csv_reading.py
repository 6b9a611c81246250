"""CSV text in: the encoding and the delimiter detected, every row's field count checked.

Whole-table reads (:func:`titlesearch.tabular.read_table`) and chunked ones
(:mod:`titlesearch.table_chunks`) both read through here, so they accept and refuse the same
files with the same messages. A file is decoded as UTF-8, else Windows-1252, else Latin-1,
chosen by reading it once in blocks (memory stays small whatever its size); standard input,
which can be read only once, is judged by its first block.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, TextIO

from titlesearch.errors import DataFileError

DELIMITERS = (",", ";", "\t", "|")
ENCODINGS = ("utf-8-sig", "cp1252", "latin-1")  # cp1252 first: Excel's "CSV" on Windows
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}
_SPELLED = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "cp1252": "Windows-1252", "utf-16": "UTF-16"}
_BLOCK = 256 * 1024
STREAM_HEAD = 64 * 1024
"""Bytes of standard input its encoding is judged by."""


def open_text(path: Path) -> TextIO:
    """``path`` opened as text in its encoding, for :func:`read_csv_rows`.

    Raises:
        DataFileError: binary, or UTF-16 without a byte-order mark.
    """
    with path.open("rb") as handle:
        encoding = _marked_encoding(handle.read(4096), str(path))
    if encoding is None:
        encoding = next((e for e in ENCODINGS if _file_decodes(path, e)), None)
    if encoding is None:
        raise DataFileError(f"{path} is neither UTF-8, Windows-1252 nor Latin-1 text")
    return path.open(encoding=encoding, newline="")


def open_stream_text(head: bytes, rest: BinaryIO, name: str) -> TextIO:
    """A stream read once (standard input) as text: ``head``, its first :data:`STREAM_HEAD`
    bytes (already read, e.g. to look at), then ``rest``. The encoding is the one ``head``
    decodes in; a later part in another encoding fails when it is read, naming its line.
    """
    final = len(head) < STREAM_HEAD  # the whole stream: no character can be cut in two
    encoding = _marked_encoding(head, name) or next(
        e for e in ENCODINGS if _decodes([head], e, final=final)
    )
    raw = io.BufferedReader(_Prefixed(head, rest))
    return io.TextIOWrapper(raw, encoding=encoding, newline="")


def _marked_encoding(head: bytes, name: str) -> str | None:
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in head[:4096]:
        raise DataFileError(
            f"{name} holds NUL bytes: it is binary or UTF-16 without a byte-order mark; save it "
            "as UTF-8 CSV"
        )
    return None


def _file_decodes(path: Path, encoding: str) -> bool:
    with path.open("rb") as handle:
        return _decodes(iter(lambda: handle.read(_BLOCK), b""), encoding)


def _decodes(blocks: Iterable[bytes], encoding: str, *, final: bool = True) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for block in blocks:
            decoder.decode(block)
        decoder.decode(b"", final=final)
    except UnicodeDecodeError:
        return False
    return True


class _Prefixed(io.RawIOBase):
    """The bytes already read from a stream, then the rest of it."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        if self._head:
            data, self._head = self._head[: len(buffer)], self._head[len(buffer) :]
        else:
            read = getattr(self._rest, "read1", self._rest.read)
            data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


@dataclass
class CsvRows:
    """A CSV's header, and its body rows (each as many fields as the header), read lazily."""

    header: list[str]
    rows: Iterator[list[str]]


def read_csv_rows(text: TextIO, name: str) -> CsvRows:
    """The header of CSV ``text`` and an iterator over its rows, checked as they are read.

    The delimiter is the one of ``, ; tab |`` that the first non-blank line holds most often
    outside quotes; a header with none is one column, and commas in its values are kept.

    Raises:
        DataFileError: no header, a column named twice, and (while iterating) a row with more
            or fewer fields than the header or broken quoting, naming its line: pandas would
            otherwise turn the extra leading fields into an index and drop them, shifting every
            value of the row silently (``Nurse, RN,ICU`` read as title " RN").
    """
    lines: list[str] = []
    with _checked(name, text, lambda: len(lines) + 1):
        for line in text:
            lines.append(line)
            if line.strip():
                break
    header_line = lines[-1] if lines else ""
    delimiter = max(DELIMITERS, key=lambda d: _count_outside_quotes(header_line, d))
    one_column = _count_outside_quotes(header_line, delimiter) == 0
    if one_column:
        delimiter = ","  # a single column: commas inside titles are then part of the title
    reader = csv.reader(itertools.chain(lines, text), delimiter=delimiter)
    header = None
    with _checked(name, text, lambda: reader.line_num):
        header = next((row for row in reader if row), None)
    if header is None:
        raise DataFileError(f"{name} has no columns (is it a CSV with a header row?)")
    return CsvRows(_checked_header(name, header), _body(reader, header, one_column, name, text))


def _body(
    reader, header: list[str], one_column: bool, name: str, text: TextIO
) -> Iterator[list[str]]:
    with _checked(name, text, lambda: reader.line_num):
        for row in reader:
            if not row:
                continue  # blank lines are skipped, as pandas does
            if one_column:
                yield [",".join(row)]
            elif len(row) == len(header):
                yield row
            else:
                noun = "more" if len(row) > len(header) else "fewer"
                separated = _NAMES[reader.dialect.delimiter]
                raise DataFileError(
                    f"{name} line {reader.line_num} has {len(row)} fields, {noun} than the "
                    f"{len(header)} columns of its header ({separated}-separated); "
                    'quote values that contain the separator, e.g. "Nurse, RN"'
                )


@contextlib.contextmanager
def _checked(name: str, text: TextIO, line) -> Iterator[None]:
    """csv's errors, and text that stops decoding part-way, as errors naming the line."""
    try:
        yield
    except csv.Error as exc:
        raise DataFileError(f"{name} line {line()}: {exc}") from None
    except UnicodeDecodeError as exc:
        encoding = getattr(text, "encoding", None) or "utf-8"
        raise DataFileError(
            f"{name} after line {line()} is not {_SPELLED.get(encoding, encoding)} text like "
            f"its start ({exc.reason}); save it as UTF-8"
        ) from None


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            count += 1
    return count


def _checked_header(name: str, header: list[str]) -> list[str]:
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise DataFileError(
                f"{name}: column {column!r} appears twice in the header; rename one"
            )
        seen.add(column)
    return header
