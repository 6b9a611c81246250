"""The index commands end to end through typer: output, JSON, and one-line errors for bad input.

Bad input must exit non-zero with one clear line, never a traceback, and change nothing on disk.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app

runner = CliRunner()


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {
        str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture()
def home(small_home, tmp_path, monkeypatch) -> Path:
    """A private copy of the small index, so tests may write to it."""
    copy = tmp_path / "home"
    shutil.copytree(small_home, copy)
    monkeypatch.setenv("TITLESEARCH_HOME", str(copy))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    return copy


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_search_json(home):
    result = run(
        "search", "sr software engineer - remote", "--group", "15", "--json", "--limit", "5"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    hits = data["results"]["base"]
    assert len(hits) == 5 and all(h["major_group"] == "15" for h in hits)
    assert hits[0]["rank"] == 1 and hits[0]["score"] >= hits[-1]["score"]
    assert {"title", "onet_code", "onet_title", "soc_code", "source", "id"} <= set(hits[0])


def test_search_table_and_info(home):
    result = run("search", "registered nurse")
    assert result.exit_code == 0 and "29-1141" in result.stdout
    info = run("info", "--json")
    data = json.loads(info.stdout)
    assert data["points"] == data["vectors"]["base"] > 0
    assert sum(data["major_groups"].values()) == data["points"]


def test_classify_one_and_file(home, tmp_path):
    one = run("classify", "Registered Nurse - ICU, nights", "--json")
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["alternatives"][0]["onet_code"].startswith("29-1141")
    source = tmp_path / "in.csv"
    source.write_text("job,id\nSenior Java Developer,1\n=cmd|' /C calc'!A0,2\nICU Nurse,3\n,4\n")
    out = tmp_path / "out.csv"
    result = run("classify", "--input", str(source), "--column", "job", "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert "'=cmd" in text and "\n=cmd" not in text
    import pandas as pd

    coded = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert len(coded) == 4 and {"job", "id", "onet_code", "confidence", "abstain"} <= set(
        coded.columns
    )
    assert coded.loc[3, "abstain"] == "True"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search", ""], "query is empty"),
        (["search", "   \x00\t"], "query is empty"),
        (["search", "nurse", "--code", "29-114"], "invalid O*NET-SOC code"),
        (["search", "nurse", "--group", "99"], "unknown SOC major group"),
        (["search", "nurse", "--soc", "abc"], "invalid SOC code"),
        (["search", "nurse", "--code", "15-9999.99"], "not in O*NET 30.0"),
        (["search", "nurse", "--soc", "29-1141", "--group", "15"], "not in major group 15"),
        (["search", "nurse", "--threshold", "1.5"], "outside [-1, 1]"),
        (["search", "nurse", "--limit", "0"], "between 1 and 1000"),
        (["search", "nurse", "--limit", "5000"], "between 1 and 1000"),
        (["search", "nurse", "--model", "huge"], "base, tuned or both"),
        (["search", "nurse", "--model", "tuned"], "no tuned model"),
        (["classify"], "either a TITLE or --input"),
        (["classify", "--input", "/nonexistent.csv", "--output", "x.csv"], "file not found"),
        (["ingest", "--extra", "/nonexistent.csv", "--code-column", "c"], "file not found"),
    ],
)
def test_bad_input_is_one_clear_line(home, args, message):
    before = snapshot(home)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert snapshot(home) == before


def test_missing_column_and_malformed_csv(home, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("name\nnurse\n")
    result = runner.invoke(
        app, ["classify", "--input", str(bad), "--output", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2 and "missing column(s) title" in result.output
    assert not (tmp_path / "o.csv").exists()
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"\x00\x01\x02\xff\xfe" * 100)
    result = runner.invoke(
        app, ["classify", "--input", str(binary), "--output", str(tmp_path / "o.csv")]
    )
    assert result.exit_code == 2 and "Traceback" not in result.output


def test_huge_query_is_truncated_with_a_note(home):
    result = runner.invoke(app, ["search", "nurse " * 2000, "--json"])
    assert result.exit_code == 0
    assert "truncated from" in result.stderr
    assert json.loads(result.stdout)["truncated"] is True


def test_missing_index(tmp_path, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path / "empty"))
    result = runner.invoke(app, ["search", "nurse"])
    assert result.exit_code == 2 and "titlesearch ingest" in result.output


def test_unreachable_server(tmp_path, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    monkeypatch.setenv("TITLESEARCH_QDRANT_URL", "http://127.0.0.1:1")
    monkeypatch.setenv("TITLESEARCH_QDRANT_TIMEOUT", "2")
    result = runner.invoke(app, ["info"])
    assert result.exit_code == 2 and "127.0.0.1:1" in result.output
    assert "Traceback" not in result.output


def test_bad_settings_are_reported(monkeypatch):
    monkeypatch.setenv("TITLESEARCH_SEARCH_LIMIT", "-4")
    result = runner.invoke(app, ["search", "nurse"])
    assert result.exit_code == 2 and "invalid settings" in result.output


def test_models_pull(tmp_path, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    result = runner.invoke(app, ["models", "pull", "--profile", "quick"])
    assert result.exit_code == 0 and "verified" in result.stdout


def test_eval_and_bench_llm(home, tmp_path):
    labelled = tmp_path / "labelled.csv"
    labelled.write_text(
        "title,onet_soc_code\nRN - ICU nights,29-1141.00\nSr Java Developer,15-1252.00\n"
        "Charge Nurse,29-1141.00\n"
    )
    result = runner.invoke(app, ["eval", "--dataset", str(labelled), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 3 and set(data["systems"]) == {"base", "lexical"}
    assert 0 <= data["systems"]["base"]["acc_at_1"] <= 1
    assert list((home / "reports").glob("eval_*.md"))
    bench = runner.invoke(
        app,
        [
            "bench-llm",
            "--dataset",
            str(labelled),
            "--model",
            "openai/gpt-4o-mini",
            "--mock-response",
            '{"onet_code": "29-1141.00"}',
            "--json",
        ],
    )
    assert bench.exit_code == 0, bench.output
    report = json.loads(bench.stdout)
    assert report["llm"]["direct"]["accuracy"] == round(2 / 3, 4)


def test_eval_bad_datasets(home, tmp_path):
    result = runner.invoke(app, ["eval"])
    assert result.exit_code == 2 and "no dataset given" in result.output
    bad = tmp_path / "bad.csv"
    bad.write_text("title,onet_soc_code\nNurse,29-1141\nDev,15-1252.00\n")
    result = runner.invoke(app, ["eval", "--dataset", str(bad)])
    assert result.exit_code == 2 and "row 2" in result.output


def test_classify_empty_title_changes_nothing(home):
    before = snapshot(home)
    result = runner.invoke(app, ["classify", "  \t "])
    assert result.exit_code == 2 and "query is empty" in result.output
    assert snapshot(home) == before


def test_ingest_limit_keeps_every_user_row(tmp_path, monkeypatch):
    """``--limit`` samples O*NET's titles; the user's own rows are always indexed."""
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    mine = tmp_path / "mine.csv"
    mine.write_text("title,code\nChief Happiness Officer,11-1021.00\nData Wrangler,15-2051.00\n")
    result = run("ingest", "--limit", "30", "--extra", str(mine), "--code-column", "code")
    assert result.exit_code == 0, result.output
    assert "32 titles" in result.stdout
    info = json.loads(run("info", "--json").stdout)
    assert info["points"] == 32
    user = run("search", "happiness officer", "--json", "--limit", "1")
    assert json.loads(user.stdout)["results"]["base"][0]["source"] == "user"


def test_classify_output_targets(home, tmp_path):
    """--output: through a symlink, to stdout with '-', never over a device, FIFO or the input."""
    import os

    source = tmp_path / "in.csv"
    source.write_text("title,id\nICU Nurse,1\nBarista,2\n")
    target = tmp_path / "real.csv"
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    result = run("classify", "--input", str(source), "--output", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and "onet_code" in target.read_text()

    to_stdout = run("classify", "--input", str(source), "--output", "-")
    assert to_stdout.exit_code == 0, to_stdout.output
    assert to_stdout.stdout.splitlines()[0].startswith("title,id,onet_code")
    assert len(to_stdout.stdout.splitlines()) == 3 and "wrote 2 rows" in to_stdout.stderr

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = source.read_bytes()
    for output, message in [
        ("/dev/null", "not a regular file"),
        (str(fifo), "not a regular file"),
        (str(source), "is the input file"),
        (str(source / "out.csv"), "is a file, not a folder"),
        (str(tmp_path), "is a folder"),
    ]:
        refused = run("classify", "--input", str(source), "--output", output)
        assert refused.exit_code == 2 and message in refused.stderr, (output, refused.output)
        assert "Traceback" not in refused.output
    assert source.read_bytes() == before and fifo.exists() and not fifo.is_file()


def test_the_reported_csv_that_lost_titles_is_refused_naming_its_line(home, tmp_path):
    source = tmp_path / "u.csv"
    source.write_text("title,dept\nNurse, RN,ICU\nEngineer, Senior,IT\n")
    out = tmp_path / "o.csv"
    result = run("classify", "--input", str(source), "--output", str(out))
    assert result.exit_code == 2 and "line 2 has 3 fields" in result.stderr
    assert not out.exists()


def test_eval_two_sets_any_of_codes_calibrates_and_writes_predictions(home, tmp_path):
    """Several acceptable codes (';'-joined), two sets in one run, a fitted temperature kept
    for classify, and a per-title predictions file a person can read."""
    wild = tmp_path / "wild.csv"
    wild.write_text(
        "title,onet_soc_code\nRN - ICU nights,29-1141.00\nSr Java Developer,15-1252.00\n"
    )
    real = tmp_path / "real.csv"
    real.write_text(
        "title,onet_soc_codes\nStaff Nurse (Mandarin Speaker),29-1141.00;29-2061.00\n"
        'SOFTWARE ENGINEER @ Cyberjaya,"15-1252.00;15-1253.00"\nJuruteknik,49-9071.00\n'
    )
    result = runner.invoke(
        app, ["eval", "--dataset", str(wild), "--dataset", str(real), "--calibrate", "--json"]
    )
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)["reports"]
    assert [r["n"] for r in reports] == [2, 3]
    assert all(0 <= r["systems"]["base"]["ece"] <= 1 for r in reports)
    assert reports[1]["systems"]["base"]["acc_at_1"] >= 2 / 3  # any acceptable code counts
    stored = json.loads((home / "calibration.json").read_text())
    (record,) = stored.values()
    assert record["model"] == "base" and 0 < record["temperature"] <= 0.5
    assert set(record["ece"]) == {"wild.csv", "real.csv"}
    rows = list((home / "reports").glob("predictions_*_real.csv"))
    assert rows and "SOFTWARE ENGINEER @ Cyberjaya" in rows[0].read_text()
    header = rows[0].read_text().splitlines()[0].split(",")
    assert header[:4] == ["title", "gold", "system", "right_at_1"] and "top5" in header
    classified = json.loads(run("classify", "registered nurse", "--json").stdout)
    assert classified["onet_code"].startswith("29-1141")  # the stored temperature is read back


def test_eval_bad_acceptable_codes(home, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("title,onet_soc_codes\nNurse,29-1141.00;29-99\nDev,15-1252.00\n")
    result = runner.invoke(app, ["eval", "--dataset", str(bad)])
    assert result.exit_code == 2 and "row 2" in result.output and "onet_soc_codes" in result.output
