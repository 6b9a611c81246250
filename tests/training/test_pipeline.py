"""The one-command pipeline on a tiny slice: real generation, real LoRA steps, real index."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app

runner = CliRunner()
TINY = ["--limit-seeds", "60", "--max-steps", "3", "--index-limit", "300", "--backend", "rules"]


@pytest.mark.slow
def test_pipeline_runs_end_to_end_and_resumes(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("TITLESEARCH_HOME", str(home))
    monkeypatch.delenv("TITLESEARCH_LLM_MODEL", raising=False)
    monkeypatch.delenv("TITLESEARCH_ENCODER_BACKEND", raising=False)  # what `make run` gets
    dev = tmp_path / "labelled.csv"
    dev.write_text("title,onet_soc_code\nRN - ICU nights,29-1141.00\nSr Java Dev,15-1252.00\n")

    first = runner.invoke(app, ["pipeline", *TINY, "--dataset", str(dev)])
    assert first.exit_code == 0, first.output
    assert "[5/5] evaluate" in first.output and "labelled.csv tuned" in first.output

    info = json.loads(runner.invoke(app, ["info", "--json"]).stdout)
    assert info["points"] == 300
    assert info["vectors"] == {"base": 300, "tuned": 300}
    assert info["manifest"]["vectors"]["tuned"]["adapter"]["run_id"]
    assert {v["backend"] for v in info["manifest"]["vectors"].values()} == {"onnx-int8"}
    reports = sorted((home / "reports").glob("eval_*.json"))
    assert reports and (home / "reports" / "latest_eval.json").is_file()

    again = runner.invoke(app, ["pipeline", *TINY])
    assert again.exit_code == 0, again.output
    assert "reusing run" in again.output and "up-to-date" in again.output

    both = json.loads(runner.invoke(app, ["search", "registered nurse", "--json"]).stdout)
    assert set(both["results"]) == {"base", "tuned"} and "overlap" in both


def test_pipeline_refuses_llm_without_model(tmp_path, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    monkeypatch.delenv("TITLESEARCH_LLM_MODEL", raising=False)
    result = runner.invoke(app, ["pipeline", "--backend", "llm", "--limit-seeds", "20"])
    assert result.exit_code == 2 and "TITLESEARCH_LLM_MODEL" in result.output
