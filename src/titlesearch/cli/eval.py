"""Commands that measure quality: eval (base vs tuned vs lexical)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from titlesearch.cli.common import (
    HomeOption,
    HybridOption,
    ProfileOption,
    err_console,
    guarded,
    load_settings,
    out_console,
    print_json,
    quiet,
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
        list[Path] | None,
        typer.Option(
            help="CSV with title and onet_soc_code, or onet_soc_codes (several acceptable "
            "codes, ';'-joined). Repeat for several sets in one report (default: the last "
            "run's validation split)."
        ),
    ] = None,
    limit: Annotated[int | None, typer.Option(min=1, help="Only the first N rows.")] = None,
    calibrate: Annotated[
        bool,
        typer.Option(
            "--calibrate",
            help="Fit each model's confidence temperature on these sets (each weighted "
            "equally) and keep it for classify; the report shows ECE after fitting.",
        ),
    ] = False,
    hybrid: HybridOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    adapter: Annotated[Path | None, typer.Option(help="Adapter of the tuned vectors.")] = None,
    profile: ProfileOption = None,
    home: HomeOption = None,
) -> None:
    """Accuracy of base vs tuned vs a TF-IDF baseline on labelled titles; writes a report
    and a per-title predictions CSV for reading the errors."""
    from titlesearch.evaluate.report import COLUMNS, write_predictions, write_report
    from titlesearch.evaluate.run import evaluate
    from titlesearch.runtime import search_service_for, store_for

    settings = load_settings(home, profile)
    sets = [labelled_dataset(p, settings.home.runs_dir, limit) for p in (dataset or [None])]
    with store_for(settings) as store:
        service = search_service_for(
            settings, store, adapter=adapter, requested_base=profile, hybrid=hybrid
        )
        reports = [
            evaluate(
                service,
                titles,
                codes,
                dataset=str(path),
                progress=None
                if quiet()
                else lambda name, p=path: err_console.print(f"evaluating {name} on {p.name}…"),
            )
            for path, titles, codes in sets
        ]
        if calibrate:
            fitted = calibrate_reports(reports, service.manifest, settings.home.home)
            err_console.print(
                "calibrated: " + ", ".join(f"{k} T={v:.4f}" for k, v in fitted.items())
            )
    outputs = []
    for report in reports:
        md, _ = write_report(report, settings.home.reports_dir)
        outputs.append((report, md, write_predictions(report, settings.home.reports_dir)))
    if as_json:
        print_json(
            {"reports": [r.as_dict() for r, *_ in outputs]}
            if len(outputs) > 1
            else outputs[0][0].as_dict()
        )
        return
    for report, md, predictions in outputs:
        table = Table(title=f"{report.n} titles from {Path(report.dataset).name}")
        table.add_column("system")
        for _, label in COLUMNS:
            table.add_column(label, justify="right")
        for name, metrics in report.as_dict()["systems"].items():
            table.add_row(name, *(f"{metrics[key]:.3f}" for key, _ in COLUMNS))
        out_console.print(table)
        out_console.print(f"report: {md}\npredictions: {predictions}")


def calibrate_reports(reports, manifest, home: Path) -> dict[str, float]:
    """Fit a calibration per model on all reports (temperature, then the logistic correction),
    apply it to them, keep it under home; the temperatures, for the summary line."""
    from titlesearch.evaluate.run import recalibrated, right_positions
    from titlesearch.search.calibration import fit_calibration, save_calibrations

    fitted, held_out = {}, {}
    for name in reports[0].code_scores:
        sets = [(r.code_scores[name], right_positions(r, name), r.titles) for r in reports]
        fitted[name], held_out[name] = fit_calibration(sets)
    for report in reports:
        recalibrated(report, fitted)
    names = [Path(r.dataset).name for r in reports]
    save_calibrations(
        home,
        manifest,
        {
            name: calibration.as_record()
            | {
                "ece": {
                    n: round(r.systems[name].ece, 4) for n, r in zip(names, reports, strict=True)
                },
                "ece_cross_validated": {
                    n: round(e, 4) for n, e in zip(names, held_out[name], strict=True)
                },
            }
            for name, calibration in fitted.items()
        },
    )
    return {name: calibration.temperature for name, calibration in fitted.items()}


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
    from titlesearch.extras import require_litellm
    from titlesearch.runtime import search_service_for, store_for

    require_litellm()  # before the models load
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
