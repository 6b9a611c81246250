"""Readers of training/tuning/evaluation artifacts: found from the manifest, tolerant of
absent, stale or damaged files (the Model report page shows a message instead)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from titlesearch.evaluate.artifacts import (
    before_after,
    latest_eval,
    optuna_study,
    training_run,
)
from titlesearch.store.manifest import IndexManifest


def _manifest(adapter: Path | None, version: str = "v1") -> IndexManifest:
    record = {"name": "m", "sha256": "0" * 64, "fingerprint": "1" * 64, "dims": 4}
    vectors = {"base": record}
    if adapter is not None:
        vectors["tuned"] = {
            **record,
            "adapter": {"run_id": "r", "sha256": "2" * 64, "path": str(adapter)},
        }
    return IndexManifest(
        collection="job_titles",
        version=version,
        vectors=vectors,
        corpus={"hash": "x", "points": 1},
        created_at="2026-01-01T00:00:00+00:00",
    )


def _report(run_dir: Path, run_id: str) -> None:
    run_dir.mkdir(parents=True)
    validation = {"before": {"accuracy@1": 0.4}, "after": {"accuracy@1": 0.5}}
    (run_dir / "training_report.json").write_text(
        json.dumps({"run_id": run_id, "validation": validation})
    )


def test_training_run_follows_the_manifest_then_falls_back_to_the_newest(tmp_path):
    runs = tmp_path / "runs"
    assert training_run(_manifest(None), runs) is None
    _report(runs / "old", "old")
    _report(runs / "new", "new")
    os.utime(runs / "old" / "training_report.json", (1, 1))
    indexed = training_run(_manifest(runs / "old" / "adapter"), runs)
    assert indexed.report.run_id == "old" and indexed.indexed
    newest = training_run(_manifest(None), runs)
    assert newest.report.run_id == "new" and not newest.indexed
    frame = before_after(indexed.report)
    assert frame.to_dict("records") == [
        {"metric": "accuracy@1", "before": 0.4, "after": 0.5, "change": frame["change"][0]}
    ]
    assert abs(frame["change"][0] - 0.1) < 1e-9


def test_half_written_report_is_skipped(tmp_path):
    runs = tmp_path / "runs"
    (runs / "broken").mkdir(parents=True)
    (runs / "broken" / "training_report.json").write_text('{"run_id": ')
    assert training_run(_manifest(runs / "broken" / "adapter"), runs) is None


def test_latest_eval_prefers_one_made_on_the_active_version(tmp_path):
    reports = tmp_path / "reports"
    assert latest_eval(reports, "v2") is None
    reports.mkdir()
    on_v1 = {"index": {"version": "v1"}, "systems": {"base": {"acc_at_1": 0.5}}}
    (reports / "latest_eval.json").write_text(json.dumps(on_v1))
    stale = latest_eval(reports, "v2")
    assert stale is not None and not stale.current
    on_v2 = {**on_v1, "index": {"version": "v2"}, "titles_per_second": {"base": 10.0}}
    (reports / "eval_20260101T000000.json").write_text(json.dumps(on_v2))
    current = latest_eval(reports, "v2")
    assert current.current and current.path.name.startswith("eval_")
    assert current.table().to_dict("records") == [
        {"system": "base", "acc_at_1": 0.5, "titles/s": 10.0}
    ]


def test_optuna_study_absent_or_not_a_database(tmp_path):
    assert optuna_study(tmp_path) is None
    (tmp_path / "optuna.db").write_text("not sqlite")
    assert optuna_study(tmp_path) is None
