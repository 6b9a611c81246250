"""The typed training report: JSON on disk as before, round trip, damaged files, summary."""

from __future__ import annotations

import json

import pytest

from titlesearch.errors import TrainingError
from titlesearch.train.report import REPORT_NAME, TrainingReport

# The shape ``train_adapter`` has always written (keys in order), with made-up values.
SAVED = {
    "run_id": "20260101-000000-quick",
    "created_at": "2026-01-01T00:00:00+00:00",
    "base_model": "sentence-transformers/all-MiniLM-L6-v2",
    "base_sha256": "ab" * 32,
    "config": {"profile": "quick", "loss": "mnrl", "r": 16, "target_modules": ["query", "key"]},
    "lora_target_modules": ["dense", "key", "query", "value"],
    "parameters": {"trainable": 36864, "total": 22750080, "share_percent": 0.162},
    "data": {
        "train": {"variants": 90, "seed_titles": 45, "codes": 25},
        "val": {"variants": 10, "seed_titles": 5, "codes": 5},
        "triplets": {"negatives": "hard", "pool": 5, "skip": 0, "triplets": 90},
    },
    "validation": {
        "sizes": {"queries": 10, "corpus": 50},
        "before": {"accuracy@1": 0.4, "accuracy@5": 0.7, "mrr@10": 0.5123},
        "after": {"accuracy@1": 0.6, "accuracy@5": 0.9, "mrr@10": 0.7},
    },
    "steps": 4,
    "warmup_steps": 1,
    "loss_curve": [{"step": 1, "loss": 2.5}, {"step": 2, "loss": 2.25}],
    "adapter_check_max_abs_diff": 1.2e-07,
    "time_seconds": {"train": 3.2, "total": 9.8},
    "hardware": {
        "device": "cpu",
        "cpu": "Some CPU",
        "cpu_count": 2,
        "gpu": None,
        "torch_threads": 2,
        "torch": "2.13.0",
        "platform": "Linux",
    },
    "paths": {"adapter": "runs/x/adapter", "merged": "runs/x/merged"},
}


def test_saved_report_reads_typed_and_writes_back_the_same_json(tmp_path):
    source = tmp_path / "in.json"
    source.write_text(json.dumps(SAVED))
    report = TrainingReport.read(source)
    assert report.validation.before.accuracy_at_1 == 0.4
    assert report.validation.after.mrr_at_10 == 0.7
    assert report.validation.sizes.queries == 10
    assert report.parameters.share_percent == 0.162
    assert [p.step for p in report.loss_curve] == [1, 2]
    assert report.hardware.gpu is None and report.hardware.label == "cpu"
    assert report.profile == "quick" and report.time_seconds.train == 3.2
    target = tmp_path / "run" / REPORT_NAME
    report.write(target)
    written = json.loads(target.read_text())
    assert written == SAVED
    assert list(written) == list(SAVED)  # same keys, same order
    assert list(written["validation"]["before"]) == ["accuracy@1", "accuracy@5", "mrr@10"]
    assert TrainingReport.read(target) == report


def test_older_or_partial_reports_still_read(tmp_path):
    path = tmp_path / REPORT_NAME
    partial = {
        "run_id": "old",
        "validation": {"before": {"accuracy@1": 0.4}, "after": {"accuracy@1": 0.5}},
        "hardware": {"device": "cpu", "gpu": None},
        "retired_key": {"kept": True},
    }
    path.write_text(json.dumps(partial))
    report = TrainingReport.read(path)
    assert report.validation.before.as_dict() == {"accuracy@1": 0.4}
    assert report.steps is None and report.loss_curve == [] and report.profile is None
    assert report.as_dict() == partial  # nothing invented, nothing dropped


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"run_id": ', "damaged"),  # half-written
        ("[1, 2]", "not a JSON object"),
        ('{"validation": {}}', "run_id"),
        ('{"run_id": "r", "steps": "many"}', "steps"),
        ('{"run_id": "r", "loss_curve": [{"step": 1}]}', "loss_curve.0.loss"),
    ],
)
def test_damaged_report_is_a_training_error(tmp_path, content, problem):
    path = tmp_path / REPORT_NAME
    path.write_text(content)
    with pytest.raises(TrainingError, match=problem) as caught:
        TrainingReport.read(path)
    assert str(path) in str(caught.value)


def test_missing_report_is_a_training_error(tmp_path):
    with pytest.raises(TrainingError, match="cannot read"):
        TrainingReport.read(tmp_path / REPORT_NAME)


def test_summary_lines_of_a_complete_report():
    lines = TrainingReport.model_validate(SAVED).summary_lines()
    assert lines == [
        "run 20260101-000000-quick (quick, sentence-transformers/all-MiniLM-L6-v2)",
        "validation accuracy@1 0.400 → 0.600, accuracy@5 0.700 → 0.900, "
        "mrr@10 0.512 → 0.700 (10 queries, 50 titles)",
        "trainable 36,864 of 22,750,080 parameters (0.16%), 4 steps in 3s training, "
        "10s in all on cpu",
        "adapter runs/x/adapter",
        "merged  runs/x/merged",
    ]
