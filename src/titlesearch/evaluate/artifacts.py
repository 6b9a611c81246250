"""What training and evaluation left on disk for the active index, read for the UI's reports.

Three artifacts, each optional, each found from the index manifest or the home folder:

* the training report (``runs/<run_id>/training_report.json``) of the adapter whose vectors
  are indexed: the manifest's tuned vector record names its adapter, ``runs/<run_id>/adapter``;
* the Optuna study (``runs/optuna.db``, one study ``titlesearch-<profile>`` per profile) with
  its trials and parameter importances;
* the latest evaluation report (``reports/latest_eval.json``) made on this index version.

Every reader returns ``None`` (with a reason where it helps) instead of raising: a missing
artifact is normal before the first ``titlesearch train`` / ``tune`` / ``eval``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from titlesearch.errors import TrainingError
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.vectors import TUNED
from titlesearch.train.report import REPORT_NAME, TrainingReport

STUDY_DB = "optuna.db"  # written by titlesearch.train.hpo
LATEST_EVAL = "latest_eval.json"  # written by titlesearch.evaluate.report


def _read_json(path: Path) -> dict[str, Any] | None:
    """A JSON object from ``path``, or None when it is missing or unreadable (half-written)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class TrainingRun:
    """A training run folder and its report; ``indexed`` when its adapter made the tuned vectors."""

    run_dir: Path
    report: TrainingReport
    indexed: bool


def _read_report(path: Path) -> TrainingReport | None:
    """The training report in ``path``, or None when it is missing or damaged (half-written)."""
    try:
        return TrainingReport.read(path)
    except TrainingError:
        return None


def training_run(manifest: IndexManifest | None, runs_dir: Path) -> TrainingRun | None:
    """The run behind the index's tuned vectors, else the newest run with a report, else None."""
    tuned = manifest.vectors.get(TUNED) if manifest is not None else None
    adapter_path = tuned.adapter.path if tuned is not None and tuned.adapter else None
    if adapter_path:
        run_dir = Path(adapter_path).parent
        report = _read_report(run_dir / REPORT_NAME)
        if report is not None:
            return TrainingRun(run_dir, report, indexed=True)
    reports = sorted(Path(runs_dir).glob(f"*/{REPORT_NAME}"), key=lambda p: p.stat().st_mtime)
    for path in reversed(reports):
        report = _read_report(path)
        if report is not None:
            return TrainingRun(path.parent, report, indexed=False)
    return None


def before_after(report: TrainingReport) -> pd.DataFrame:
    """Validation metrics before and after training, one row per metric, with the change."""
    before = report.validation.before.as_dict()
    after = report.validation.after.as_dict()
    rows = [
        {"metric": key, "before": before.get(key), "after": after.get(key)}
        for key in dict.fromkeys([*before, *after])
    ]
    frame = pd.DataFrame(rows, columns=["metric", "before", "after"])
    frame["change"] = pd.to_numeric(frame["after"]) - pd.to_numeric(frame["before"])
    return frame


@dataclass(frozen=True)
class StudySummary:
    """One Optuna study: its trials as a table and parameter importances (None if unavailable)."""

    name: str
    storage: Path
    direction: str
    trials: pd.DataFrame
    importances: dict[str, float] | None
    best: dict[str, Any] | None


def optuna_study(runs_dir: Path, profile: str | None = None) -> StudySummary | None:
    """The study in ``runs_dir/optuna.db``: ``titlesearch-<profile>`` if there, else the largest."""
    path = Path(runs_dir) / STUDY_DB
    if not path.is_file():
        return None
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    storage = f"sqlite:///{path}"
    try:
        summaries = optuna.get_all_study_summaries(storage)
    except Exception:  # a foreign or damaged SQLite file: not a study we can show
        return None
    if not summaries:
        return None
    wanted = f"titlesearch-{profile}" if profile else None
    chosen = next((s for s in summaries if s.study_name == wanted), None) or max(
        summaries, key=lambda s: s.n_trials
    )
    study = optuna.load_study(study_name=chosen.study_name, storage=storage)
    trials = study.trials_dataframe(attrs=("number", "value", "state", "params", "duration"))
    trials.columns = [c.removeprefix("params_") for c in trials.columns]
    if "duration" in trials:
        trials["seconds"] = trials.pop("duration").dt.total_seconds().round(1)
    complete = study.get_trials(deepcopy=False, states=(optuna.trial.TrialState.COMPLETE,))
    best = None
    if complete:
        best = {"trial": study.best_trial.number, "value": study.best_value, **study.best_params}
    return StudySummary(
        name=chosen.study_name,
        storage=path,
        direction=study.direction.name.lower(),
        trials=trials,
        importances=_importances(runs_dir, chosen.study_name, study, len(complete)),
        best=best,
    )


def _importances(runs_dir: Path, name: str, study: Any, complete: int) -> dict[str, float] | None:
    """Importances saved by ``titlesearch tune`` for this study, else computed (≥ 2 trials)."""
    for path in Path(runs_dir).glob("best_params_*.json"):
        saved = _read_json(path) or {}
        if saved.get("study_name") == name and saved.get("importances"):
            return dict(saved["importances"])
    if complete < 2:
        return None
    import optuna

    try:
        return dict(optuna.importance.get_param_importances(study))
    except (RuntimeError, ValueError):  # every trial scored the same, or one parameter only
        return None


@dataclass(frozen=True)
class EvalArtifact:
    """An evaluation report and whether it was made on the active index version."""

    path: Path
    report: dict[str, Any]
    current: bool

    def table(self) -> pd.DataFrame:
        """One row per system (base, tuned, lexical) with its metrics and titles/s."""
        speed = self.report.get("titles_per_second") or {}
        rows = [
            {"system": name, **metrics, "titles/s": speed.get(name)}
            for name, metrics in (self.report.get("systems") or {}).items()
        ]
        return pd.DataFrame(rows)


def latest_eval(reports_dir: Path, version: str | None) -> EvalArtifact | None:
    """The newest report made on ``version``; else the newest report at all (``current=False``)."""
    reports_dir = Path(reports_dir)
    newest: EvalArtifact | None = None
    latest = _read_json(reports_dir / LATEST_EVAL)
    if latest is not None:
        current = (latest.get("index") or {}).get("version") == version
        newest = EvalArtifact(reports_dir / LATEST_EVAL, latest, current)
        if current:
            return newest
    dated = sorted(reports_dir.glob("eval_*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in dated:
        report = _read_json(path)
        if report and (report.get("index") or {}).get("version") == version:
            return EvalArtifact(path, report, True)
        if report and newest is None:
            newest = EvalArtifact(path, report, False)
    return newest


def index_summary(service: Any) -> dict[str, Any]:
    """What the active index holds: models, dimensions, point counts per vector and group."""
    manifest = service.manifest
    store = service.store
    models = []
    for name, entry in manifest.vectors.items():
        models.append(
            {
                "vector": name,
                "model": entry.name,
                "adapter run": entry.adapter.run_id if entry.adapter else "",
                "dims": entry.dims,
                "points": store.count(has_vector=name),
                "weights sha256": entry.sha256[:12] + "…",
            }
        )
    return {
        "version": manifest.version,
        "collection": manifest.collection,
        "created_at": manifest.created_at,
        "points": store.count(),
        "models": models,
        "major_groups": dict(sorted(store.facet("major_group").items())),
        "manifest": manifest.to_data(),
    }
