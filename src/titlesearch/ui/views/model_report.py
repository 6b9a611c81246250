"""Model report: the training report of the indexed adapter (trainable share, loss curve,
before/after metrics), the Optuna study (trials, importances) and the latest evaluation of
this index. Each part says which command creates it when it is missing."""

from __future__ import annotations

import streamlit as st

from titlesearch.evaluate.artifacts import (
    before_after,
    latest_eval,
    optuna_study,
    training_run,
)
from titlesearch.ui import charts, resources, widgets


def training_section(manifest, runs_dir) -> str | None:
    """Show the run behind the tuned vectors; return its profile (to pick the Optuna study)."""
    st.header("Training")
    run = training_run(manifest, runs_dir)
    if run is None:
        st.info(
            "No training report yet. `titlesearch train` writes "
            "`runs/<run_id>/training_report.json`; then `titlesearch reindex --adapter "
            "runs/<run_id>/adapter` adds its tuned vectors to the index."
        )
        return None
    report = run.report
    if not run.indexed:
        adapter = run.run_dir / "adapter"
        st.warning(
            f"Run {report.run_id} is the newest training run but its "
            f"adapter is not in the index: `titlesearch reindex --adapter {adapter}`"
        )
    params, seconds = report.parameters, report.time_seconds
    cells = st.columns(4)
    cells[0].metric(
        "Trainable parameters",
        f"{_number(params.share_percent):.2f}%",
        help=f"{params.trainable or 0:,} of {params.total or 0:,} (LoRA)",
    )
    cells[1].metric("Steps", f"{report.steps if report.steps is not None else '—'}")
    cells[2].metric("Training time", f"{_number(seconds.train):.0f} s")
    cells[3].metric("Device", report.hardware.label)
    st.caption(
        f"Run {report.run_id} on {report.base_model or '?'}, "
        f"{report.created_at or ''}; folder {run.run_dir}"
    )
    left, right = st.columns(2)
    with left:
        st.markdown("**Validation before → after training**")
        st.dataframe(before_after(report).round(4), hide_index=True, width="stretch")
    if report.loss_curve:
        points = [point.as_dict() for point in report.loss_curve]
        right.plotly_chart(charts.loss_curve(points), key="r_loss")
    with st.expander("Configuration, data and hardware"):
        saved = report.as_dict()
        st.json(
            {k: saved.get(k) for k in ("config", "lora_target_modules", "data", "hardware")},
            expanded=False,
        )
    return report.profile


def _number(value: float | None) -> float:
    """``value``, or NaN (shown as ``nan``) for a figure the report lacks."""
    return float("nan") if value is None else value


def study_section(runs_dir, profile: str | None) -> None:
    st.header("Hyperparameter search")
    study = optuna_study(runs_dir, profile)
    if study is None:
        st.info(
            "No Optuna study yet. `titlesearch tune` searches LoRA and training parameters "
            "(stored in `runs/optuna.db`); `titlesearch train --params best` uses the winner."
        )
        return
    best = study.best or {}
    st.caption(
        f"Study {study.name} ({study.direction}), {len(study.trials)} trials in {study.storage}"
        + (f"; best trial {best['trial']} scored {best['value']:.4f}" if best else "")
    )
    left, right = st.columns(2)
    if study.importances:
        left.plotly_chart(charts.importances(study.importances), key="r_importances")
    else:
        left.info("Parameter importances need at least two completed trials that differ.")
    if not study.trials.empty and "value" in study.trials:
        right.plotly_chart(charts.trial_values(study.trials), key="r_trials")
    st.dataframe(study.trials, hide_index=True, width="stretch")


def evaluation_section(reports_dir, version: str) -> None:
    st.header("Evaluation")
    found = latest_eval(reports_dir, version)
    if found is None:
        st.info(
            "No evaluation report yet. `titlesearch eval --dataset FILE.csv` (columns "
            "`title`, `onet_soc_code`) compares base, tuned and a TF-IDF baseline and writes "
            "`reports/latest_eval.json`."
        )
        return
    report = found.report
    if not found.current:
        st.warning(
            f"This report was made on index version "
            f"{(report.get('index') or {}).get('version')}, not on the active {version}: "
            "run `titlesearch eval` again to refresh it."
        )
    st.caption(
        f"{report.get('n', '?')} titles from {report.get('dataset', '?')}, "
        f"{report.get('created_at')}; abstain below confidence {report.get('abstain_below')}"
    )
    st.dataframe(found.table().round(4), hide_index=True, width="stretch")


def render() -> None:
    st.title("Model report")
    service = resources.service_or_stop()
    home = resources.app_settings().home
    with widgets.shown_errors():
        profile = training_section(service.manifest, home.runs_dir)
        study_section(home.runs_dir, profile)
        evaluation_section(home.reports_dir, service.manifest.version)


render()
