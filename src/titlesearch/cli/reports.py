"""The JSON object each reporting command prints with ``--json``: built from the same result
its human output is printed from, so both carry the same facts.

Paths are strings, seconds are rounded to milliseconds; nothing here loads anything.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any


def model_json(resolved: Any) -> dict[str, Any]:
    """``models pull``: the model found, where it lies, and its verified weights hash."""
    return {
        "name": resolved.name,
        "path": str(resolved.path),
        "sha256": resolved.sha256,
        "verified": True,  # resolve_model raises rather than return unverified weights
        "source": resolved.source,
    }


def ingest_json(summary: Any) -> dict[str, Any]:
    """``ingest`` and ``reindex``: the version built and what building it took."""
    data = asdict(summary)
    for key in ("seconds", "publish_seconds"):
        data[key] = round(data[key], 3)
    return data


def train_json(result: Any, data: Path, params: dict[str, Any] | None) -> dict[str, Any]:
    """``train``: the run's folders and its whole training report (validation before and
    after, parameters, steps, time, hardware), plus the data and tuned parameters used."""
    return {
        "run_id": result.run_id,
        "data": str(data),
        "tuned_params": params,
        "run_dir": str(result.run_dir),
        "adapter": str(result.adapter_dir),
        "merged": str(result.merged_dir),
        "report": result.report.as_dict(),
    }


def tune_json(summary: dict[str, Any], saved_to: Path | None) -> dict[str, Any]:
    """``tune``: the study's summary (trials by state, best value, parameters, importances)
    and where the best parameters were saved (None while no trial has completed)."""
    return {**summary, "saved_to": str(saved_to) if saved_to and summary.get("params") else None}


def pipeline_json(summary: Any) -> dict[str, Any]:
    """``pipeline``: seconds per step, the run, adapter and index version it made, the
    training report and each evaluation."""
    return {
        "version": summary.version,
        "run_id": summary.run_id,
        "adapter": summary.adapter,
        "steps": {name: round(seconds, 3) for name, seconds in summary.steps.items()},
        "total_seconds": round(summary.total_seconds, 3),
        "training": summary.training.as_dict() if summary.training is not None else None,
        "evaluations": summary.evaluations,
    }
