"""Commands that fine-tune the encoder: train (one LoRA run) and tune (Optuna search)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from titlesearch.cli.choices import BATCHES, LOSSES, NEGATIVES, PARAMS, POSITIVES, TARGETS, choice
from titlesearch.cli.common import (
    HomeOption,
    JsonOption,
    ProfileOption,
    guarded,
    load_settings,
    out_console,
    print_json,
)
from titlesearch.cli.reports import train_json, tune_json

DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data", help="Synthetic CSV/Parquet (default: newest under TITLESEARCH_HOME/data)."
    ),
]
LimitSeedsOption = Annotated[
    int | None, typer.Option("--limit-seeds", help="Use only N seed titles (a seeded sample).")
]
SeedOption = Annotated[int | None, typer.Option("--seed", help="Random seed.")]


def _profile_and_settings(home: Path | None, profile: str | None):
    """Check the profile with training's own error, then build settings for it."""
    from titlesearch.errors import TrainingError
    from titlesearch.train.config import PROFILES

    settings = load_settings(home, None)
    profile = profile or settings.model.profile
    if profile not in PROFILES:
        raise TrainingError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
    return profile, load_settings(home, profile)


def _frame_and_base(settings: Any, data: Path | None, as_json: bool):
    """The training data (named on stdout, unless the output is JSON) and the base model."""
    from titlesearch.encoders import resolve_model
    from titlesearch.runtime import base_model_name
    from titlesearch.train.data.split import load_training_frame, newest_data_file

    path = data or newest_data_file(settings.home.data_dir)
    if not as_json:
        out_console.print(f"data: {path}", highlight=False)
    frame = load_training_frame(path)
    base = resolve_model(base_model_name(settings), settings.home.models_dir)
    return path, frame, base


def _train(settings: Any, config: Any, data: Path | None, as_json: bool):
    """One training run on ``data`` (default: the newest): its data file and result."""
    from titlesearch.runtime import embedding_cache, encoder_for
    from titlesearch.train.run import train_adapter

    path, frame, base = _frame_and_base(settings, data, as_json)
    cache = embedding_cache(settings)
    try:
        result = train_adapter(
            frame,
            base,
            config,
            runs_dir=settings.home.runs_dir,
            cache=cache,
            device=settings.model.device,
            base_encoder=encoder_for(settings, base, cache),
        )
    finally:
        cache.close()
    return path, result


def _study(settings: Any, config: Any, data: Path | None, as_json: bool, **study: Any):
    """Run (or resume) the profile's Optuna study for ``study``'s trials; its summary."""
    from titlesearch.runtime import embedding_cache, encoder_for
    from titlesearch.train.data.prepared import prepare_data
    from titlesearch.train.hpo import TuneContext, run_study

    _, frame, base = _frame_and_base(settings, data, as_json)
    cache = embedding_cache(settings)
    try:
        prepared = prepare_data(frame, encoder_for(settings, base, cache), config)
    finally:
        cache.close()
    ctx = TuneContext(
        base=base,
        config=config,
        data=prepared,
        max_steps=config.max_steps,
        eval_every=max(1, config.max_steps // 4),
        device=settings.model.device,
    )
    return run_study(ctx, settings.home.runs_dir, **study)


@guarded
def train(
    profile: ProfileOption = None,
    data: DataOption = None,
    loss: Annotated[str | None, choice(choices=LOSSES, help="mnrl or triplet.")] = None,
    negatives: Annotated[
        str | None, choice(choices=NEGATIVES, help="hard (mined) or random.")
    ] = None,
    positives: Annotated[
        str | None, choice(choices=POSITIVES, help="code (other titles of the code too) or seed.")
    ] = None,
    batches: Annotated[
        str | None,
        choice(choices=BATCHES, help="one-code (no code twice per batch) or no-duplicates."),
    ] = None,
    r: Annotated[int | None, typer.Option("--r", help="LoRA rank.")] = None,
    alpha: Annotated[int | None, typer.Option(help="LoRA alpha.")] = None,
    dropout: Annotated[float | None, typer.Option(help="LoRA dropout.")] = None,
    lr: Annotated[float | None, typer.Option(help="Peak learning rate.")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Triplets per step.")] = None,
    margin: Annotated[float | None, typer.Option(help="Triplet margin (cosine).")] = None,
    warmup: Annotated[int | None, typer.Option(help="Warmup steps.")] = None,
    epochs: Annotated[float | None, typer.Option(help="Passes over the data.")] = None,
    max_steps: Annotated[
        int | None, typer.Option(help="Training steps (instead of epochs).")
    ] = None,
    val_fraction: Annotated[float | None, typer.Option(help="Held-out share of seeds.")] = None,
    update_scale: Annotated[
        float | None,
        typer.Option(help="Share of the trained update kept (base/tuned blend; 1: all)."),
    ] = None,
    limit_seeds: LimitSeedsOption = None,
    params: Annotated[
        str | None,
        choice(choices=PARAMS, help="'best': start from `titlesearch tune`'s best parameters."),
    ] = None,
    targets: Annotated[
        str,
        choice(
            choices=TARGETS, help="mapped (per architecture, default) or literal LoRA target names."
        ),
    ] = "mapped",
    seed: SeedOption = None,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Train a LoRA adapter on synthetic titles; saves adapter/, merged/ and a report.

    Profile defaults: quick = MiniLM, mnrl, hard negatives, r16/alpha32, lr 5e-4, batch 64,
    300 steps, 0.7 of the trained update kept; seed = mpnet with the seed report's settings
    (triplet, r16/alpha16, lr 1.09e-5, batch 32, margin 0.123, warmup 359, one epoch, all of
    the update). Options override them.
    """
    from titlesearch.errors import TrainingError
    from titlesearch.train.config import TrainConfig
    from titlesearch.train.hpo import load_best_params

    profile, settings = _profile_and_settings(home, profile)
    if params is not None and params not in PARAMS:
        raise TrainingError(f"--params accepts only 'best', got {params!r}")
    if targets not in TARGETS:
        raise TrainingError(f"--targets must be mapped or literal, got {targets!r}")
    overrides: dict[str, Any] = {}
    if params == "best":
        overrides.update(load_best_params(settings.home.runs_dir, profile))
        if not as_json:
            out_console.print(f"tuned parameters: {overrides}", highlight=False)
    tuned = dict(overrides) if params == "best" else None
    given = dict(loss=loss, negatives=negatives, r=r, alpha=alpha, dropout=dropout, lr=lr)
    given |= dict(positives=positives, batches=batches)
    given |= dict(batch_size=batch_size, margin=margin, warmup=warmup, epochs=epochs)
    given |= dict(max_steps=max_steps, val_fraction=val_fraction, limit_seeds=limit_seeds)
    given |= dict(update_scale=update_scale)
    given |= dict(seed=seed, map_targets=targets == "mapped")
    overrides.update({k: v for k, v in given.items() if v is not None})
    config = TrainConfig.for_profile(profile, **overrides)
    path, result = _train(settings, config, data, as_json)
    if as_json:
        print_json(train_json(result, path, tuned))
        return
    for line in result.report.summary_lines():
        out_console.print(line, highlight=False)


@guarded
def tune(
    profile: ProfileOption = None,
    data: DataOption = None,
    trials: Annotated[int, typer.Option(min=1, help="Trials to add to the study.")] = 20,
    timeout: Annotated[
        float | None, typer.Option(min=1, help="Stop starting trials after S seconds.")
    ] = None,
    max_steps: Annotated[int, typer.Option(min=2, help="Training steps per trial.")] = 100,
    limit_seeds: Annotated[
        int | None, typer.Option("--limit-seeds", help="Seed titles used (a seeded sample).")
    ] = 2000,
    eval_queries: Annotated[int, typer.Option(min=10, help="Validation queries scored.")] = 500,
    seed: SeedOption = None,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Search r, alpha, dropout, lr, batch size, margin and warmup with Optuna.

    The study is stored in TITLESEARCH_HOME/runs/optuna.db (one per profile) and resumes when
    run again; weak trials are pruned early on validation MRR@10. The best parameters are saved
    for `titlesearch train --params best`.
    """
    from titlesearch.train.config import TrainConfig
    from titlesearch.train.hpo import best_params_path

    profile, settings = _profile_and_settings(home, profile)
    config = TrainConfig.for_profile(
        profile, max_steps=max_steps, limit_seeds=limit_seeds, max_eval_queries=eval_queries,
        seed=seed,
    )  # fmt: skip
    summary = _study(settings, config, data, as_json, n_trials=trials, timeout=timeout)
    saved_to = best_params_path(settings.home.runs_dir, profile)
    if as_json:
        print_json(tune_json(summary, saved_to))
        return
    counts = ", ".join(f"{n} {state}" for state, n in summary["trials"].items())
    out_console.print(f"study {summary['study_name']}: {counts}", highlight=False)
    if summary["params"] is None:
        out_console.print("no trial completed yet; run `titlesearch tune` again to continue")
        return
    out_console.print(
        f"best {summary['metric']} {summary['value']:.4f} (trial {summary['trial']}): "
        f"{summary['params']}",
        highlight=False,
    )
    if summary.get("importances"):
        ranked = ", ".join(f"{k} {v:.2f}" for k, v in summary["importances"].items())
        out_console.print(f"importance: {ranked}", highlight=False)
    out_console.print(
        f"saved to {saved_to}; train with `titlesearch train --profile {profile} --params best`",
        highlight=False,
    )
