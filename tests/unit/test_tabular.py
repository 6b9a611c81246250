"""Reading user tables with clear errors; spreadsheet-safe CSV output."""

import pandas as pd
import pytest

from titlesearch.errors import DataFileError
from titlesearch.tabular import read_table, require_columns, safe_csv_bytes, write_safe_csv


def test_missing_empty_and_headerless(tmp_path):
    with pytest.raises(DataFileError, match="not found"):
        read_table(tmp_path / "nope.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataFileError, match="empty"):
        read_table(empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text("title\n")
    with pytest.raises(DataFileError, match="no rows"):
        read_table(header_only)


def test_latin1_fallback_and_row_limit(tmp_path):
    path = tmp_path / "l1.csv"
    path.write_bytes("title\nCaf\xe9 Manager\nBarista\n".encode("latin-1"))
    frame = read_table(path)
    assert frame["title"].tolist() == ["Café Manager", "Barista"]
    with pytest.raises(DataFileError, match="limit is 1"):
        read_table(path, max_rows=1)


def test_missing_column_names_available(tmp_path):
    frame = pd.DataFrame({"job": ["a"]})
    with pytest.raises(DataFileError, match=r"missing column.*title.*it has: job"):
        require_columns(frame, ["title"], tmp_path / "x.csv")


def test_formula_cells_neutralised(tmp_path):
    frame = pd.DataFrame({"title": ["=cmd|' /C calc'!A0", "+1", "Nurse", "@SUM(A1)"]})
    out = tmp_path / "out.csv"
    write_safe_csv(frame, out)
    values = pd.read_csv(out, dtype=str)["title"].tolist()
    assert values == ["'=cmd|' /C calc'!A0", "'+1", "Nurse", "'@SUM(A1)"]
    assert b"'=cmd" in safe_csv_bytes(frame)
    assert not (tmp_path / "out.csv.partial").exists()
