"""Qdrant Edge request and result types from ours: filters, batched nearest queries, configs.

Kept apart from :mod:`titlesearch.store.edge` so that file holds only the version and pointer
logic; everything here is a pure translation with no state.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import qdrant_edge as qe

from titlesearch.store.base import (
    KEYWORD_INDEXES,
    Hit,
    PointRecord,
    QueryParams,
    TitleFilter,
    as_floats,
    prefetch_depth,
)
from titlesearch.store.lexical import RRF_K, SparseValues
from titlesearch.store.vectors import LEXICAL


def to_filter(title_filter: TitleFilter | None, has_vector: str | None = None) -> Any:
    """An Edge ``Filter`` for the payload conditions (and a vector's presence), or None."""
    must: list[Any] = [
        qe.FieldCondition(key, match=qe.MatchValue(value))
        for key, value in (title_filter.conditions() if title_filter else {}).items()
    ]
    if has_vector:
        must.append(qe.HasVectorCondition(has_vector))
    return qe.Filter(must=must) if must else None


def to_record(record: Any) -> PointRecord:
    """Our point from an Edge record (retrieve / scroll)."""
    vectors = {  # dense vectors only: the lexical one is written, never read back
        name: list(v)
        for name, v in (record.vector or {}).items()
        if not isinstance(v, qe.SparseVector)
    }
    return PointRecord(id=str(record.id), payload=dict(record.payload or {}), vectors=vectors)


def to_hit(point: Any) -> Hit:
    """Our hit from an Edge scored point."""
    return Hit(str(point.id), float(point.score), dict(point.payload or {}))


def to_points(points: Sequence[PointRecord]) -> list[Any]:
    """Edge points from ours: dense vectors as float lists, the lexical one as a sparse vector."""
    return [
        qe.Point(
            p.id,
            {
                n: qe.SparseVector(list(v.indices), list(v.values))
                if isinstance(v, SparseValues)
                else as_floats(v)
                for n, v in p.vectors.items()
            },
            p.payload,
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
) -> Any:
    """One batched request: the ``limit`` nearest ``using`` vectors of each query, or with
    ``lexical`` those fused by reciprocal rank with the best lexical matches (hybrid)."""
    params = params or QueryParams()
    search_params = qe.SearchParams(hnsw_ef=params.hnsw_ef, exact=params.exact)
    where = to_filter(title_filter)
    if lexical is None:
        return qe.QueryBatchRequest(
            [
                qe.QueryRequest(
                    limit=limit,
                    query=qe.Query.Nearest(q, using=using),
                    filter=where,
                    score_threshold=threshold,
                    params=search_params,
                    with_payload=with_payload,
                )
                for q in queries
            ]
        )
    depth = prefetch_depth(limit)
    return qe.QueryBatchRequest(
        [
            qe.QueryRequest(
                limit=limit,
                prefetches=[
                    qe.Prefetch(
                        depth,
                        qe.Query.Nearest(q, using=using),
                        params=search_params,
                        filter=where,
                        score_threshold=threshold,
                    ),
                    qe.Prefetch(
                        depth,
                        qe.Query.Nearest(
                            qe.SparseVector(list(s.indices), list(s.values)), using=LEXICAL
                        ),
                        filter=where,
                    ),
                ],
                query=qe.Fusion.Rrf(k=RRF_K),
                filter=where,
                with_payload=with_payload,
            )
            for q, s in zip(queries, lexical, strict=True)
        ]
    )


def shard_config(dims: dict[str, int], indexing_kb: int | None, full_scan_kb: int | None) -> Any:
    """The shard's named cosine vectors, the sparse ``lexical`` one (IDF applied by the
    engine) and, when set, HNSW / optimizer thresholds."""
    vectors = {
        name: qe.EdgeVectorParams(size=size, distance=qe.Distance.Cosine)
        for name, size in dims.items()
    }
    sparse = {LEXICAL: qe.EdgeSparseVectorParams(modifier=qe.Modifier.Idf)}
    hnsw = None
    if full_scan_kb is not None:
        hnsw = qe.HnswIndexConfig(m=16, ef_construct=100, full_scan_threshold=full_scan_kb)
    optimizers = qe.EdgeOptimizersConfig(indexing_threshold=indexing_kb)
    return qe.EdgeConfig(
        vectors=vectors, sparse_vectors=sparse, hnsw_config=hnsw, optimizers=optimizers
    )


def create_keyword_indexes(shard: Any) -> None:
    """Create the contract's keyword payload indexes (idempotent)."""
    for key in KEYWORD_INDEXES:
        shard.update(qe.UpdateOperation.create_field_index(key, qe.PayloadSchemaType.Keyword))
