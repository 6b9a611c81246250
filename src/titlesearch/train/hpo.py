"""Hyperparameter search with Optuna over the seed report's seven LoRA/training parameters.

Three small pure pieces, as in sentence-transformers' HPO guide: :func:`search_space` (trial ->
params), :func:`model_init` (trial -> model with a fresh adapter) and the objective built by
:func:`make_objective` (trial -> validation ``mrr@10``; testable with ``optuna.trial.FixedTrial``).
:func:`run_study` adds the rest: a resumable SQLite study per profile under the runs folder, a
median pruner fed by periodic validation during training, parameter importances, and the best
parameters written to JSON for ``titlesearch train --params best``.
"""

from __future__ import annotations

import json
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from titlesearch.atomic_write import write_json_atomic
from titlesearch.encoders import ResolvedModel
from titlesearch.errors import TrainingError
from titlesearch.progress import shown
from titlesearch.train.config import TrainConfig
from titlesearch.train.data.prepared import PreparedData
from titlesearch.train.fit import build_lora_model, fit
from titlesearch.train.validation import ValidationSet, evaluate, model_encoder

STUDY_DB = "optuna.db"
OBJECTIVE_METRIC = "mrr@10"  # smoother than accuracy@1 on small validation sets, same direction
SEARCH_SPACE = {
    "r": [8, 16, 32, 64],
    "alpha": [8, 16, 32],
    "dropout": (0.1, 0.3),
    "lr": (1e-6, 1e-4),
    "batch_size": [16, 32, 64],
    "margin": (0.1, 0.5),
    "warmup": (100, 500),
}


def search_space(trial: Any) -> dict[str, Any]:
    """The seven parameters of the seed's search (``margin`` only matters for the triplet loss)."""
    return {
        "r": trial.suggest_categorical("r", SEARCH_SPACE["r"]),
        "alpha": trial.suggest_categorical("alpha", SEARCH_SPACE["alpha"]),
        "dropout": trial.suggest_float("dropout", *SEARCH_SPACE["dropout"]),
        "lr": trial.suggest_float("lr", *SEARCH_SPACE["lr"], log=True),
        "batch_size": trial.suggest_categorical("batch_size", SEARCH_SPACE["batch_size"]),
        "margin": trial.suggest_float("margin", *SEARCH_SPACE["margin"]),
        "warmup": trial.suggest_int("warmup", *SEARCH_SPACE["warmup"]),
    }


def trial_config(config: TrainConfig, params: dict[str, Any], max_steps: int) -> TrainConfig:
    """``config`` with a trial's ``params`` and a fixed step budget.

    Warmup is capped at half of ``max_steps`` (by :meth:`TrainConfig.warmup_for`): otherwise a
    short trial would end before its learning rate ever reached the sampled peak.
    """
    return replace(config, **params, max_steps=max_steps, epochs=None).validated()


def model_init(
    trial: Any,
    base: ResolvedModel,
    config: TrainConfig,
    device: str | None = None,
    *,
    model: Any = None,
) -> Any:
    """A fresh base model with a LoRA adapter of the trial's rank, alpha and dropout.

    Args:
        trial: an Optuna trial (or ``FixedTrial``); asking it again for a parameter it has
            already drawn (in :func:`search_space`) returns the same value.
        base: the verified base model.
        config: everything else about the adapter (targets, seed).
        device: ``cpu``/``cuda``; None picks CUDA when available.
        model: a loaded, unadapted copy of ``base`` to use instead of loading one.

    Returns:
        A SentenceTransformer whose adapter weights alone are trainable.
    """
    params = search_space(trial)
    lora = {k: params[k] for k in ("r", "alpha", "dropout")}
    return build_lora_model(base, replace(config, **lora), device, model=model)


def _report_callback(trial: Any, valset: ValidationSet, every: int, metric: str) -> Any:
    """A TrainerCallback that validates every ``every`` steps, reports, and prunes."""
    import optuna
    from transformers import TrainerCallback

    class ReportToTrial(TrainerCallback):
        def on_step_end(self, args, state, control, model=None, **kwargs):
            step = state.global_step
            if step % every or step >= state.max_steps or model is None:
                return
            value = evaluate(model_encoder(model), valset)[metric]
            trial.report(value, step)
            if trial.should_prune():
                raise optuna.TrialPruned(f"{metric} {value:.4f} at step {step}")

    return ReportToTrial()


@dataclass(frozen=True)
class TuneContext:
    """What every trial shares: the base model, defaults, prepared data and the step budget."""

    base: ResolvedModel
    config: TrainConfig
    data: PreparedData
    max_steps: int
    eval_every: int
    device: str | None = None
    metric: str = OBJECTIVE_METRIC


def make_objective(ctx: TuneContext) -> Callable[[Any], float]:
    """``objective(trial) -> float``: train ``ctx.max_steps`` steps, return validation metric."""

    def objective(trial: Any) -> float:
        params = search_space(trial)
        config = trial_config(ctx.config, params, ctx.max_steps)
        model = model_init(trial, ctx.base, ctx.config, ctx.device)
        callback = _report_callback(trial, ctx.data.valset, ctx.eval_every, ctx.metric)
        with tempfile.TemporaryDirectory(prefix="titlesearch-trial-") as work:
            fit(
                model,
                ctx.data.triplets.frame,
                config,
                Path(work),
                progress=False,
                callbacks=[callback],
            )
        metrics = evaluate(model_encoder(model), ctx.data.valset)
        trial.report(metrics[ctx.metric], ctx.max_steps)
        trial.set_user_attr("metrics", metrics)
        trial.set_user_attr("effective_warmup", config.warmup_for(ctx.max_steps))
        return metrics[ctx.metric]

    return objective


def study_name(profile: str) -> str:
    return f"titlesearch-{profile}"


def best_params_path(runs_dir: Path, profile: str) -> Path:
    return Path(runs_dir) / f"best_params_{profile}.json"


def load_best_params(runs_dir: Path, profile: str) -> dict[str, Any]:
    """The best parameters ``titlesearch tune`` saved for ``profile``.

    Raises:
        TrainingError: no study has completed a trial for this profile yet.
    """
    path = best_params_path(runs_dir, profile)
    if not path.is_file():
        raise TrainingError(
            f"no tuned parameters for profile {profile!r} at {path}; run "
            f"`titlesearch tune --profile {profile}` first"
        )
    return dict(json.loads(path.read_text())["params"])


def run_study(
    ctx: TuneContext,
    runs_dir: Path,
    *,
    n_trials: int | None = 20,
    timeout: float | None = None,
    progress: bool = True,
) -> dict[str, Any]:
    """Run (or resume) the profile's study and save its best parameters; return that summary.

    The study lives in ``runs_dir/optuna.db`` named ``titlesearch-<profile>``: rerunning adds
    trials to it. Returns the JSON written to :func:`best_params_path` (``params`` is None when
    no trial has completed yet).
    """
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    runs_dir = Path(runs_dir)
    runs_dir.mkdir(parents=True, exist_ok=True)
    storage = f"sqlite:///{runs_dir / STUDY_DB}"
    name = study_name(ctx.config.profile)
    study = optuna.create_study(
        storage=storage,
        study_name=name,
        direction="maximize",
        load_if_exists=True,
        pruner=optuna.pruners.MedianPruner(n_startup_trials=2, n_warmup_steps=ctx.eval_every),
    )
    # A new seed per session, so a resumed study does not replay its first random trials.
    study.sampler = optuna.samplers.TPESampler(seed=ctx.config.seed + len(study.trials))
    study.set_user_attr("metric", ctx.metric)
    study.set_user_attr("max_steps_per_trial", ctx.max_steps)
    study.optimize(
        make_objective(ctx), n_trials=n_trials, timeout=timeout, show_progress_bar=shown(progress)
    )
    return save_best(study, ctx, best_params_path(runs_dir, ctx.config.profile), storage)


def save_best(study: Any, ctx: TuneContext, path: Path, storage: str) -> dict[str, Any]:
    """Write the best trial, trial counts and parameter importances of ``study`` to ``path``."""
    import optuna

    states = [t.state for t in study.trials]
    counts = {s.name.lower(): states.count(s) for s in optuna.trial.TrialState}
    complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    summary: dict[str, Any] = {
        "profile": ctx.config.profile,
        "study_name": study.study_name,
        "storage": storage,
        "metric": ctx.metric,
        "max_steps_per_trial": ctx.max_steps,
        "trials": {k: v for k, v in counts.items() if v},
        "params": None,
        "updated_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    if not complete:
        return summary
    best = study.best_trial
    summary.update(
        value=round(best.value, 4),
        trial=best.number,
        params=best.params,
        metrics=best.user_attrs.get("metrics"),
        importances=_importances(study, len(complete)),
    )
    write_json_atomic(path, summary)
    return summary


def _importances(study: Any, complete: int) -> dict[str, float] | None:
    """Optuna's default (PED-ANOVA) importances; None under 2 complete trials or no variation."""
    if complete < 2:
        return None
    import optuna

    try:
        with warnings.catch_warnings():  # "importances will be equal" on tiny studies
            warnings.simplefilter("ignore", UserWarning)
            found = optuna.importance.get_param_importances(study)
    except (RuntimeError, ValueError):  # e.g. every trial had the same value
        return None
    return {k: round(v, 4) for k, v in found.items()}
