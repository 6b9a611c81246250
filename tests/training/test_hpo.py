"""Optuna search: the search space, a FixedTrial objective, and a resumable SQLite study."""

import json

import optuna
import pandas as pd
import pytest
from optuna.trial import FixedTrial

from titlesearch.errors import TrainingError
from titlesearch.train.config import TrainConfig
from titlesearch.train.data.prepared import prepare_data
from titlesearch.train.data.split import prepare_frame
from titlesearch.train.hpo import (
    SEARCH_SPACE,
    TuneContext,
    best_params_path,
    load_best_params,
    make_objective,
    model_init,
    run_study,
    search_space,
    study_name,
    trial_config,
)
from titlesearch.train.report import TrainingReport

FIXED = {
    "r": 8,
    "alpha": 16,
    "dropout": 0.2,
    "lr": 5e-5,
    "batch_size": 16,
    "margin": 0.3,
    "warmup": 100,
}


def test_search_space_has_the_seven_parameters_in_range():
    params = search_space(FixedTrial(FIXED))
    assert params == FIXED
    study = optuna.create_study(sampler=optuna.samplers.RandomSampler(seed=0))
    for _ in range(20):
        sampled = search_space(study.ask())
        assert set(sampled) == set(SEARCH_SPACE)
        assert sampled["r"] in {8, 16, 32, 64} and sampled["alpha"] in {8, 16, 32}
        assert sampled["batch_size"] in {16, 32, 64}
        assert 0.1 <= sampled["dropout"] <= 0.3 and 0.1 <= sampled["margin"] <= 0.5
        assert 1e-6 <= sampled["lr"] <= 1e-4 and 100 <= sampled["warmup"] <= 500


def test_short_trials_cap_warmup():
    config = trial_config(TrainConfig.for_profile("quick"), FIXED, max_steps=20)
    assert config.max_steps == 20 and config.warmup_for(20) == 10 and config.r == 8


@pytest.mark.parametrize("metric", ["mrr@10", "accuracy@1"])
def test_objective_trains_the_trial_and_returns_its_named_metric(monkeypatch, metric):
    """The objective alone, on a FixedTrial, with model building and training stubbed out."""
    from types import SimpleNamespace

    from titlesearch.train import hpo

    built, fitted = [], []

    def build(base, config, device, *, model=None):
        built.append(config)
        return "model"

    monkeypatch.setattr(hpo, "build_lora_model", build)
    monkeypatch.setattr(hpo, "fit", lambda model, frame, config, work, **kw: fitted.append(config))
    monkeypatch.setattr(hpo, "model_encoder", lambda model: model)
    scores = {"accuracy@1": 0.25, "accuracy@5": 0.5, "mrr@10": 0.375}
    monkeypatch.setattr(hpo, "evaluate", lambda encode, valset: dict(scores))
    data = SimpleNamespace(valset=None, triplets=SimpleNamespace(frame=None))
    ctx = TuneContext("base", TrainConfig.for_profile("quick"), data, 20, 5, metric=metric)
    trial = FixedTrial(FIXED)
    assert make_objective(ctx)(trial) == scores[metric]
    assert (built[0].r, built[0].alpha, built[0].dropout) == (8, 16, 0.2)
    assert fitted[0].max_steps == 20 and fitted[0].lr == 5e-5 and fitted[0].batch_size == 16
    assert trial.user_attrs == {"metrics": scores, "effective_warmup": 10}


@pytest.fixture(scope="module")
def context(quick_model, base_encoder) -> TuneContext:
    from titlesearch.taxonomy import load_taxonomy

    by_code: dict[str, set[str]] = {}
    for record in load_taxonomy().alternates:
        by_code.setdefault(record.onet_code, set()).add(record.title)
    rows = [
        {"jittered_title": f"{title} - Contract", "seed_title": title, "onet_code": code}
        for code in sorted(by_code)[::50][:20]
        for title in sorted(by_code[code])[:4]
    ]
    config = TrainConfig.for_profile("quick", max_steps=2, max_eval_queries=30, val_fraction=0.25)
    data = prepare_data(prepare_frame(pd.DataFrame(rows)), base_encoder, config)
    return TuneContext(quick_model, config, data, max_steps=2, eval_every=1, device="cpu")


@pytest.mark.slow
def test_model_init_applies_lora_parameters(context, minilm_model):
    model = model_init(FixedTrial(FIXED), context.base, context.config, "cpu", model=minilm_model)
    assert model is minilm_model
    lora_config = model[0].auto_model.peft_config["default"]
    assert (lora_config.r, lora_config.lora_alpha, lora_config.lora_dropout) == (8, 16, 0.2)


@pytest.mark.slow
def test_objective_runs_on_a_fixed_trial(context):
    value = make_objective(context)(FixedTrial(FIXED))
    assert 0.0 <= value <= 1.0


@pytest.mark.slow
def test_study_persists_resumes_and_feeds_train_params_best(context, tmp_path):
    with pytest.raises(TrainingError, match="titlesearch tune"):
        load_best_params(tmp_path, "quick")
    first = run_study(context, tmp_path, n_trials=2, progress=False)
    assert (tmp_path / "optuna.db").is_file()
    assert sum(first["trials"].values()) == 2
    second = run_study(context, tmp_path, n_trials=1, progress=False)
    assert sum(second["trials"].values()) == 3  # same study, one more trial
    study = optuna.load_study(study_name=study_name("quick"), storage=second["storage"])
    assert len(study.trials) == 3
    saved = json.loads(best_params_path(tmp_path, "quick").read_text())
    assert saved["params"] == study.best_params and saved["metric"] == "mrr@10"
    params = load_best_params(tmp_path, "quick")
    config = TrainConfig.for_profile("quick", **params)
    assert (config.r, config.lr, config.batch_size) == (
        params["r"],
        params["lr"],
        params["batch_size"],
    )


class PruneAtOnce(FixedTrial):
    def should_prune(self) -> bool:
        return True


@pytest.mark.slow
def test_periodic_validation_prunes_a_weak_trial(context):
    with pytest.raises(optuna.TrialPruned, match="mrr@10"):
        make_objective(context)(PruneAtOnce(FIXED))


@pytest.mark.slow
def test_tune_then_train_params_best_through_the_cli(context, tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from titlesearch.cli import app

    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    (tmp_path / "data").mkdir()
    frame = pd.concat([context.data.split.train, context.data.split.val])
    frame.assign(onet_title="", category="formatting", generator="rules").drop(
        columns="seed_key"
    ).to_csv(tmp_path / "data" / "synthetic_rules.csv", index=False)
    runner = CliRunner()
    tuned = runner.invoke(
        app, ["tune", "--trials", "1", "--max-steps", "2", "--eval-queries", "10"]
    )
    assert tuned.exit_code == 0, tuned.output
    assert "train --profile quick --params best" in tuned.output
    trained = runner.invoke(
        app, ["train", "--params", "best", "--max-steps", "2", "--batch-size", "8"]
    )
    assert trained.exit_code == 0, trained.output
    best = load_best_params(tmp_path / "runs", "quick")
    report = TrainingReport.read(next((tmp_path / "runs").glob("*/training_report.json")))
    assert report.config["r"] == best["r"] and report.config["lr"] == best["lr"]
    assert report.config["batch_size"] == 8  # an explicit option beats the tuned value
    assert "accuracy@1" in trained.output and "adapter" in trained.output
