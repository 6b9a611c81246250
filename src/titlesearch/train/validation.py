"""Retrieval metrics: the one definition of accuracy@1, accuracy@5 and MRR@10, and training's
validation set they are measured on.

Both training (nearest clean titles by vector) and ``titlesearch eval`` (ranked code lists from
the index) reduce each query to the rank of its first correct answer and score those ranks with
:func:`rank_scores`, so the two report the same metrics computed the same way.

Validation contract: queries are validation jittered titles; the corpus is every distinct clean
title of the data (training seeds plus validation seeds); a hit is a corpus title of the query's
O*NET code. ``accuracy@k`` is the share of queries with a same-code title in the top k (so
``accuracy@1`` is code accuracy of nearest-title classification), ``mrr@10`` the mean reciprocal
rank of the first same-code title within the top 10 (0 beyond).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

METRIC_KEYS = ("accuracy@1", "accuracy@5", "mrr@10")
MRR_CUTOFF = 10
"""Ranks beyond this count as misses: MRR@10, and the deepest rank accuracy@k looks at."""


@dataclass(frozen=True)
class RankScores:
    """accuracy@1, accuracy@5 and MRR@10 of a set of queries (each a share in [0, 1])."""

    accuracy_at_1: float
    accuracy_at_5: float
    mrr_at_10: float

    def as_dict(self) -> dict[str, float]:
        """The scores under training's report keys (:data:`METRIC_KEYS`)."""
        values = (self.accuracy_at_1, self.accuracy_at_5, self.mrr_at_10)
        return dict(zip(METRIC_KEYS, values, strict=True))


def first_hit_rank(ranked: Sequence[str], wanted: str, cutoff: int = MRR_CUTOFF) -> int:
    """The 1-based position of ``wanted`` in ``ranked`` (best first); 0 beyond ``cutoff``.

    Args:
        ranked: answers best first, e.g. a query's distinct predicted O*NET codes.
        wanted: the correct answer.
        cutoff: how deep to look; default 10 (MRR@10).

    Returns:
        The rank of the first occurrence of ``wanted``, or 0 for a miss.
    """
    top = list(ranked[:cutoff])
    return top.index(wanted) + 1 if wanted in top else 0


def rank_scores(ranks: Sequence[int] | np.ndarray) -> RankScores:
    """Score first-hit ranks (1-based, 0 = no hit within :data:`MRR_CUTOFF`).

    Args:
        ranks: one rank per query, as :func:`first_hit_rank` gives them.

    Returns:
        The share of queries hit at rank 1 and within 5, and the mean reciprocal rank (a miss
        counts 0); all 0.0 when there are no queries.
    """
    ranks = np.asarray(ranks, dtype=int)
    if not len(ranks):
        return RankScores(0.0, 0.0, 0.0)
    found = ranks > 0
    reciprocal = np.where(found, 1.0 / np.maximum(ranks, 1), 0.0)
    return RankScores(
        accuracy_at_1=float(np.mean(found & (ranks <= 1))),
        accuracy_at_5=float(np.mean(found & (ranks <= 5))),
        mrr_at_10=float(reciprocal.mean()),
    )


@dataclass(frozen=True)
class ValidationSet:
    """Queries with their codes and the corpus they are ranked against (see the module doc)."""

    queries: list[str]
    query_codes: np.ndarray
    corpus: list[str]
    corpus_codes: np.ndarray

    @classmethod
    def from_split(
        cls,
        train: pd.DataFrame,
        val: pd.DataFrame,
        *,
        max_queries: int | None = 2000,
        seed: int = 0,
    ) -> ValidationSet:
        """At most ``max_queries`` validation variants (a seeded sample); corpus = all seeds."""
        queries = val
        if max_queries is not None and len(val) > max_queries:
            queries = val.sample(n=max_queries, random_state=seed)
        seeds = pd.concat([train, val])[["seed_key", "seed_title", "onet_code"]]
        seeds = seeds.drop_duplicates("seed_key").sort_values("seed_key")
        return cls(
            queries=list(queries.jittered_title),
            query_codes=queries.onet_code.to_numpy(dtype=object),
            corpus=list(seeds.seed_title),
            corpus_codes=seeds.onet_code.to_numpy(dtype=object),
        )

    def sizes(self) -> dict[str, int]:
        return {"queries": len(self.queries), "corpus": len(self.corpus)}


def retrieval_metrics(
    query_vectors: np.ndarray,
    query_codes: np.ndarray,
    corpus_vectors: np.ndarray,
    corpus_codes: np.ndarray,
    *,
    chunk: int = 1024,
) -> dict[str, float]:
    """``accuracy@1``, ``accuracy@5`` and ``mrr@10`` of same-code retrieval (unit vectors in)."""
    k = min(MRR_CUTOFF, len(corpus_codes))
    first_hit: list[np.ndarray] = []
    for start in range(0, len(query_vectors), chunk):
        sims = query_vectors[start : start + chunk] @ corpus_vectors.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(top, np.take_along_axis(-sims, top, axis=1).argsort(axis=1), 1)
        hits = corpus_codes[top] == query_codes[start : start + chunk, None]
        rank = np.where(hits.any(axis=1), hits.argmax(axis=1) + 1, 0)  # 0 = no hit in top k
        first_hit.append(rank)
    ranks = np.concatenate(first_hit) if first_hit else np.zeros(0, dtype=int)
    return rank_scores(ranks).as_dict()


def evaluate(
    encode: Callable[[Sequence[str]], np.ndarray], valset: ValidationSet
) -> dict[str, float]:
    """Encode queries and corpus with ``encode`` (unit-length vectors) and score them."""
    queries = np.asarray(encode(valset.queries), dtype=np.float32)
    corpus = np.asarray(encode(valset.corpus), dtype=np.float32)
    metrics = retrieval_metrics(queries, valset.query_codes, corpus, valset.corpus_codes)
    return {key: round(value, 4) for key, value in metrics.items()}


def model_encoder(model: Any, batch_size: int = 128) -> Callable[[Sequence[str]], np.ndarray]:
    """``encode`` for a (possibly training) SentenceTransformer: unit vectors, no progress bar."""

    def encode(texts: Sequence[str]) -> np.ndarray:
        return model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    return encode
