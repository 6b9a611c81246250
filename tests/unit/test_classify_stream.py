"""``classify --input`` streamed: the rows a whole-table run writes, in every format, from
standard input too, and a failure part-way that leaves no output and names the row."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from titlesearch.cli import app
from titlesearch.errors import StoreError

runner = CliRunner()


@pytest.fixture()
def home(small_home_env: Path) -> Path:
    return small_home_env


def run(*args: str, **options):
    return runner.invoke(app, list(args), catch_exceptions=False, **options)


@pytest.fixture(scope="module")
def postings(small_corpus, tmp_path_factory) -> Path:
    """300 posting-style rows (several chunks when chunks are small): shorthand, places, pay,
    an empty title, a formula cell, and input columns named like prediction columns."""
    styles = ["Sr. {} - Remote", "{}", "{} @ Kuala Lumpur, $5k", "{} (Contract)", "JR {}"]
    titles = [styles[i % len(styles)].format(r.title) for i, r in enumerate(small_corpus[:297])]
    titles += ["", "=cmd|' /C calc'!A0", "ICU RN nights"]
    frame = pd.DataFrame({"id": range(1, 301), "title": titles, "level": "x"})
    path = tmp_path_factory.mktemp("postings") / "postings.csv"
    frame.to_csv(path, index=False)
    return path


def same_coding(first: Path, second: Path) -> None:
    """Two coded CSVs hold the same rows: every column equal, except that probabilities may
    differ by float noise (encoding is batched differently, so vectors can differ by ~1e-7 and
    a rounded probability by one in its last place)."""
    a, b = (pd.read_csv(path, dtype=str, keep_default_na=False) for path in (first, second))
    assert list(a.columns) == list(b.columns) and len(a) == len(b)
    for column in a.columns:
        if column in ("confidence", "group_confidence", "score", "top_probability"):
            assert (a[column] == "").tolist() == (b[column] == "").tolist(), column
            x, y = (pd.to_numeric(f[column][f[column] != ""]) for f in (a, b))
            assert ((x - y).abs() <= 2e-4).all(), column
        elif column == "alternatives":  # "CODE Title (0.04); …": the codes, in order
            codes = [f[column].str.replace(r" \(\d\.\d\d\)", "", regex=True) for f in (a, b)]
            assert codes[0].tolist() == codes[1].tolist()
        else:
            assert a[column].tolist() == b[column].tolist(), column


def test_streamed_rows_equal_the_whole_table_path(home, postings, tmp_path, monkeypatch):
    """The CLI streams in chunks (here of 128 rows, so 300 rows take three); the UI's path
    reads the table whole and classifies it in one call. Both code every row alike."""
    monkeypatch.setattr("titlesearch.search.service.CLASSIFY_BATCH", 128)
    from titlesearch.config import AppSettings
    from titlesearch.runtime import search_service_for, store_for
    from titlesearch.search.batch import classify_frame
    from titlesearch.tabular import read_table, write_safe_csv

    streamed = tmp_path / "streamed.csv"
    result = run("classify", "--input", str(postings), "--output", str(streamed), "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rows"] == 300 and summary["format"] == "csv"
    settings = AppSettings.load(home)
    with store_for(settings) as store:
        coded = classify_frame(search_service_for(settings, store), read_table(postings), "title")
    whole = tmp_path / "whole.csv"
    write_safe_csv(coded, whole)
    same_coding(streamed, whole)
    rows = pd.read_csv(streamed, dtype=str, keep_default_na=False)
    assert rows.loc[297, "abstain"] == "True" and rows.loc[298, "title"].startswith("'=")
    assert list(rows.columns[:4]) == ["id", "title", "level", "onet_code"]
    assert "predicted_level" in rows.columns and (rows["level"] == "x").all()
    assert summary["abstained"] == int((rows["abstain"] == "True").sum())


def test_jsonl_and_parquet_hold_the_same_rows(home, postings, tmp_path):
    small = tmp_path / "small.csv"
    pd.read_csv(postings, dtype=str, keep_default_na=False).iloc[295:].to_csv(small, index=False)
    outputs = {}
    for name in ("coded.csv", "coded.jsonl", "coded.parquet"):
        result = run("classify", "--input", str(small), "--output", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        outputs[name] = tmp_path / name
    lines = outputs["coded.jsonl"].read_text().splitlines()
    rows = [json.loads(line) for line in lines]
    parquet = pd.read_parquet(outputs["coded.parquet"])
    csv = pd.read_csv(outputs["coded.csv"], dtype=str, keep_default_na=False)
    assert len(rows) == len(parquet) == len(csv) == 5
    assert rows[3]["title"] == parquet["title"][3] == "=cmd|' /C calc'!A0"  # CSV only is safe
    assert rows[2]["abstain"] is True and rows[2]["score"] is None  # the empty title
    assert parquet["confidence"].dtype == "float64" and parquet["abstain"].dtype == bool
    assert (
        [r["onet_code"] for r in rows] == parquet["onet_code"].tolist() == csv["onet_code"].tolist()
    )
    forced = run("classify", "--input", str(small), "--output", "-", "--format", "jsonl")
    assert forced.exit_code == 0 and forced.stdout.splitlines() == lines


def test_standard_input_and_output(home, tmp_path):
    piped = run("classify", "--input", "-", "--output", "-", input="title,id\nICU Nurse,1\n")
    assert piped.exit_code == 0, piped.output
    assert piped.stdout.splitlines()[0].startswith("title,id,onet_code")
    assert "wrote 1 rows to -" in piped.stderr
    parquet = tmp_path / "t.parquet"
    pd.DataFrame({"title": ["ICU Nurse"]}).to_parquet(parquet)
    refused = runner.invoke(
        app, ["classify", "--input", "-", "--output", "-"], input=parquet.read_bytes()
    )
    assert refused.exit_code == 2 and "only CSV can be piped in" in refused.stderr
    one = runner.invoke(app, ["classify", "nurse", "--format", "jsonl"])
    assert one.exit_code == 2 and "--format is for --input tables" in one.stderr


@pytest.fixture()
def small_chunks(monkeypatch):
    """Chunks of 4 rows, so a short table has several."""
    monkeypatch.setattr("titlesearch.search.service.CLASSIFY_BATCH", 4)


def test_a_bad_row_part_way_leaves_no_output_and_names_it(home, tmp_path, small_chunks):
    source = tmp_path / "in.csv"
    source.write_text("title,dept\n" + "Nurse,ICU\n" * 10 + "Nurse, RN,ICU\nBarista,Cafe\n")
    out = tmp_path / "out" / "coded.csv"
    result = run("classify", "--input", str(source), "--output", str(out))
    assert result.exit_code == 2
    assert "line 12 has 3 fields" in result.stderr
    assert "stopped at row 9 (8 rows coded before it)" in result.stderr
    assert f"nothing was written to {out}" in result.stderr
    assert not out.exists() and not any(out.parent.iterdir())
    to_stdout = run("classify", "--input", str(source), "--output", "-")
    assert to_stdout.exit_code == 2 and len(to_stdout.stdout.splitlines()) == 9  # header + 8
    assert "the rows before it were written to standard output" in to_stdout.stderr


def test_an_index_failure_part_way_keeps_the_old_output(home, tmp_path, small_chunks, monkeypatch):
    from titlesearch.search.service import SearchService

    source = tmp_path / "in.csv"
    source.write_text("title\n" + "Nurse\n" * 10)
    out = tmp_path / "coded.csv"
    out.write_text("yesterday's codes\n")
    calls = {"n": 0}
    original = SearchService.classify_encoded

    def failing(self, encoded, **options):
        calls["n"] += 1
        if calls["n"] == 2:
            raise StoreError("the Qdrant server went away")
        return original(self, encoded, **options)

    monkeypatch.setattr(SearchService, "classify_encoded", failing)
    result = run("classify", "--input", str(source), "--output", str(out), "--json")
    assert result.exit_code == 2
    error = json.loads(result.stderr)["error"]
    assert error["code"] == "store" and "stopped at row 5" in error["message"]
    assert out.read_text() == "yesterday's codes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["coded.csv", "in.csv"]


def test_the_pipeline_holds_a_few_chunks_whatever_the_table_length():
    """Reading and encoding run at most a chunk or two ahead of querying: 1M rows are never
    a million rows of work in memory at once."""
    from titlesearch.search.batch import code_table
    from titlesearch.search.classify import Classification

    state = {"read": 0, "encoded": 0, "queried": 0, "most_ahead": 0}

    def chunks():
        for _ in range(300):
            state["read"] += 1
            state["most_ahead"] = max(state["most_ahead"], state["read"] - state["queried"])
            yield pd.DataFrame({"title": ["Nurse", "Barista", "Welder", ""]})

    class Service:
        def default_model(self):
            return "base"

        def encode_titles(self, titles, *, model):
            state["encoded"] += 1
            return titles

        def classify_encoded(self, titles, **options):
            state["queried"] += 1
            return [
                Classification(t, None, None, 0.0, None, None, 0.0, True, "none") for t in titles
            ]

    class Sink:
        rows = 0

        def write(self, frame):
            Sink.rows += len(frame)

    summary = code_table(Service(), chunks(), "title", Sink())
    assert summary.rows == Sink.rows == 1200 and summary.abstained == 1200
    assert state["queried"] == state["encoded"] == 300
    assert state["most_ahead"] <= 3  # one being queried, one queued, one being read


def test_a_reader_that_stops_early_ends_the_command_quietly(home, postings, tmp_path):
    """`classify --input … --output - | head -3`: no traceback, no error line, status 141.
    The table is longer than one chunk, so rows are still being written when the reader
    has gone."""
    import subprocess
    import sys

    from titlesearch.search.service import CLASSIFY_BATCH

    longer = tmp_path / "longer.csv"
    rows = pd.read_csv(postings, dtype=str, keep_default_na=False)
    repeats = CLASSIFY_BATCH // len(rows) + 2
    pd.concat([rows] * repeats, ignore_index=True).to_csv(longer, index=False)
    command = [sys.executable, "-m", "titlesearch", "classify", "--input", str(longer)]
    coder = subprocess.Popen(
        [*command, "--output", "-"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert coder.stdout is not None
    coder.stdout.readline()
    coder.stdout.close()  # what `head` does once it has its lines
    _, err = coder.communicate(timeout=300)
    assert coder.returncode == 141, err.decode()
    assert b"Traceback" not in err and b"error" not in err.lower()
