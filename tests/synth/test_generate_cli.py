"""``titlesearch generate`` through typer: the file it writes, resume, and one-line errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from titlesearch.cli import app
from titlesearch.synth.contract import OUTPUT_COLUMNS

runner = CliRunner()


@pytest.fixture()
def home(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TITLESEARCH_LLM_MODEL", raising=False)
    return tmp_path / "home"


def generate(*args: str):
    return runner.invoke(app, ["generate", *args], catch_exceptions=False)


def assert_one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    message = result.stderr.strip()
    assert message.startswith("error:") and len(message.splitlines()) == 1, message
    for needle in needles:
        assert needle in message, message


def test_rules_limit_writes_file_and_rerun_appends_nothing(home):
    result = generate("--limit", "200", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    path = home / "data" / "synthetic_rules.csv"
    assert summary["output"] == str(path) and summary["rows_written"] == 400
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert tuple(rows[0]) == OUTPUT_COLUMNS and len(rows) == 400
    assert len({r["onet_code"] for r in rows}) == 200
    assert {r["category"] for r in rows} == set(summary["per_category"])

    again = json.loads(generate("--limit", "200", "--json").stdout)
    assert again["rows_written"] == 0 and again["seeds_skipped"] == 200
    with path.open(newline="", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == 400


def test_table_summary_and_parquet_output(home):
    result = generate("--limit", "30", "--per-title", "3", "--format", "parquet")
    assert result.exit_code == 0, result.output
    assert "rows written" in result.stdout and "seniority" in result.stdout
    table = pq.read_table(home / "data" / "synthetic_rules.parquet")
    assert table.column_names == list(OUTPUT_COLUMNS) and table.num_rows == 90
    more = json.loads(
        generate("--limit", "40", "--per-title", "3", "--format", "parquet", "--json").stdout
    )
    assert more["seeds_skipped"] == 30 and more["rows_written"] == 30
    assert pq.read_table(home / "data" / "synthetic_rules.parquet").num_rows == 120
    assert not list((home / "data").glob("*.partial"))


def test_seeds_file_and_relative_output(home, tmp_path):
    seeds = tmp_path / "seeds.csv"
    seeds.write_text(
        "title,onet_code\nNight Nurse,29-1141.00\nBackend Developer,15-1252.00\n", encoding="utf-8"
    )
    result = generate("--seeds", str(seeds), "--output", "mine.csv", "--json")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader((home / "data" / "mine.csv").open(encoding="utf-8")))
    assert {r["seed_title"] for r in rows} == {"Night Nurse", "Backend Developer"}
    assert {r["onet_title"] for r in rows} == {"Registered Nurses", "Software Developers"}


def test_bad_seeds_file_is_one_line_error(home, tmp_path):
    assert_one_line_error(generate("--seeds", str(tmp_path / "nope.csv")), "not found")

    no_code = tmp_path / "no_code.csv"
    no_code.write_text("title,code\nNurse,29-1141.00\n", encoding="utf-8")
    assert_one_line_error(generate("--seeds", str(no_code)), "onet_code")

    bad_row = tmp_path / "bad_row.csv"
    bad_row.write_text("title,onet_code\nNurse,29-1141.00\nCook,35-2014\n", encoding="utf-8")
    assert_one_line_error(generate("--seeds", str(bad_row)), "row 3", "35-2014")
    assert not (home / "data").exists()


def test_output_that_is_not_synthetic_data_is_refused(home):
    other = home / "data" / "synthetic_rules.csv"
    other.parent.mkdir(parents=True)
    other.write_text("title,onet_soc_code\nNurse,29-1141.00\n", encoding="utf-8")
    assert_one_line_error(generate("--limit", "5"), "columns")
    assert other.read_text(encoding="utf-8").startswith("title,onet_soc_code")


def test_llm_without_model_and_output_outside_home(home):
    assert_one_line_error(generate("--backend", "llm", "--limit", "5"), "TITLESEARCH_LLM_MODEL")
    assert_one_line_error(generate("--output", "../../elsewhere.csv"), "TITLESEARCH_HOME")
    assert_one_line_error(generate("--output", "x.csv", "--format", "parquet"), "contradicts")
