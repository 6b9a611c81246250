"""The queue of rows that need a person, and decisions written back into coded tables in
each format: idempotent, undo-aware, the machine's columns untouched."""

from __future__ import annotations

import pandas as pd
import pytest

from titlesearch.errors import DataFileError
from titlesearch.review.decisions import make_decision
from titlesearch.review.queue import review_queue
from titlesearch.review.table import apply_decisions, apply_to_file, read_coded
from titlesearch.table_writer import TableWriter


def coded() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": ["Barista", "BARISTA", "Greaser", "Swabber", "ICU RN", "Operator Pengeluaran"],
            "predicted_level": ["none", "none", "group", "code", "code", "code"],
            "level": ["x"] * 6,  # an input column named like a prediction: the prefixed one counts
            "confidence": ["0.2", "0.2", "0.4", "0.9", "0.45", ""],
            "onet_code": ["", "", "", "51-9199.00", "29-1141.00", "51-9199.00"],
            "onet_title": ["", "", "", "Production Workers", "Registered Nurses", "Prod"],
            "top_code": ["35-3023.01", "35-3023.01", "49-9043.00", "51-9199.00", "29-1141.00", ""],
        }
    )


def test_abstained_group_and_unsure_rows_are_queued_once_per_title():
    items = review_queue(coded(), "title", below=0.5)
    assert [(i.title, i.rows, i.level) for i in items] == [
        ("Barista", (0, 1), "none"),
        ("Greaser", (2,), "group"),
        ("ICU RN", (4,), "code"),
        ("Operator Pengeluaran", (5,), "code"),  # no confidence at all counts as unsure
    ]
    assert items[0].top_code == "35-3023.01"
    assert [i.title for i in review_queue(coded(), "title", below=0.0)] == ["Barista", "Greaser"]
    decided = {"barista": make_decision("barista", "accept", onet_code="35-3023.01")}
    assert [i.title for i in review_queue(coded(), "title", below=0.0, decided=decided)] == [
        "Greaser"
    ]


def test_a_table_that_is_not_coded_is_refused_with_where_coded_tables_come_from():
    with pytest.raises(DataFileError, match=r"classify --input FILE --output CODED\.csv"):
        review_queue(pd.DataFrame({"title": ["a"]}), "title", below=0.5, source="raw.csv")
    with pytest.raises(DataFileError, match=r"no title column .job.*pass --column"):
        review_queue(coded(), "job", below=0.5)


def test_decisions_fill_the_review_columns_and_leave_the_machines_alone():
    decisions = {
        "barista": make_decision("Barista", "accept", onet_code="35-3023.01", who="ana"),
        "swabber": make_decision("Swabber", "not_codable", who="bo"),
    }
    frame, reviewed = apply_decisions(coded(), "title", decisions)
    assert reviewed == 3
    assert list(frame["review"]) == ["accept", "accept", "", "not_codable", "", ""]
    assert list(frame["final_code"]) == [
        "35-3023.01",
        "35-3023.01",
        "",
        "",
        "29-1141.00",
        "51-9199.00",
    ]
    assert frame["reviewed_title"][0] == "Baristas" and frame["reviewed_by"][3] == "bo"
    assert list(frame["onet_code"]) == list(coded()["onet_code"])
    again, _ = apply_decisions(frame, "title", {})  # undone: the columns follow
    assert list(again["review"]) == [""] * 6 and list(again.columns) == list(frame.columns)


@pytest.mark.parametrize("suffix", ["csv", "jsonl", "parquet"])
def test_a_coded_file_is_rewritten_in_place_in_its_own_format(tmp_path, suffix):
    path = tmp_path / f"coded.{suffix}"
    with TableWriter(path, suffix) as writer:
        writer.write(coded())
    decisions = {"greaser": make_decision("Greaser", "correct", onet_code="47-2073.00")}
    done = apply_to_file(path, "title", decisions)
    assert (done.rows, done.reviewed) == (6, 1)
    table = read_coded(path)
    assert table["final_code"].astype(str).tolist()[2] == "47-2073.00"
    assert len(table.columns) == len(coded().columns) + 7
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"coded.{suffix}"]
