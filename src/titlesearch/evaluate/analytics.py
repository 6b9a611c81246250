"""Score statistics per model for a set of queries (the UI's Analytics page).

For each query and model: the similarities of the top-k titles. Aggregated: mean and standard
deviation of the best score and of all top-k scores per model, and, with two models, the share
of queries whose top title (and top O*NET code) changes between base and tuned. With labels,
also the share whose top title carries the labelled code. Unlike :mod:`evaluate.run` this needs
no labels: it shows how confident each model is on the titles people actually type.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from titlesearch.errors import InvalidInputError
from titlesearch.search.query import clean_query
from titlesearch.store.base import Hit


@dataclass(frozen=True)
class ModelScores:
    """One model's top-k similarities: ``scores[i]`` holds query i's scores, best first."""

    model: str
    scores: list[list[float]]
    top_ids: list[str | None]
    top_titles: list[str | None]
    top_codes: list[str | None]

    @property
    def top1(self) -> np.ndarray:
        """Best similarity per query (NaN where a query found nothing)."""
        return np.array([s[0] if s else np.nan for s in self.scores], dtype=float)

    @property
    def topk(self) -> np.ndarray:
        """Every top-k similarity of every query, flattened."""
        return np.array([x for s in self.scores for x in s], dtype=float)

    def hit_rate(self, codes: Sequence[str]) -> float:
        """Share of queries whose top title has the labelled code."""
        return float(np.mean([t == c for t, c in zip(self.top_codes, codes, strict=True)]))


@dataclass(frozen=True)
class ScoreAnalytics:
    """Per-model scores for ``queries`` (cleaned; empty ones were dropped and counted)."""

    queries: list[str]
    k: int
    models: dict[str, ModelScores]
    codes: list[str] | None = None
    dropped: int = 0

    @property
    def top_changed(self) -> float | None:
        """Share of queries whose best title differs between base and tuned (None: one model)."""
        if len(self.models) < 2:
            return None
        first, second = list(self.models.values())[:2]
        return float(np.mean([a != b for a, b in zip(first.top_ids, second.top_ids, strict=True)]))

    @property
    def top_code_changed(self) -> float | None:
        """Share of queries whose best title's O*NET code differs between the models."""
        if len(self.models) < 2:
            return None
        first, second = list(self.models.values())[:2]
        pairs = zip(first.top_codes, second.top_codes, strict=True)
        return float(np.mean([a != b for a, b in pairs]))

    def summary(self) -> pd.DataFrame:
        """One row per model: mean/std of the top-1 and of the top-k similarities."""
        rows = []
        for name, scores in self.models.items():
            top1, topk = scores.top1, scores.topk
            row = {
                "model": name,
                "queries": len(self.queries),
                "mean top-1": float(np.nanmean(top1)) if np.isfinite(top1).any() else np.nan,
                "std top-1": float(np.nanstd(top1)) if np.isfinite(top1).any() else np.nan,
                f"mean top-{self.k}": float(topk.mean()) if topk.size else np.nan,
                f"std top-{self.k}": float(topk.std()) if topk.size else np.nan,
            }
            if self.codes is not None:
                row["top code correct"] = scores.hit_rate(self.codes)
            rows.append(row)
        return pd.DataFrame(rows)

    def per_query(self) -> pd.DataFrame:
        """One row per query: each model's top title and score (and the label, if given)."""
        frame = pd.DataFrame({"query": self.queries})
        if self.codes is not None:
            frame["label"] = self.codes
        for name, scores in self.models.items():
            frame[f"{name} top title"] = scores.top_titles
            frame[f"{name} top code"] = scores.top_codes
            frame[f"{name} top-1"] = scores.top1
        if len(self.models) == 2:
            first, second = self.models.values()
            frame["top changed"] = [
                a != b for a, b in zip(first.top_ids, second.top_ids, strict=True)
            ]
        return frame

    def score_frame(self) -> pd.DataFrame:
        """Long form for histograms: one row per (model, rank, score)."""
        rows = [
            {"model": name, "rank": rank, "score": score}
            for name, scores in self.models.items()
            for query_scores in scores.scores
            for rank, score in enumerate(query_scores, start=1)
        ]
        return pd.DataFrame(rows, columns=["model", "rank", "score"])


def _model_scores(name: str, hits: list[list[Hit]]) -> ModelScores:
    return ModelScores(
        model=name,
        scores=[[h.score for h in row] for row in hits],
        top_ids=[row[0].id if row else None for row in hits],
        top_titles=[row[0].payload["title"] if row else None for row in hits],
        top_codes=[row[0].payload["onet_code"] if row else None for row in hits],
    )


def score_analytics(
    service,
    queries: Sequence[str],
    *,
    k: int = 5,
    codes: Sequence[str] | None = None,
    batch_size: int = 256,
    progress: Callable[[int, int], None] | None = None,
) -> ScoreAnalytics:
    """Top-``k`` scores of every model the index has, for each non-empty query.

    Args:
        service: a :class:`~titlesearch.search.service.SearchService`.
        queries: titles as typed; empty ones are dropped (with their labels).
        k: results per query and model (1..100).
        codes: optional labelled O*NET code per query.
        batch_size: queries per encode + search step.
        progress: optional ``(done, total)`` callback, called after each step of each model.

    Raises:
        InvalidInputError: no non-empty query, a bad ``k``, or labels of another length.
    """
    if not 1 <= k <= 100:
        raise InvalidInputError(f"k must be between 1 and 100, got {k}")
    if codes is not None and len(codes) != len(queries):
        raise InvalidInputError(f"{len(queries)} queries but {len(codes)} labels")
    kept, labels = [], []
    for i, query in enumerate(queries):
        try:
            kept.append(clean_query(query, max_chars=service.max_query_chars).text)
        except InvalidInputError:
            continue
        if codes is not None:
            labels.append(str(codes[i]).strip())
    if not kept:
        raise InvalidInputError("no queries to analyse: give at least one non-empty title")
    models = service.models
    total, done = len(kept) * len(models), 0
    results = {}
    for name in models:
        hits: list[list[Hit]] = []
        for start in range(0, len(kept), batch_size):
            chunk = kept[start : start + batch_size]
            hits.extend(service.neighbours(chunk, model=name, limit=k))
            done += len(chunk)
            if progress is not None:
                progress(done, total)
        results[name] = _model_scores(name, hits)
    return ScoreAnalytics(
        queries=kept,
        k=k,
        models=results,
        codes=labels if codes is not None else None,
        dropped=len(queries) - len(kept),
    )
