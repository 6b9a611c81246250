"""The conventions people expect of a Unix tool: --version, -q/-v, bars off for --json, settings
that are honoured, --abstain-below, JSON from a batch run, the suggestion on abstained rows."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from titlesearch.cli import app

runner = CliRunner()


@pytest.fixture()
def home(small_home_env: Path) -> Path:
    return small_home_env


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_version():
    from importlib.metadata import version

    result = run("--version")
    assert (
        result.exit_code == 0 and result.stdout.strip() == f"titlesearch {version('titlesearch')}"
    )


def test_json_and_quiet_hide_every_progress_bar(home):
    from huggingface_hub.utils import are_progress_bars_disabled

    from titlesearch import progress

    assert run("search", "nurse", "--model", "base").exit_code == 0
    assert progress.shown() and not are_progress_bars_disabled()
    assert run("search", "nurse", "--model", "base", "--json").exit_code == 0
    assert not progress.shown() and are_progress_bars_disabled()
    assert run("-q", "search", "nurse", "--model", "base").exit_code == 0
    assert not progress.shown()
    assert run("search", "nurse", "--model", "base").exit_code == 0
    assert progress.shown() and not are_progress_bars_disabled()


def test_limit_and_threshold_settings_are_honoured(home, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_SEARCH_LIMIT", "3")
    hits = json.loads(run("search", "nurse", "--model", "base", "--json").stdout)
    assert len(hits["results"]["base"]) == 3
    assert (
        len(json.loads(run("search", "nurse", "--json", "--limit", "7").stdout)["results"]["base"])
        == 7
    )
    monkeypatch.setenv("TITLESEARCH_SEARCH_THRESHOLD", "0.99")
    strict = json.loads(run("search", "nurse", "--model", "base", "--json").stdout)
    assert all(h["score"] >= 0.99 for h in strict["results"]["base"])


def test_abstain_below_and_the_suggestion_on_abstained_rows(home, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("title\nRegistered Nurse - ICU\nSenior Java Developer\n")
    out = tmp_path / "out.csv"
    result = run(
        "classify", "--input", str(source), "--output", str(out), "--abstain-below", "1.0", "--json"
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["rows"] == 2 and sum(summary["levels"].values()) == 2
    coded = pd.read_csv(out, dtype=str, keep_default_na=False)
    # Only a certain answer (confidence 1.0) passes a threshold of 1.0.
    assert ((coded["level"] != "code") | (coded["confidence"].astype(float) >= 1.0)).all()
    assert (coded["level"] != "code").any()
    # The best candidate is named, with its probability, on every row, for a reviewer.
    assert coded.loc[0, "top_code"].startswith("29-1141")
    assert (coded["top_code"] != "").all() and (coded["top_probability"].astype(float) > 0).all()
    bad = runner.invoke(app, ["classify", "nurse", "--abstain-below", "1.5"])
    assert bad.exit_code == 2 and "less than or equal to 1" in bad.output


def test_batch_json_goes_to_stderr_when_the_csv_is_on_stdout(home, tmp_path):
    source = tmp_path / "in.csv"
    source.write_text("title\nBarista\n")
    result = run("classify", "--input", str(source), "--output", "-", "--json")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("title,")
    assert json.loads(result.stderr)["rows"] == 1


def test_module_entry_point():
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "titlesearch", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.startswith("titlesearch ")


def test_help_loads_no_numerical_or_storage_library():
    """`titlesearch --help` stays fast: the settings and command modules load nothing heavy
    (numpy, SQLite, torch, the engines) at import time."""
    import subprocess
    import sys

    heavy = ("numpy", "sqlite3", "torch", "qdrant_edge", "qdrant_client", "onnxruntime")
    code = f"import sys, titlesearch.cli\nprint(','.join(m for m in {heavy!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""
