"""Commands that make training data: ``generate`` (synthetic jittered titles).

Command bodies import the heavy modules they need, so ``titlesearch --help`` stays fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from titlesearch.cli.common import HomeOption, guarded, load_settings, out_console, print_json


class BackendChoice(StrEnum):
    rules = "rules"
    llm = "llm"


class FormatChoice(StrEnum):
    csv = "csv"
    parquet = "parquet"


@guarded
def generate(
    backend: Annotated[
        BackendChoice, typer.Option(help="rules: offline word lists; llm: any litellm model.")
    ] = BackendChoice.rules,
    model: Annotated[
        str | None,
        typer.Option(help="litellm model for --backend llm (env TITLESEARCH_LLM_MODEL)."),
    ] = None,
    seeds: Annotated[
        Path | None,
        typer.Option(help="CSV/Parquet: title, onet_code, optional onet_title (default: O*NET)."),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(min=1, help="Only N seeds, sampled across as many O*NET codes as possible."),
    ] = None,
    per_title: Annotated[int, typer.Option(min=1, max=20, help="Variants per seed title.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed (rules backend and --limit).")] = 0,
    batch_size: Annotated[
        int, typer.Option(min=1, max=200, help="Seed titles per LLM request.")
    ] = 20,
    concurrency: Annotated[
        int | None,
        typer.Option(
            min=1, max=64, help="Parallel LLM requests (env TITLESEARCH_LLM_CONCURRENCY)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            help="Output file; relative paths are under <home>/data "
            "(default: <home>/data/synthetic_<backend>.csv)."
        ),
    ] = None,
    fmt: Annotated[
        FormatChoice | None,
        typer.Option("--format", help="csv or parquet (default: from --output, else csv)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    home: HomeOption = None,
) -> None:
    """Write jittered, posting-style variants of clean O*NET titles for training.

    Resumable: seeds already in the output file are skipped, so rerunning the same command
    finishes an interrupted run or retries the titles of failed LLM batches.
    """
    from titlesearch.synth.generate import (
        generate_synthetic,
        load_seeds,
        resolve_output,
        sample_seeds,
    )
    from titlesearch.taxonomy import load_taxonomy

    settings = load_settings(home)
    overrides = {"model": model, "concurrency": concurrency}
    llm = settings.llm.model_copy(update={k: v for k, v in overrides.items() if v is not None})
    path, file_format = resolve_output(
        settings.home, output, backend.value, fmt.value if fmt else None
    )
    records = load_seeds(seeds) if seeds else load_taxonomy().corpus()
    summary = generate_synthetic(
        sample_seeds(records, limit, seed),
        output=path,
        backend=backend.value,
        per_title=per_title,
        seed=seed,
        fmt=file_format,
        llm=llm,
        batch_size=batch_size,
        concurrency=concurrency,
        log_dir=settings.home.runs_dir,
    )
    data = summary.as_dict()
    if as_json:
        print_json(data)
    else:
        _print_summary(data)
    if summary.failed_batches and not summary.rows_written:
        raise typer.Exit(1)


def _print_summary(data: dict[str, Any]) -> None:
    table = Table(title=f"generate: {data['generator']}", show_header=False)
    table.add_column("what")
    table.add_column("value", justify="right")
    table.add_row("output", str(data["output"]))
    table.add_row("rows written", f"{data['rows_written']:,}")
    for category, count in data["per_category"].items():
        table.add_row(f"  {category}", f"{count:,}")
    table.add_row("seed titles", f"{data['seeds_total']:,}")
    table.add_row("  skipped (already done)", f"{data['seeds_skipped']:,}")
    table.add_row("  done now", f"{data['seeds_done']:,}")
    table.add_row("  no valid variant / missing", f"{data['seeds_missing']:,}")
    table.add_row("  in failed batches", f"{data['seeds_failed']:,}")
    table.add_row("failed batches", str(data["failed_batches"]))
    if data["dropped"]:
        dropped = ", ".join(f"{k} {v}" for k, v in sorted(data["dropped"].items()))
        table.add_row("variants dropped", dropped)
    if data["generator"].startswith("llm:"):
        table.add_row(
            "tokens (prompt / completion)",
            f"{data['prompt_tokens']:,} / {data['completion_tokens']:,}",
        )
        cost = data["cost_usd"]
        table.add_row("cost (USD)", "unknown for this model" if cost is None else f"{cost:.4f}")
        table.add_row("request log", str(data["log_path"]))
    table.add_row("seconds", f"{data['seconds']:.1f}")
    out_console.print(table)
    if data["seeds_failed"] or data["seeds_missing"]:
        out_console.print("rerun the same command to retry the titles that got no variants")
