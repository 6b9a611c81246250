"""The sparse ``lexical`` vector: BM25 term weights from Qdrant's own tokenizer and stemmer.

Both stores fill and query it the same way: titles are turned into term-frequency weights by
``qdrant_edge.Bm25`` (the edge build of the tokenizer Qdrant's server uses for its ``bm25``
model, so the token ids match), and the index applies the inverse document frequency itself
(the sparse vector is declared with Qdrant's ``IDF`` modifier), so adding titles keeps the
weights right without re-encoding anything. Job titles are short: the length normalisation
assumes an average of :data:`AVERAGE_TITLE_TOKENS` tokens, not BM25's default 256.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

AVERAGE_TITLE_TOKENS = 2.6
"""Mean distinct tokens per title after stopwords: 2.58 on the O*NET corpus (57,508 titles)."""

BM25_SETTINGS: dict[str, Any] = {"k": 1.2, "b": 0.75, "avg_len": AVERAGE_TITLE_TOKENS}
LEXICAL_MODEL = "qdrant-bm25/english/k1.2-b0.75-avg2.6"
"""How the lexical vectors were made; recorded in the manifest and part of the version name."""

RRF_K = 2
"""Reciprocal-rank-fusion constant: a hit scores ``1 / (RRF_K + rank)`` per list (Qdrant's
default, given explicitly so both engines fuse the same way)."""


@dataclass(frozen=True)
class SparseValues:
    """A sparse vector: token ids and their weights (same length)."""

    indices: tuple[int, ...]
    values: tuple[float, ...]


@cache
def _bm25() -> Any:
    import qdrant_edge as qe

    return qe.Bm25(qe.Bm25Config(language="english", **BM25_SETTINGS))


def lexical_documents(texts: Sequence[str]) -> list[SparseValues]:
    """The ``lexical`` vector of each title as it is stored (BM25 term-frequency weights)."""
    model = _bm25()
    return [_values(model.embed_document(text)) for text in texts]


def lexical_queries(texts: Sequence[str]) -> list[SparseValues]:
    """The ``lexical`` query of each text: weight 1 per distinct token (IDF is the index's)."""
    model = _bm25()
    return [_values(model.embed_query(text)) for text in texts]


def _values(vector: Any) -> SparseValues:
    return SparseValues(tuple(vector.indices), tuple(float(v) for v in vector.values))
