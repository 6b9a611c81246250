"""Ranking metrics over predicted O*NET codes, and accuracy/coverage under abstention.

Each system gives, per query, a ranked list of distinct codes (best first) and a confidence
for its top code. Metrics: accuracy@1 and @5 of the code, MRR@10, major-group accuracy@1,
and for the confidence threshold: coverage (share answered) and accuracy on the answered, and the
expected calibration error of the confidence. A title may have several acceptable codes
(``truth`` entries ``"a;b"`` or sequences): a hit is any of them.
Accuracy@k and MRR@10 are training's own (:func:`titlesearch.train.validation.rank_scores`
over first-hit ranks), so evaluation and training validation agree on what they mean.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

from titlesearch.search.calibration import expected_calibration_error
from titlesearch.train.validation import first_hit_rank, rank_scores

Truth = str | Sequence[str]


@dataclass(frozen=True)
class Prediction:
    """One system's answer for one query."""

    codes: list[str]  # distinct codes, best first
    confidence: float
    probabilities: tuple[float, ...] = ()  # of ``codes``, where the system has them
    level: str = ""  # code / group / none, where the system abstains


@dataclass(frozen=True)
class Metrics:
    n: int
    acc_at_1: float
    acc_at_5: float
    mrr_at_10: float
    group_acc_at_1: float
    coverage: float
    acc_when_answered: float
    ece: float = 0.0

    def as_dict(self) -> dict[str, float]:
        return {k: round(v, 4) if isinstance(v, float) else v for k, v in asdict(self).items()}


def distinct_codes(codes: Sequence[str]) -> list[str]:
    """Codes in order of first appearance (a hit list often repeats a code)."""
    return list(dict.fromkeys(codes))


def acceptable(truth: Truth) -> tuple[str, ...]:
    """The acceptable codes of one gold entry (``"a;b"`` or a sequence)."""
    parts = truth.split(";") if isinstance(truth, str) else list(truth)
    return tuple(p.strip() for p in parts if p.strip())


def hit_rank(codes: Sequence[str], truth: Truth) -> int:
    """The best (1-based) rank of any acceptable code; 0 for a miss."""
    ranks = [r for r in (first_hit_rank(codes, c) for c in acceptable(truth)) if r]
    return min(ranks, default=0)


def compute_metrics(
    truth: Sequence[Truth], predictions: Sequence[Prediction], *, abstain_below: float
) -> Metrics:
    """Aggregate metrics of ``predictions`` against the true codes ``truth``."""
    if len(truth) != len(predictions):
        raise ValueError("truth and predictions differ in length")
    n = len(truth)
    if n == 0:
        return Metrics(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    ranks = [hit_rank(p.codes, gold) for gold, p in zip(truth, predictions, strict=True)]
    scores = rank_scores(ranks)
    group = answered = answered_right = 0.0
    for gold, pred, rank in zip(truth, predictions, ranks, strict=True):
        top = pred.codes[0] if pred.codes else None
        group += top is not None and top[:2] in {c[:2] for c in acceptable(gold)}
        if top is not None and pred.confidence >= abstain_below:
            answered += 1
            answered_right += rank == 1
    return Metrics(
        n=n,
        acc_at_1=scores.accuracy_at_1,
        acc_at_5=scores.accuracy_at_5,
        mrr_at_10=scores.mrr_at_10,
        group_acc_at_1=group / n,
        coverage=answered / n,
        acc_when_answered=answered_right / answered if answered else 0.0,
        ece=expected_calibration_error(
            [p.confidence for p in predictions], [r == 1 for r in ranks]
        ),
    )
