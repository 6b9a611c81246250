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


def test_a_row_with_extra_fields_is_an_error_naming_its_line(tmp_path):
    """pandas made 'Nurse' an index and kept ' RN' as the title; we say which line is wrong."""
    source = tmp_path / "u.csv"
    source.write_text("title,dept\nNurse, RN,ICU\nEngineer, Senior,IT\n")
    with pytest.raises(DataFileError, match=r"line 2 has 3 fields, more than the 2 columns"):
        read_table(source)
    source.write_text('title,dept\n"Nurse, RN",ICU\nEngineer\n')
    with pytest.raises(DataFileError, match=r"line 3 has 1 fields, fewer than the 2 columns"):
        read_table(source)
    source.write_text('title,dept\n"Nurse, RN",ICU\n\n"Engineer, Senior",IT\n')
    assert read_table(source)["title"].tolist() == ["Nurse, RN", "Engineer, Senior"]


def test_one_column_keeps_commas_in_titles(tmp_path):
    source = tmp_path / "titles.csv"
    source.write_text("title\nNurse, RN\nSr. SWE II (Backend), Remote\n")
    assert read_table(source)["title"].tolist() == ["Nurse, RN", "Sr. SWE II (Backend), Remote"]


@pytest.mark.parametrize("separator", [";", "\t", "|"])
def test_delimiter_is_detected_from_the_header(tmp_path, separator):
    source = tmp_path / "titles.csv"
    source.write_text(f"title{separator}id\nNurse, RN{separator}1\nBarista{separator}2\n")
    frame = read_table(source)
    assert list(frame.columns) == ["title", "id"]
    assert frame["title"].tolist() == ["Nurse, RN", "Barista"]


def test_encodings_cp1252_before_latin1_and_utf16_with_bom(tmp_path):
    source = tmp_path / "titles.csv"
    source.write_bytes("title\nCafé manager – nights\n".encode("cp1252"))
    assert read_table(source)["title"].tolist() == ["Café manager – nights"]
    source.write_bytes("title,id\nPâtissier,1\n".encode("utf-16"))
    assert read_table(source)["title"].tolist() == ["Pâtissier"]
    source.write_bytes("title\nNurse\n".encode("utf-16-le"))
    with pytest.raises(DataFileError, match="NUL bytes"):
        read_table(source)


def test_duplicate_column_names_are_refused(tmp_path):
    source = tmp_path / "titles.csv"
    source.write_text("title,title\nNurse,RN\n")
    with pytest.raises(DataFileError, match="appears twice"):
        read_table(source)
