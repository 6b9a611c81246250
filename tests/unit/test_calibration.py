"""Expected calibration error, temperature fitting, and temperatures kept per model fingerprint."""

import json

import numpy as np

from titlesearch.search.calibration import (
    balanced_weights,
    expected_calibration_error,
    fit_calibration,
    fit_temperature,
    load_calibrations,
    save_calibrations,
)
from titlesearch.search.confidence import FEATURES, Calibration, fit_logistic
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
    save_calibrations(tmp_path, manifest("fp-a"), {"base": {"temperature": 0.07}})
    assert load_calibrations(tmp_path, manifest("fp-a")) == {"base": Calibration(0.07)}
    assert load_calibrations(tmp_path, manifest("fp-b")) == {}  # another model: not reused
    (tmp_path / "calibration.json").write_text("{garbled")
    assert load_calibrations(tmp_path, manifest("fp-a")) == {}
    (tmp_path / "calibration.json").write_text(json.dumps({"fp-a": {"temperature": -1}}))
    assert load_calibrations(tmp_path, manifest("fp-a")) == {}


def _two_kinds(rng: np.random.Generator, n: int = 2000):
    """Answers with the same score profile whose chance of being right depends on the kind of
    title: descriptive ones right 80% of the time, two-word ALL CAPS postings 20%."""
    sets = []
    for title, p_right in (
        ("Senior Backend Software Engineer for Payments", 0.8),
        ("SALES EXEC", 0.2),
    ):
        scores = [np.array([0.80, 0.78, 0.70, 0.60]) + rng.normal(0, 0.01, 4) for _ in range(n)]
        scores = [np.sort(s)[::-1] for s in scores]
        positions = [0 if rng.random() < p_right else 1 for _ in range(n)]
        sets.append((scores, positions, [title] * n))
    return sets


def test_one_temperature_cannot_serve_two_kinds_of_title_the_correction_can():
    sets = _two_kinds(np.random.default_rng(1))
    temperature = fit_temperature([(s, p) for s, p, _ in sets])
    softmax_only, corrected = Calibration(temperature), fit_logistic(temperature, sets)
    for scores, positions, titles in sets:
        right = [p == 0 for p in positions]
        plain = [softmax_only.probabilities(s, t)[0] for s, t in zip(scores, titles, strict=True)]
        fitted = [corrected.probabilities(s, t)[0] for s, t in zip(scores, titles, strict=True)]
        assert expected_calibration_error(plain, right) > 0.15  # one kind too low, one too high
        assert expected_calibration_error(fitted, right) < 0.05
    _, held_out = fit_calibration(sets)
    assert len(held_out) == 2 and max(held_out) < 0.06


def test_corrected_probabilities_stay_ordered_and_bounded():
    calibration = Calibration(0.05, (1.0, 0.0, 0.0, -2.0, 0.0, 0.0), 0.0)
    scores = np.array([0.80, 0.79, 0.60])
    plain = Calibration(0.05).probabilities(scores, "nurse")
    caps = calibration.probabilities(scores, "NURSE")
    assert abs(plain.sum() - 1) < 1e-9 and plain[0] > plain[1] > plain[2]
    assert caps[0] < plain[0] and caps[1] <= caps[0] and caps.sum() <= 1 + 1e-9


def test_calibrations_with_weights_round_trip_and_damaged_ones_are_skipped(tmp_path):
    fitted = Calibration(0.05, tuple(float(i) for i in range(len(FEATURES))), -0.5)
    save_calibrations(tmp_path, manifest("fp-a"), {"base": fitted.as_record()})
    assert load_calibrations(tmp_path, manifest("fp-a")) == {"base": fitted}
    record = fitted.as_record() | {"features": ["something", "else"]}  # another feature set
    (tmp_path / "calibration.json").write_text(json.dumps({"fp-a": record}))
    assert load_calibrations(tmp_path, manifest("fp-a")) == {}


def test_too_few_wrong_answers_fit_the_temperature_only():
    scores, positions, titles = _two_kinds(np.random.default_rng(2), n=40)[0]
    positions = [0] * len(positions)  # every answer right: nothing to weigh against
    assert fit_logistic(0.05, [(scores, positions, titles)]) == Calibration(0.05)


def test_a_model_without_its_own_calibration_gets_its_recipe_default(tmp_path):
    from titlesearch.search.confidence import MINILM, RECIPE_DEFAULTS

    quick = manifest("fp-q")
    quick.vectors["base"].name = MINILM
    assert load_calibrations(tmp_path, quick) == {"base": RECIPE_DEFAULTS[(MINILM, "base")]}
    save_calibrations(tmp_path, quick, {"base": {"temperature": 0.09}})
    assert load_calibrations(tmp_path, quick) == {"base": Calibration(0.09)}  # its own wins


def _one_title_two_rates(rng: np.random.Generator, n: int = 1500):
    """Two sets of the same kind of title, right 80% of the time in one and 20% in the other:
    no correction can tell them apart, so the sets' weights alone decide its confidence."""
    sets = []
    for p_right in (0.8, 0.2):
        noise = rng.normal(0, 0.01, (n, 3))
        scores = [np.sort(np.array([0.8, 0.7, 0.6]) + row)[::-1] for row in noise]
        positions = [0 if rng.random() < p_right else 1 for _ in range(n)]
        sets.append((scores, positions, ["Registered Nurse"] * n))
    return sets


def _worst_ece(calibration: Calibration, sets) -> float:
    return max(
        expected_calibration_error(
            [calibration.probabilities(s, t)[0] for s, t in zip(scores, titles, strict=True)],
            [p == 0 for p in positions],
        )
        for scores, positions, titles in sets
    )


def test_set_weights_decide_what_the_correction_fits():
    sets = _one_title_two_rates(np.random.default_rng(3))
    even = fit_logistic(0.05, sets)
    leaning = fit_logistic(0.05, sets, [1.0, 9.0])
    confidence = [c.probabilities(sets[0][0][0], "Registered Nurse")[0] for c in (even, leaning)]
    assert abs(confidence[0] - 0.5) < 0.05  # halfway between the two sets' rates
    assert abs(confidence[1] - 0.26) < 0.05  # 0.1 x 0.8 + 0.9 x 0.2


def test_balanced_weights_never_leave_the_worst_set_worse_than_equal_weights():
    rng = np.random.default_rng(4)
    for sets in (_two_kinds(rng), _one_title_two_rates(rng)):
        temperature = fit_temperature([(s, p) for s, p, _ in sets])
        weights = balanced_weights(temperature, sets)
        assert len(weights) == 2 and min(weights) >= 1.0
        balanced = fit_logistic(temperature, sets, weights)
        even = fit_logistic(temperature, sets)
        assert _worst_ece(balanced, sets) <= _worst_ece(even, sets) + 1e-9
