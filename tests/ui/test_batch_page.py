"""The Batch page: upload or paste, classify with progress, download; bad inputs explained."""

from __future__ import annotations

import io

import pandas as pd
import pytest


def _upload(app, name: str, data: bytes):
    app.file_uploader(key="b_file").set_value((name, data, "text/csv")).run()
    return app


def _messages(app) -> str:
    return "\n".join(str(e.value) for e in (*app.error, *app.warning, *app.info))


def test_upload_classifies_and_offers_a_safe_csv(tuned_home, open_app):
    app = open_app(tuned_home, "batch")
    assert not app.exception
    data = 'id,title\n1,registered nurse\n2,=HYPERLINK("x")\n3,\n4,java developer\n'
    _upload(app, "jobs.csv", data.encode())
    assert app.selectbox[0].value == "title"
    app.radio(key="b_model").set_value("base")
    app.button(key="b_run").click().run()
    assert not app.exception
    table = app.dataframe[0].value
    assert list(table["title"]) == ["registered nurse", '=HYPERLINK("x")', "", "java developer"]
    assert {"onet_code", "confidence", "abstain"} <= set(table.columns)
    assert bool(table["abstain"].iloc[2])  # the empty title abstains instead of failing
    coded = app.session_state["b_result"]["frame"]
    assert coded["onet_code"].iloc[0].startswith("29-")
    download = app.get("download_button")[0]
    assert download.proto.label == "Download all columns as CSV"
    from titlesearch.tabular import safe_csv_bytes

    written = pd.read_csv(io.BytesIO(safe_csv_bytes(coded)), dtype=str, keep_default_na=False)
    assert written["title"].iloc[1].startswith("'=")  # formula neutralised
    assert list(written.columns[:2]) == ["id", "title"]


def test_pasted_titles_are_classified(tuned_home, open_app):
    app = open_app(tuned_home, "batch")
    app.radio(key="b_mode").set_value("Paste titles").run()
    app.text_area(key="b_text").input("registered nurse\n\njava developer\n").run()
    app.button(key="b_run").click().run()
    assert not app.exception
    assert len(app.dataframe[0].value) == 2
    assert app.session_state["b_result"]["source"] == "pasted titles"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("jobs.xlsx", b"PK\x03\x04 binary", "is not a CSV file"),
        ("jobs.csv", b"", "is empty"),
        ("jobs.csv", b"title\n", "has a header but no rows"),
        ("jobs.csv", b"a\x00b\x00", "does not look like text"),
        ("jobs.csv", b"name,city\nnurse,Oslo\n", "has no column named `title`"),
    ],
)
def test_bad_uploads_explain_themselves(tuned_home, open_app, name, data, expected):
    app = _upload(open_app(tuned_home, "batch"), name, data)
    assert not app.exception
    assert expected in _messages(app)
    assert not app.button  # nothing to classify


def test_more_rows_than_the_limit_are_refused(tuned_home, open_app, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_UI_MAX_BATCH_ROWS", "3")
    app = _upload(open_app(tuned_home, "batch"), "big.csv", b"title\na\nb\nc\nd\n")
    assert "has 4 rows; the limit is 3" in _messages(app)
    app.radio(key="b_mode").set_value("Paste titles").run()
    app.text_area(key="b_text").input("a\nb\nc\nd").run()
    assert "the limit is 3" in _messages(app)


def test_batch_without_index_says_what_to_do(empty_home, open_app):
    app = open_app(empty_home, "batch")
    assert not app.exception
    assert "titlesearch ingest" in app.warning[0].value
