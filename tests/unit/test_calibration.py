"""Expected calibration error, temperature fitting, and temperatures kept per model fingerprint."""

import json

import numpy as np

from titlesearch.search.calibration import (
    expected_calibration_error,
    fit_temperature,
    load_temperatures,
    save_temperatures,
)
from titlesearch.store.manifest import IndexManifest


def test_ece_of_perfect_and_overconfident_answers():
    assert expected_calibration_error([0.8] * 10, [True] * 8 + [False] * 2) < 1e-9
    assert abs(expected_calibration_error([0.95] * 10, [True] * 5 + [False] * 5) - 0.45) < 1e-9
    assert expected_calibration_error([], []) == 0.0


def test_fit_recovers_the_temperature_the_answers_were_drawn_with():
    rng = np.random.default_rng(0)
    truth_t, scores, positions = 0.04, [], []
    for _ in range(3000):
        row = np.sort(rng.uniform(0.4, 0.9, size=8))[::-1]
        p = np.exp((row - row[0]) / truth_t)
        p /= p.sum()
        scores.append(row)
        positions.append(int(rng.choice(8, p=p)))
    fitted = fit_temperature([(scores, positions)])
    assert abs(fitted - truth_t) / truth_t < 0.15
    confidence = [1 / np.exp((row - row[0]) / fitted).sum() for row in scores]
    assert expected_calibration_error(confidence, [p == 0 for p in positions]) < 0.03


def manifest(fingerprint: str) -> IndexManifest:
    return IndexManifest.model_validate(
        {
            "collection": "c",
            "version": "v1",
            "vectors": {
                "base": {"name": "m", "sha256": "s", "fingerprint": fingerprint, "dims": 4}
            },
            "corpus": {"hash": "h", "points": 1},
            "created_at": "2026-01-01T00:00:00+00:00",
        }
    )


def test_temperatures_follow_the_model_not_the_name(tmp_path):
    save_temperatures(tmp_path, manifest("fp-a"), {"base": {"temperature": 0.07}})
    assert load_temperatures(tmp_path, manifest("fp-a")) == {"base": 0.07}
    assert load_temperatures(tmp_path, manifest("fp-b")) == {}  # another model: not reused
    (tmp_path / "calibration.json").write_text("{garbled")
    assert load_temperatures(tmp_path, manifest("fp-a")) == {}
    (tmp_path / "calibration.json").write_text(json.dumps({"fp-a": {"temperature": -1}}))
    assert load_temperatures(tmp_path, manifest("fp-a")) == {}
