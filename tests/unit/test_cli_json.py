"""``--json`` on every command that reports something: one JSON object on stdout, no bars,
the facts the human output gives. Cheap commands run for real on a tiny index; training,
tuning and the pipeline are stubbed below the CLI (tests/training runs them for real)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app
from titlesearch.cli.reports import pipeline_json, train_json, tune_json
from titlesearch.pipeline import PipelineSummary
from titlesearch.train.report import TrainingReport
from titlesearch.train.run import TrainResult

runner = CliRunner()


def run_json(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "%|" not in result.stderr  # no progress bar
    return json.loads(result.stdout)


@pytest.fixture()
def fresh_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("TITLESEARCH_HOME", str(home))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    return home


def test_models_pull_ingest_and_reindex(fresh_home, quick_model, random_adapter):
    model = run_json("models", "pull", "--profile", "quick")
    assert model["sha256"] == quick_model.sha256 and model["verified"] is True
    assert Path(model["path"]).is_dir() and model["source"]
    built = run_json("ingest", "--limit", "20")
    assert built["status"] == "built" and built["points"] == 20 == built["written"]
    assert built["encoded"] + built["from_cache"] == 20 and built["seconds"] > 0
    again = run_json("ingest", "--limit", "20")
    assert again["status"] == "up-to-date" and again["version"] == built["version"]
    tuned = run_json("reindex", "--adapter", str(random_adapter))
    assert tuned["status"] == "built" and tuned["points"] == 20
    assert tuned["version"] != built["version"]
    info = run_json("info")
    assert info["manifest"]["version"] == tuned["version"] and info["vectors"]["tuned"] == 20


def report() -> TrainingReport:
    from test_training_report import SAVED

    return TrainingReport.model_validate(SAVED)


def test_train_json_is_the_report_with_the_run_folders(tmp_path):
    result = TrainResult(
        "r1", tmp_path / "r1", tmp_path / "r1/adapter", tmp_path / "r1/merged", report()
    )
    data = train_json(result, tmp_path / "data.csv", {"r": 8})
    assert data["run_id"] == "r1" and data["adapter"] == str(tmp_path / "r1/adapter")
    assert data["data"] == str(tmp_path / "data.csv") and data["tuned_params"] == {"r": 8}
    assert data["report"]["validation"]["after"]["accuracy@1"] == 0.6
    assert data["report"]["parameters"]["trainable"] == 36864
    assert json.loads(json.dumps(data)) == data


def test_tune_and_pipeline_json(tmp_path):
    summary = {"study_name": "quick", "trials": {"complete": 2}, "params": {"r": 8}, "value": 0.5}
    assert tune_json(summary, tmp_path / "best.json")["saved_to"] == str(tmp_path / "best.json")
    assert tune_json({**summary, "params": None}, tmp_path / "best.json")["saved_to"] is None
    done = PipelineSummary(steps={"model": 1.23456, "train": 2.0}, run_id="r1", version="v2")
    done.training, done.evaluations = report(), {"validation.csv": {"n": 3}}
    data = pipeline_json(done)
    assert data["steps"] == {"model": 1.235, "train": 2.0} and data["total_seconds"] == 3.235
    assert data["training"]["run_id"] == report().run_id and data["version"] == "v2"
    assert pipeline_json(PipelineSummary())["training"] is None


def test_train_tune_and_pipeline_take_json(fresh_home, tmp_path, monkeypatch):
    """The commands' wiring, with the long work stubbed: JSON on stdout, step lines on stderr."""
    import titlesearch.cli.train as train_cli
    import titlesearch.pipeline as pipeline

    result = TrainResult("r1", tmp_path, tmp_path / "adapter", tmp_path / "merged", report())
    monkeypatch.setattr(train_cli, "_train", lambda *a: (tmp_path / "data.csv", result))
    assert run_json("train", "--max-steps", "2")["report"]["steps"] == 4
    study = {"study_name": "quick", "trials": {"complete": 1}, "params": {"r": 8}}
    monkeypatch.setattr(train_cli, "_study", lambda *a, **k: study)
    assert run_json("tune", "--trials", "1")["saved_to"].endswith(".json")

    def fake_pipeline(settings, options, say):
        say("[1/5] model: resolve and verify")
        return PipelineSummary(steps={"model": 0.5}, version="v1")

    monkeypatch.setattr(pipeline, "run_pipeline", fake_pipeline)
    piped = runner.invoke(app, ["pipeline", "--json"], catch_exceptions=False)
    assert piped.exit_code == 0 and json.loads(piped.stdout)["version"] == "v1"
    assert "[1/5] model" in piped.stderr
    quiet = runner.invoke(app, ["-q", "pipeline", "--json"], catch_exceptions=False)
    assert quiet.exit_code == 0 and quiet.stderr == ""


def test_train_and_tune_encode_with_the_configured_batch_size(fresh_home, monkeypatch):
    """The code between the commands and the long work (stubbed): the data found, the base
    encoder built as TITLESEARCH_BATCH_SIZE says, the study's context."""
    import titlesearch.train.data.prepared as prepared
    import titlesearch.train.hpo as hpo
    import titlesearch.train.run as train_run

    assert runner.invoke(app, ["generate", "--limit", "12", "--per-title", "1"]).exit_code == 0
    monkeypatch.setenv("TITLESEARCH_BATCH_SIZE", "9")
    seen = {}

    def fake_train(frame, base, config, *, base_encoder, **options):
        seen["train"] = (len(frame), base_encoder.batch_size, config.max_steps)
        return TrainResult("r1", fresh_home, fresh_home / "a", fresh_home / "m", report())

    def fake_study(ctx, runs_dir, **options):
        seen["study"] = (ctx.max_steps, ctx.eval_every, ctx.data, options)
        return {"study_name": "quick", "trials": {}, "params": None}

    monkeypatch.setattr(train_run, "train_adapter", fake_train)
    monkeypatch.setattr(prepared, "prepare_data", lambda f, encoder, c: encoder.batch_size)
    monkeypatch.setattr(hpo, "run_study", fake_study)
    trained = run_json("train", "--max-steps", "3")
    assert trained["data"].endswith("synthetic_rules.csv") and seen["train"][1:] == (9, 3)
    assert run_json("tune", "--trials", "2", "--max-steps", "8")["saved_to"] is None
    assert seen["study"] == (8, 2, 9, {"n_trials": 2, "timeout": None})  # 9: the batch size
