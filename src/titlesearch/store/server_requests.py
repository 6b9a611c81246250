"""qdrant-client request and result types from ours: filters, batched nearest queries, points.

Kept apart from :mod:`titlesearch.store.server` so that file holds only the version, alias and
error logic; everything here is a pure translation with no state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from qdrant_client import models

from titlesearch.store.base import (
    Hit,
    PointRecord,
    QueryParams,
    TitleFilter,
    as_floats,
    prefetch_depth,
)
from titlesearch.store.lexical import RRF_K, SparseValues
from titlesearch.store.vectors import LEXICAL

SPARSE_CONFIG = {LEXICAL: models.SparseVectorParams(modifier=models.Modifier.IDF)}
"""The collection's sparse vectors: ``lexical``, with the engine applying IDF."""


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
        vectors={  # dense vectors only: the lexical one is written, never read back
            name: list(v) for name, v in vectors.items() if not isinstance(v, models.SparseVector)
        },
    )


def to_hit(point: Any) -> Hit:
    """Our hit from a qdrant ``ScoredPoint``."""
    return Hit(str(point.id), float(point.score), dict(point.payload or {}))


def to_points(points: Sequence[PointRecord]) -> list[Any]:
    """qdrant points from ours: dense vectors as float lists, the lexical one as sparse."""
    return [
        models.PointStruct(
            id=p.id,
            vector={
                n: models.SparseVector(indices=list(v.indices), values=list(v.values))
                if isinstance(v, SparseValues)
                else as_floats(v)
                for n, v in p.vectors.items()
            },
            payload=p.payload,
        )
        for p in points
    ]


def nearest_requests(
    using: str,
    queries: Sequence[list[float]],
    title_filter: TitleFilter | None,
    limit: int,
    threshold: float | None,
    params: QueryParams | None,
    lexical: Sequence[SparseValues] | None = None,
    with_payload: bool = True,
) -> list[Any]:
    """One request per query for the ``limit`` nearest ``using`` vectors (``params`` None:
    the server's defaults), or with ``lexical`` those fused by reciprocal rank with the best
    lexical matches (hybrid)."""
    search_params = None
    if params is not None:
        search_params = models.SearchParams(hnsw_ef=params.hnsw_ef, exact=params.exact)
    where = to_filter(title_filter)
    if lexical is None:
        return [
            models.QueryRequest(
                query=q,
                using=using,
                filter=where,
                limit=limit,
                score_threshold=threshold,
                params=search_params,
                with_payload=with_payload,
            )
            for q in queries
        ]
    depth = prefetch_depth(limit)
    return [
        models.QueryRequest(
            prefetch=[
                models.Prefetch(
                    query=q,
                    using=using,
                    filter=where,
                    limit=depth,
                    score_threshold=threshold,
                    params=search_params,
                ),
                models.Prefetch(
                    query=models.SparseVector(indices=list(s.indices), values=list(s.values)),
                    using=LEXICAL,
                    filter=where,
                    limit=depth,
                ),
            ],
            query=models.RrfQuery(rrf=models.Rrf(k=RRF_K)),
            filter=where,
            limit=limit,
            with_payload=with_payload,
        )
        for q, s in zip(queries, lexical, strict=True)
    ]
