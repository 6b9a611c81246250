"""Confidence that means what it says: a softmax temperature per model, fitted on labelled titles.

``titlesearch eval --calibrate`` fits, for each model of the index, the temperature that
minimises the negative log-likelihood of the right code (over the labelled sets given, each
set weighted equally), reports the expected calibration error (ECE) before and after, and
stores the temperatures in ``<home>/calibration.json`` keyed by the model's fingerprint, so
a retrained model never uses another model's temperature. Classification reads them back
(:func:`load_temperatures`); a model without one uses :data:`DEFAULT_TEMPERATURE`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from titlesearch.atomic_write import write_json_atomic
from titlesearch.search.classify import DEFAULT_TEMPERATURE
from titlesearch.store.manifest import IndexManifest

CALIBRATION_FILE = "calibration.json"
_GRID = np.exp(np.linspace(np.log(0.005), np.log(0.5), 121))


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    """Mean |confidence - accuracy| over equal-width confidence bins, weighted by their size."""
    conf = np.asarray(confidence, dtype=np.float64)
    right = np.asarray(correct, dtype=np.float64)
    if conf.size == 0:
        return 0.0
    which = np.minimum((conf * bins).astype(int), bins - 1)
    error = 0.0
    for b in range(bins):
        mask = which == b
        if mask.any():
            error += mask.mean() * abs(conf[mask].mean() - right[mask].mean())
    return float(error)


def fit_temperature(sets: Sequence[tuple[Sequence[np.ndarray], Sequence[int]]]) -> float:
    """The temperature minimising the mean (over sets) NLL of the right code.

    Args:
        sets: per labelled set, each title's code scores (best first) and the position of a
            right code among them (-1 when none is among the candidates: scored as the
            smallest probability any candidate has, so the fit still sees the miss).
    """
    best, best_loss = DEFAULT_TEMPERATURE, np.inf
    for temperature in _GRID:
        loss = 0.0
        for scores, positions in sets:
            nll = []
            for row, pos in zip(scores, positions, strict=True):
                logits = (row - row[0]) / temperature
                log_norm = np.log(np.exp(logits).sum())
                nll.append(log_norm - (logits[pos] if pos >= 0 else logits.min() - 1.0))
            loss += float(np.mean(nll)) if nll else 0.0
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best


def load_temperatures(home: Path, manifest: IndexManifest) -> dict[str, float]:
    """Fitted temperatures for this index's models (by fingerprint); {} when none or unreadable."""
    try:
        stored = json.loads((home / CALIBRATION_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(stored, dict):
        return {}
    out = {}
    for name, record in manifest.vectors.items():
        value = stored.get(record.fingerprint)
        temperature = value.get("temperature") if isinstance(value, dict) else None
        if isinstance(temperature, int | float) and 0 < temperature <= 10:
            out[name] = float(temperature)
    return out


def save_temperatures(
    home: Path, manifest: IndexManifest, fitted: dict[str, dict[str, object]]
) -> Path:
    """Merge ``fitted`` (model name → {temperature, ece…}) into the calibration file."""
    path = home / CALIBRATION_FILE
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        stored = stored if isinstance(stored, dict) else {}
    except (OSError, ValueError):
        stored = {}
    for name, record in fitted.items():
        stored[manifest.vectors[name].fingerprint] = {"model": name, **record}
    write_json_atomic(path, stored)
    return path
