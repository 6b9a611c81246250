"""Commands that measure quality: eval (base vs tuned vs lexical)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from titlesearch.cli.common import (
    HomeOption,
    ProfileOption,
    err_console,
    guarded,
    load_settings,
    out_console,
    print_json,
)


def labelled_dataset(dataset: Path | None, runs_dir: Path, limit: int | None = None):
    """Titles and codes of ``dataset``, or of the newest training run's validation split."""
    from titlesearch.errors import DataFileError
    from titlesearch.evaluate.run import load_labelled

    if dataset is None:
        candidates = sorted(runs_dir.glob("*/validation.csv"), key=lambda p: p.stat().st_mtime)
        if not candidates:
            raise DataFileError(
                "no dataset given and no training run with a validation split found; pass "
                "--dataset FILE.csv (columns title,onet_soc_code) or run `titlesearch train`"
            )
        dataset = candidates[-1]
    titles, codes = load_labelled(dataset, limit=limit)
    return dataset, titles, codes


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
    from titlesearch.evaluate.report import COLUMNS, write_report
    from titlesearch.evaluate.run import evaluate
    from titlesearch.runtime import search_service_for, store_for

    settings = load_settings(home, profile)
    path, titles, codes = labelled_dataset(dataset, settings.home.runs_dir, limit)
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


@guarded
def bench_llm_command(
    model: Annotated[str | None, typer.Option(help="Any litellm model string.")] = None,
    sample: Annotated[int, typer.Option(min=1, max=5000, help="Titles to send.")] = 50,
    dataset: Annotated[
        Path | None, typer.Option(help="CSV with title,onet_soc_code (default: last validation).")
    ] = None,
    top_k: Annotated[int, typer.Option(min=2, max=50, help="Candidates for rerank mode.")] = 10,
    seed: Annotated[int, typer.Option(help="Sampling seed.")] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
    mock_response: Annotated[
        str | None, typer.Option(hidden=True, help="litellm mock_response (tests, demos).")
    ] = None,
    profile: ProfileOption = None,
    home: HomeOption = None,
) -> None:
    """The same coding task given to an LLM (rerank top-k, and direct) beside the embeddings."""
    import random

    from titlesearch.evaluate.llm_bench import bench_llm
    from titlesearch.runtime import search_service_for, store_for

    settings = load_settings(home, profile)
    path, titles, codes = labelled_dataset(dataset, settings.home.runs_dir)
    picked = sorted(random.Random(seed).sample(range(len(titles)), min(sample, len(titles))))
    titles, codes = [titles[i] for i in picked], [codes[i] for i in picked]
    with store_for(settings) as store:
        service = search_service_for(settings, store, requested_base=profile)
        report = bench_llm(
            service,
            titles,
            codes,
            model=model or settings.llm.model or "",
            top_k=top_k,
            timeout=settings.llm.timeout,
            retries=settings.llm.retries,
            concurrency=settings.llm.concurrency,
            mock_response=mock_response,
        )
    if as_json:
        print_json(report)
        return
    table = Table(title=f"{report['n']} titles from {path.name}: LLM {report['model']}")
    for column in ("system", "acc@1", "mean ms", "p95 ms", "cost $", "unparsed", "failed"):
        table.add_column(column)
    for name, m in report["embedding"].items():
        table.add_row(f"embedding {name}", f"{m['accuracy']:.3f}", "", "", "0", "", "")
    for mode, m in report["llm"].items():
        table.add_row(
            f"llm {mode}",
            f"{m['accuracy']:.3f}",
            str(m["latency_ms_mean"]),
            str(m["latency_ms_p95"]),
            f"{m['cost_usd']:.4f}",
            str(m["unparsed"]),
            str(m["failed"]),
        )
    out_console.print(table)
