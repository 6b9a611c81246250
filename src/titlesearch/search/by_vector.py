"""Search by a raw vector: for callers that encode titles themselves (with the indexed model),
and by an indexed title's stored vector (:func:`similar`).

The vector is searched in one model's space, on the version the service is pinned to, with the
same filters, threshold and limit checks as a text search; the answer is a
:class:`~titlesearch.search.results.SearchResult` without query text.
"""

from __future__ import annotations

from collections.abc import Sequence

from titlesearch.encoders import Encoder
from titlesearch.errors import InvalidInputError
from titlesearch.search.query import (
    BOTH,
    VECTOR_NAMES,
    check_limit,
    check_model,
    check_threshold,
)
from titlesearch.search.results import SearchResult
from titlesearch.search.service import SearchService
from titlesearch.store.base import Hit, TitleFilter, as_floats
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.vectors import TUNED


def search_by_vector(
    service: SearchService,
    vector: Sequence[float],
    *,
    model: str,
    title_filter: TitleFilter | None = None,
    threshold: float | None = None,
    limit: int = 10,
) -> SearchResult:
    """Nearest titles to ``vector`` among the ``model`` vectors of the pinned index version.

    Args:
        vector: One query vector, as many dimensions as the index's ``model`` vectors (the
            manifest's ``dims``); it need not be unit length (cosine distance).
        model: The vector name the query vector belongs to; not ``both``.
        title_filter: Payload filter, from :func:`~titlesearch.search.query.make_filter`.
        threshold: Minimum cosine similarity, or None.
        limit: Hits to return, 1..1000.

    Raises:
        InvalidInputError: the model is ``both`` or not indexed, the vector has the wrong size,
            is not finite or is all zeros, or the threshold or limit is out of range.
    """
    name = check_model(model)
    if name == BOTH:
        raise InvalidInputError(
            f"a raw vector belongs to one model's space: give model {' or '.join(VECTOR_NAMES)}"
        )
    threshold, limit = check_threshold(threshold), check_limit(limit)
    service.encoder(name)  # a clear error when the index has no such vectors
    floats = as_floats(vector)

    def run(manifest: IndexManifest, encoders: dict[str, Encoder]) -> list[Hit]:
        return service.store.search(
            name,
            [floats],
            title_filter=title_filter,
            limit=limit,
            threshold=threshold,
            params=service.params,
            version=manifest.version,
        )[0]

    return SearchResult(None, {name: service.index.run(run)}, hybrid=False)


def similar(
    service: SearchService,
    point_id: str,
    *,
    model: str = TUNED,
    title_filter: TitleFilter | None = None,
    limit: int = 10,
) -> list[Hit]:
    """Neighbours of an indexed title by its stored vector (the title itself left out)."""
    name = check_model(model)
    if name == BOTH:
        raise InvalidInputError(f"similar takes one model: {' or '.join(VECTOR_NAMES)}")
    service.encoder(name)
    version = service.index.current()[0].version
    points = service.store.retrieve([point_id], with_vectors=True, version=version)
    if not points or name not in points[0].vectors:
        raise InvalidInputError(f"no indexed title with id {point_id} and a '{name}' vector")
    hits = service.store.search(
        name,
        [points[0].vectors[name]],
        title_filter=title_filter,
        limit=check_limit(limit) + 1,
        params=service.params,
        version=version,
    )[0]
    return [h for h in hits if h.id != point_id][:limit]
