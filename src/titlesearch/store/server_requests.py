"""qdrant-client request and result types from ours: filters, batched nearest queries, points.

Kept apart from :mod:`titlesearch.store.server` so that file holds only the version, alias and
error logic; everything here is a pure translation with no state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qdrant_client import models

from titlesearch.store.base import Hit, PointRecord, QueryParams, TitleFilter


def to_filter(title_filter: TitleFilter | None, has_vector: str | None = None) -> Any:
    """A qdrant ``Filter`` for the payload conditions (and a vector's presence), or None."""
    must: list[Any] = [
        models.FieldCondition(key=key, match=models.MatchValue(value=value))
        for key, value in (title_filter.conditions() if title_filter else {}).items()
    ]
    if has_vector:
        must.append(models.HasVectorCondition(has_vector=has_vector))
    return models.Filter(must=must) if must else None


def to_record(record: Any) -> PointRecord:
    """Our point from a qdrant ``Record`` (retrieve / scroll)."""
    vectors = record.vector if isinstance(record.vector, dict) else {}
    return PointRecord(
        id=str(record.id),
        payload=dict(record.payload or {}),
        vectors={name: list(v) for name, v in vectors.items()},
    )


def to_hit(point: Any) -> Hit:
    """Our hit from a qdrant ``ScoredPoint``."""
    return Hit(str(point.id), float(point.score), dict(point.payload or {}))


def nearest_requests(
    using: str,
    queries: Sequence[list[float]],
    title_filter: TitleFilter | None,
    limit: int,
    threshold: float | None,
    params: QueryParams | None,
) -> list[Any]:
    """One request per query for the ``limit`` nearest ``using`` vectors (``params`` None:
    the server's defaults)."""
    search_params = None
    if params is not None:
        search_params = models.SearchParams(hnsw_ef=params.hnsw_ef, exact=params.exact)
    return [
        models.QueryRequest(
            query=q,
            using=using,
            filter=to_filter(title_filter),
            limit=limit,
            score_threshold=threshold,
            params=search_params,
            with_payload=True,
        )
        for q in queries
    ]
