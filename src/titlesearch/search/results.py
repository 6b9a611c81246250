"""What a search returns, and its JSON shape (the one the CLI's ``--json`` prints).

Every front end (CLI, UI, an HTTP API) renders these types; ``to_dict`` is the single
definition of their machine-readable form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from titlesearch.search.query import CleanQuery
from titlesearch.store.base import Hit


def hit_to_dict(rank: int, hit: Hit) -> dict[str, Any]:
    """One hit as JSON: rank (from 1), point id, score, then the payload fields."""
    return {"rank": rank, "id": hit.id, "score": round(hit.score, 6), **hit.payload}


@dataclass(frozen=True)
class Overlap:
    """How two result lists relate: shared titles with their ranks in each list (from 1)."""

    first: str  # vector name of the first list, e.g. "base"
    second: str
    shared: list[tuple[str, int, int]]  # (title, rank in first, rank in second)
    only_first: list[str]
    only_second: list[str]

    @property
    def jaccard(self) -> float:
        union = len(self.shared) + len(self.only_first) + len(self.only_second)
        return len(self.shared) / union if union else 1.0

    def to_dict(self) -> dict[str, Any]:
        a, b = self.first, self.second
        return {
            "shared": [{"title": t, f"rank_{a}": ra, f"rank_{b}": rb} for t, ra, rb in self.shared],
            f"only_{a}": self.only_first,
            f"only_{b}": self.only_second,
            "jaccard": round(self.jaccard, 4),
        }


def overlap_of(first: str, a: Sequence[Hit], second: str, b: Sequence[Hit]) -> Overlap:
    """The overlap of result list ``a`` (vector ``first``) with ``b`` (vector ``second``)."""
    rank_a = {h.id: i for i, h in enumerate(a, start=1)}
    rank_b = {h.id: i for i, h in enumerate(b, start=1)}
    return Overlap(
        first=first,
        second=second,
        shared=[(h.payload["title"], rank_a[h.id], rank_b[h.id]) for h in a if h.id in rank_b],
        only_first=[h.payload["title"] for h in a if h.id not in rank_b],
        only_second=[h.payload["title"] for h in b if h.id not in rank_a],
    )


@dataclass(frozen=True)
class SearchResult:
    """One query's hits per vector name, their overlap when two were searched, timings.
    ``query`` is None for a search by a raw vector (there is no text)."""

    query: CleanQuery | None
    results: dict[str, list[Hit]]
    overlap: Overlap | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    hybrid: bool = False

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "query": self.query.text if self.query else None,
            "truncated": bool(self.query and self.query.truncated),
            "hybrid": self.hybrid,
            "results": {
                name: [hit_to_dict(i, h) for i, h in enumerate(hits, 1)]
                for name, hits in self.results.items()
            },
        }
        if self.overlap is not None:
            data["overlap"] = self.overlap.to_dict()
        return data
