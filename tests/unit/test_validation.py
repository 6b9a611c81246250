"""The one definition of accuracy@1/@5 and MRR@10, shared by training validation and eval."""

import numpy as np
import pytest

from titlesearch.evaluate.metrics import Prediction, compute_metrics
from titlesearch.train.validation import (
    METRIC_KEYS,
    first_hit_rank,
    rank_scores,
    retrieval_metrics,
)


def test_first_hit_rank_is_one_based_and_zero_beyond_the_cutoff():
    ranked = [f"c{i}" for i in range(12)]
    assert first_hit_rank(ranked, "c0") == 1
    assert first_hit_rank(ranked, "c4") == 5
    assert first_hit_rank(ranked, "c9") == 10
    assert first_hit_rank(ranked, "c10") == 0
    assert first_hit_rank(ranked, "missing") == 0
    assert first_hit_rank([], "c0") == 0


def test_rank_scores_from_first_hit_ranks():
    scores = rank_scores([1, 2, 5, 6, 0])
    assert scores.accuracy_at_1 == pytest.approx(1 / 5)
    assert scores.accuracy_at_5 == pytest.approx(3 / 5)
    assert scores.mrr_at_10 == pytest.approx((1 + 1 / 2 + 1 / 5 + 1 / 6) / 5)
    assert list(scores.as_dict()) == list(METRIC_KEYS)
    assert rank_scores([]).as_dict() == dict.fromkeys(METRIC_KEYS, 0.0)


def test_vector_retrieval_and_code_lists_score_the_same_rankings():
    """Training ranks corpus titles by vector, eval ranks codes: same ranks, same scores."""
    rng = np.random.default_rng(0)
    corpus = rng.normal(size=(30, 8))
    corpus /= np.linalg.norm(corpus, axis=1, keepdims=True)
    queries = rng.normal(size=(40, 8))
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    corpus_codes = np.array([f"code{i}" for i in range(30)], dtype=object)  # one title per code
    query_codes = corpus_codes[rng.integers(0, 30, size=40)]

    trained = retrieval_metrics(queries, query_codes, corpus, corpus_codes)
    order = np.argsort(-(queries @ corpus.T), axis=1)
    predictions = [Prediction(list(corpus_codes[row]), 1.0) for row in order]
    evaluated = compute_metrics(list(query_codes), predictions, abstain_below=0.0)
    assert trained == {
        "accuracy@1": evaluated.acc_at_1,
        "accuracy@5": evaluated.acc_at_5,
        "mrr@10": evaluated.mrr_at_10,
    }
    assert 0 < trained["accuracy@1"] < trained["accuracy@5"] <= 1
