"""Ranking metrics over predicted O*NET codes, and accuracy/coverage under abstention.

Each system gives, per query, a ranked list of distinct codes (best first) and a confidence
for its top code. Metrics: accuracy@1 and @5 of the code, MRR@10, major-group accuracy@1,
and for the confidence threshold: coverage (share answered) and accuracy on the answered.
Accuracy@k and MRR@10 are training's own (:func:`titlesearch.train.validation.rank_scores`
over first-hit ranks), so evaluation and training validation agree on what they mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from titlesearch.train.validation import first_hit_rank, rank_scores


@dataclass(frozen=True)
class Prediction:
    """One system's answer for one query."""

    codes: list[str]  # distinct codes, best first
    confidence: float


@dataclass(frozen=True)
class Metrics:
    n: int
    acc_at_1: float
    acc_at_5: float
    mrr_at_10: float
    group_acc_at_1: float
    coverage: float
    acc_when_answered: float

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def distinct_codes(codes: Sequence[str]) -> list[str]:
    """Codes in order of first appearance (a hit list often repeats a code)."""
    return list(dict.fromkeys(codes))


def compute_metrics(
    truth: Sequence[str], predictions: Sequence[Prediction], *, abstain_below: float
) -> Metrics:
    """Aggregate metrics of ``predictions`` against the true codes ``truth``."""
    if len(truth) != len(predictions):
        raise ValueError("truth and predictions differ in length")
    n = len(truth)
    if n == 0:
        return Metrics(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    ranks = [first_hit_rank(p.codes, code) for code, p in zip(truth, predictions, strict=True)]
    scores = rank_scores(ranks)
    group = answered = answered_right = 0.0
    for code, pred in zip(truth, predictions, strict=True):
        top = pred.codes[0] if pred.codes else None
        group += top is not None and top[:2] == code[:2]
        if top is not None and pred.confidence >= abstain_below:
            answered += 1
            answered_right += top == code
    return Metrics(
        n=n,
        acc_at_1=scores.accuracy_at_1,
        acc_at_5=scores.accuracy_at_5,
        mrr_at_10=scores.mrr_at_10,
        group_acc_at_1=group / n,
        coverage=answered / n,
        acc_when_answered=answered_right / answered if answered else 0.0,
    )
