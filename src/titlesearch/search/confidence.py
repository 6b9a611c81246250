"""How sure a classification is: a softmax temperature, then a logistic correction fitted on
labelled titles from the answer's own evidence and from how posting-like the title is.

One temperature cannot make "confidence 0.8" mean the same on clean, descriptive titles and
on real vacancy titles: at the temperature that fits real postings (right ~27% of the time)
the LLM-written development set, right ~78% of the time, gets confidences ~0.3 too low
(ECE 0.31). The right answer's chance depends on more than the softmax: on the cosine of the
best match, and on the title itself (a two-word ALL CAPS posting with a place and a grade in
it is harder to code than "Senior Backend Software Engineer, Payments"). :class:`Calibration`
maps those :data:`FEATURES` through a logistic regression fitted by ``titlesearch eval
--calibrate`` (both sets weighted equally); without fitted weights it is the plain softmax.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from titlesearch.posting import normalize_posting
from titlesearch.store.vectors import BASE, TUNED

DEFAULT_TEMPERATURE = 0.05
FEATURES = ("softmax_logit", "top_score", "words", "all_caps", "noise_marks", "normalised")
_NOISE = re.compile(r"[@|/()\-–,]")
_MAX_WORDS = 12
MIN_EACH = 30
"""Right and wrong answers each needed before the logistic weights are fitted."""


def title_features(title: str) -> list[float]:
    """How posting-like ``title`` is: word count (capped), ALL CAPS, noise marks (@ | / ( - ,),
    and whether the posting normaliser changed it (shorthand, pay, place, grade, language)."""
    text = title.strip()
    return [
        float(min(len(text.split()), _MAX_WORDS)),
        float(text.isupper()),
        float(bool(_NOISE.search(text))),
        float(normalize_posting(text) != text.lower()),
    ]


def evidence(softmax_top: float, top_score: float, title: str) -> list[float]:
    """The :data:`FEATURES` of one answer: the top code's softmax probability as a logit, its
    score, and the title's :func:`title_features`."""
    p = min(max(softmax_top, 1e-6), 1 - 1e-6)
    return [math.log(p / (1 - p)), top_score, *title_features(title)]


@dataclass(frozen=True)
class Calibration:
    """A temperature, and optionally logistic weights over :data:`FEATURES` (with ``bias``)."""

    temperature: float = DEFAULT_TEMPERATURE
    weights: tuple[float, ...] | None = None
    bias: float = 0.0

    def probabilities(self, scores: np.ndarray, title: str) -> np.ndarray:
        """Each ranked code's probability (``scores``: the code scores, best first): the
        softmax; with weights, the top code's is the fitted chance that it is right, and the
        others share what is left in their softmax proportions (never above the top one)."""
        probs = np.exp((scores - scores.max()) / self.temperature)
        probs /= probs.sum()
        if self.weights is None or not len(probs):
            return probs
        row = evidence(float(probs[0]), float(scores[0]), title)
        z = self.bias + sum(w * x for w, x in zip(self.weights, row, strict=True))
        confidence = 1.0 / (1.0 + math.exp(-z))
        rest = probs[1:] * (1.0 - confidence) / max(1.0 - float(probs[0]), 1e-9)
        return np.concatenate([[confidence], np.minimum(rest, confidence)])

    def as_record(self) -> dict[str, object]:
        record: dict[str, object] = {"temperature": self.temperature}
        if self.weights is not None:
            record |= {"features": list(FEATURES), "weights": list(self.weights)}
            record["bias"] = self.bias
        return record

    @classmethod
    def from_record(cls, record: object) -> Calibration | None:
        """A stored record back, or None when it is damaged or of another feature set."""
        if not isinstance(record, dict):
            return None
        temperature = record.get("temperature")
        if not isinstance(temperature, int | float) or not 0 < temperature <= 10:
            return None
        weights, bias = record.get("weights"), record.get("bias", 0.0)
        if weights is None:
            return cls(float(temperature))
        valid = (
            record.get("features") == list(FEATURES)
            and isinstance(weights, list)
            and all(isinstance(w, int | float) for w in weights)
            and isinstance(bias, int | float)
        )
        return cls(float(temperature), tuple(map(float, weights)), float(bias)) if valid else None


MINILM = "sentence-transformers/all-MiniLM-L6-v2"
RECIPE_DEFAULTS: dict[tuple[str, str], Calibration] = {
    # Fitted by `eval --calibrate` on both development sets (in_the_wild, real_vacancy) for
    # the quick profile's base model and a tuned model of the default training recipe (2,325 +
    # 9,239 titles, weighted so the worse set's ECE is smallest; two-fold cross-validated ECE
    # base 0.052 / 0.053, tuned 0.047 / 0.047), with the classifier's priors as they are now
    # (the contained-title prior included) and the tuned adapter of the quick recipe (lr 5e-4,
    # 0.7 of its update kept).
    # Used for a model with no calibration of its own: a new training run of the same recipe
    # behaves alike; `eval --calibrate` on your own labelled titles replaces them.
    (MINILM, BASE): Calibration(
        0.07063, (0.7909, -0.1007, 0.2830, -0.1479, 0.1937, -0.1545), -1.2702
    ),
    (MINILM, TUNED): Calibration(
        0.05610, (0.8972, -0.5868, 0.2422, -0.0882, 0.2307, -0.0445), -0.5711
    ),
}


def fit_logistic(
    temperature: float,
    sets: Sequence[tuple[Sequence[np.ndarray], Sequence[int], Sequence[str]]],
    set_weights: Sequence[float] | None = None,
) -> Calibration:
    """Fit the logistic correction at ``temperature`` on labelled sets, each set weighing
    ``set_weights[i]`` in all (default: equally, whatever its size); with fewer than
    :data:`MIN_EACH` right or wrong answers, only the temperature.

    Args:
        sets: per set, each title's code scores (best first), the position of a right code
            among them (-1: none), and the title.
    """
    from sklearn.linear_model import LogisticRegression  # eval-time only: a slow import

    rows, right, weight = [], [], []
    for i, (scores, positions, titles) in enumerate(sets):
        for row, pos, title in zip(scores, positions, titles, strict=True):
            if not len(row):
                continue
            softmax = np.exp((row - row[0]) / temperature)
            rows.append(evidence(float(1 / softmax.sum()), float(row[0]), title))
            right.append(pos == 0)
        share = 1.0 if set_weights is None else set_weights[i]
        weight += [share / max(len(positions), 1)] * (len(right) - len(weight))
    if min(sum(right), len(right) - sum(right)) < MIN_EACH:
        return Calibration(temperature)  # too few right (or wrong) answers to fit weights on
    model = LogisticRegression(C=10.0, max_iter=1000)
    model.fit(np.array(rows), np.array(right), sample_weight=np.array(weight) * len(weight))
    weights = tuple(float(w) for w in model.coef_[0])
    return Calibration(temperature, weights, float(model.intercept_[0]))
