"""Commands that measure quality: eval (base vs tuned vs lexical)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from titlesearch.cli.app import app
from titlesearch.cli.common import (
    HomeOption,
    ProfileOption,
    err_console,
    guarded,
    load_settings,
    out_console,
    print_json,
)


def default_dataset(runs_dir: Path) -> Path | None:
    """The validation split of the newest training run, if any."""
    candidates = sorted(runs_dir.glob("*/validation.csv"), key=lambda p: p.stat().st_mtime)
    return candidates[-1] if candidates else None


@app.command("eval")
@guarded
def eval_command(
    dataset: Annotated[
        Path | None,
        typer.Option(
            help="CSV with title,onet_soc_code (default: the last run's validation split)."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N rows.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    adapter: Annotated[Path | None, typer.Option(help="Adapter of the tuned vectors.")] = None,
    profile: ProfileOption = None,
    home: HomeOption = None,
) -> None:
    """Accuracy of base vs tuned vs a TF-IDF baseline on labelled titles; writes a report."""
    from titlesearch.errors import DataFileError
    from titlesearch.evaluate.report import COLUMNS, write_report
    from titlesearch.evaluate.run import evaluate, load_labelled
    from titlesearch.runtime import search_service_for, store_for

    settings = load_settings(home, profile)
    path = dataset or default_dataset(settings.home.runs_dir)
    if path is None:
        raise DataFileError(
            "no dataset given and no training run with a validation split found; "
            "pass --dataset FILE.csv (columns title,onet_soc_code) or run `titlesearch train`"
        )
    titles, codes = load_labelled(path, limit=limit)
    with store_for(settings) as store:
        service = search_service_for(settings, store, adapter=adapter, requested_base=profile)
        report = evaluate(
            service,
            titles,
            codes,
            dataset=str(path),
            progress=lambda name: err_console.print(f"evaluating {name}…"),
        )
    md, _ = write_report(report, settings.home.reports_dir)
    if as_json:
        print_json(report.as_dict())
        return
    table = Table(title=f"{report.n} titles from {path.name}")
    table.add_column("system")
    for _, label in COLUMNS:
        table.add_column(label, justify="right")
    for name, metrics in report.as_dict()["systems"].items():
        table.add_row(name, *(f"{metrics[key]:.3f}" for key, _ in COLUMNS))
    out_console.print(table)
    out_console.print(f"report: {md}")
