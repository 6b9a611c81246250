"""Hybrid search: Qdrant fuses the dense and the lexical (BM25) candidates by reciprocal rank.

The fusion decides the order. Its scores (``sum 1 / (2 + rank)``) mean nothing to a reader and
nothing to the classifier, whose temperature is fitted on cosine similarities, so each fused
hit is shown with the dense similarity *of its rank*: the i-th fused hit gets the i-th best
cosine of the plain dense search for the same query. Thresholds, score colours and confidences
keep their meaning, and a cosine threshold keeps as many hits as the dense search keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from titlesearch.errors import InvalidInputError
from titlesearch.store.base import Hit, TitleStore
from titlesearch.store.lexical import lexical_queries
from titlesearch.store.manifest import IndexManifest


def check_hybrid(manifest: IndexManifest) -> None:
    """Refuse hybrid search on an index built before it had lexical vectors."""
    if manifest.lexical is None:
        raise InvalidInputError(
            "this index has no lexical vectors for hybrid search (it was built by an older "
            "titlesearch); rebuild it with `titlesearch ingest`, or search without --hybrid"
        )


def on_dense_scale(fused: Sequence[Hit], dense: Sequence[Hit]) -> list[Hit]:
    """The fused hits, cut to the dense list's length, each scored with the dense similarity at
    its rank (see the module doc). Equal fused scores are common (ranks 3 + 5 and 5 + 3) and
    the engine returns them in an order that varies between processes, so they are ordered by
    id: the same query gives the same list everywhere."""
    scores = sorted((h.score for h in dense), reverse=True)
    ordered = sorted(fused, key=lambda h: (-h.score, h.id))
    return [replace(hit, score=score) for hit, score in zip(ordered, scores, strict=False)]


def search_hybrid(
    store: TitleStore,
    using: str,
    vectors: Any,
    texts: Sequence[str],
    **options: Any,
) -> list[list[Hit]]:
    """Fused hits of each text (order from Qdrant's RRF, scores on the dense scale).

    Args:
        store: the index.
        using: the dense vector searched alongside ``lexical``.
        vectors: one dense query vector per text.
        texts: the query texts (their BM25 queries are made here).
        options: ``title_filter``, ``limit``, ``threshold``, ``params``, ``version`` as
            :meth:`TitleStore.search` takes them.
    """
    dense = store.search(using, vectors, **options)
    fused = store.search(using, vectors, lexical=lexical_queries(texts), **options)
    return [on_dense_scale(f, d) for f, d in zip(fused, dense, strict=True)]
