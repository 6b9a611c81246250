"""The one-command pipeline: pull → generate → (tune) → train → ingest → eval."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from titlesearch.cli.choices import PIPELINE_BACKENDS, choice
from titlesearch.cli.common import (
    HomeOption,
    JsonOption,
    ProfileOption,
    err_console,
    guarded,
    load_settings,
    out_console,
    print_json,
    quiet,
)
from titlesearch.cli.reports import pipeline_json


@guarded
def pipeline(
    profile: ProfileOption = None,
    trials: Annotated[int, typer.Option(min=0, help="Optuna trials before training.")] = 0,
    tune_steps: Annotated[int, typer.Option(min=1, help="Training steps per trial.")] = 60,
    max_steps: Annotated[int | None, typer.Option(min=1, help="Training steps.")] = None,
    limit_seeds: Annotated[
        int | None, typer.Option(min=10, help="Generate/train on N seed titles only.")
    ] = None,
    index_limit: Annotated[int | None, typer.Option(min=1, help="Index N titles only.")] = None,
    backend: Annotated[str, choice(choices=PIPELINE_BACKENDS, help="auto, rules or llm.")] = "auto",
    dataset: Annotated[
        Path | None, typer.Option(help="Also evaluate on this CSV (title,onet_soc_code).")
    ] = None,
    retrain: Annotated[
        bool, typer.Option(help="Train again even if a matching run exists.")
    ] = False,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Run the whole job; every step resumes, so rerun it after an interruption.

    With --json the step lines go to stderr (none with -q) and stdout holds one JSON object.
    """
    from titlesearch.errors import InvalidInputError
    from titlesearch.pipeline import PipelineOptions, run_pipeline

    if backend not in PIPELINE_BACKENDS:
        raise InvalidInputError(f"--backend must be auto, rules or llm, got {backend!r}")
    settings = load_settings(home, profile)
    options = PipelineOptions(
        profile=settings.model.profile, trials=trials, tune_steps=tune_steps,
        max_steps=max_steps, limit_seeds=limit_seeds, index_limit=index_limit,
        backend=backend, dataset=dataset, retrain=retrain,
    )  # fmt: skip

    def say(line: str) -> None:
        if not as_json:
            out_console.print(line, highlight=False)
        elif not quiet():
            err_console.print(line)

    summary = run_pipeline(settings, options, say)
    if as_json:
        print_json(pipeline_json(summary))
        return
    steps = ", ".join(f"{name} {seconds:.0f}s" for name, seconds in summary.steps.items())
    out_console.print(
        f"done in {summary.total_seconds / 60:.1f} min ({steps}); index {summary.version} "
        f"with adapter {summary.adapter}",
        highlight=False,
    )
