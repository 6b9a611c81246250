"""Evaluation reports on screen, as JSON and as a markdown file under TITLESEARCH_HOME/reports."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from titlesearch.atomic_write import atomic_write, write_text_atomic
from titlesearch.evaluate.metrics import hit_rank
from titlesearch.evaluate.run import EvalReport

COLUMNS = [
    ("acc_at_1", "acc@1"),
    ("acc_at_5", "acc@5"),
    ("mrr_at_10", "MRR@10"),
    ("group_acc_at_1", "group acc@1"),
    ("coverage", "coverage"),
    ("acc_when_answered", "acc answered"),
    ("ece", "ECE"),
]


def to_markdown(report: EvalReport) -> str:
    data = report.as_dict()
    lines = [
        f"# Evaluation on {report.dataset}",
        "",
        f"{report.n} titles; index {data['index']['version']} ({data['index']['points']} titles); "
        f"abstain below confidence {report.abstain_below}; {report.created_at}.",
        "Temperatures: "
        + (", ".join(f"{k} {v:.4f}" for k, v in report.temperatures.items()) or "none"),
        "",
        "| system | " + " | ".join(label for _, label in COLUMNS) + " | titles/s |",
        "| --- " * (len(COLUMNS) + 2) + "|",
    ]
    for name, metrics in data["systems"].items():
        cells = [f"{metrics[key]:.3f}" for key, _ in COLUMNS]
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {data['titles_per_second'][name]} |")
    lines += ["", "Models: " + ", ".join(f"{k} = {v}" for k, v in data["index"]["models"].items())]
    return "\n".join(lines) + "\n"


def write_report(report: EvalReport, reports_dir: Path) -> tuple[Path, Path]:
    """Write ``eval_<time>.md`` / ``.json`` and refresh ``latest_eval.json`` (read by the UI)."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    stamp = report.created_at.replace(":", "").replace("-", "").replace("+0000", "")
    md, js = reports_dir / f"eval_{stamp}.md", reports_dir / f"eval_{stamp}.json"
    write_text_atomic(md, to_markdown(report))
    payload = json.dumps(report.as_dict(), indent=2)
    write_text_atomic(js, payload)
    write_text_atomic(reports_dir / "latest_eval.json", payload)
    return md, js


def write_predictions(report: EvalReport, reports_dir: Path) -> Path:
    """One row per title and system: gold, the top 5 codes with probabilities, level, right?

    So a person can read the errors (``predictions_<time>_<dataset>.csv``).
    """
    rows = []
    for name, predictions in report.predictions.items():
        for title, gold, pred in zip(report.titles, report.truth, predictions, strict=True):
            shown = zip(pred.codes, pred.probabilities[:5], strict=False)
            top = [f"{c} ({p:.2f})" for c, p in shown]
            top += pred.codes[len(top) : 5]
            rows.append(
                {
                    "title": title,
                    "gold": gold if isinstance(gold, str) else ";".join(gold),
                    "system": name,
                    "right_at_1": hit_rank(pred.codes, gold) == 1,
                    "level": pred.level,
                    "confidence": round(pred.confidence, 4),
                    **{f"top{i + 1}": top[i] if i < len(top) else "" for i in range(5)},
                }
            )
    stamp = report.created_at.replace(":", "").replace("-", "").replace("+0000", "")
    stem = Path(report.dataset).stem or "dataset"
    path = reports_dir / f"predictions_{stamp}_{stem}.csv"
    reports_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(path, lambda tmp: pd.DataFrame(rows).to_csv(tmp, index=False))
    return path
