"""Classification in two halves: encode a chunk of titles, then query the index and classify.

:meth:`~titlesearch.search.service.SearchService.classify` runs the halves one after the other.
Batch coding (:mod:`titlesearch.search.batch`) encodes the next chunk in another thread while
this one queries the index, so the model never waits for the index: the first half touches no
index file, and torch and onnxruntime release the GIL while they compute. Vectors a reindex
made stale in between (the pinned version's model changed) are made again before the query.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from titlesearch.encoders import Encoder
from titlesearch.errors import InvalidInputError
from titlesearch.search.classify import Classification, classify_hits
from titlesearch.search.confidence import Calibration
from titlesearch.search.expansion import expanded_queries, merge_expanded
from titlesearch.search.query import clean_query
from titlesearch.store.base import Hit

CLASSIFY_NEIGHBOURS = 30
"""Nearest titles a classification looks at (each code pools its best few of them)."""


@dataclass(frozen=True)
class EncodedTitles:
    """A chunk of titles ready to search: cleaned, expanded and encoded by one model.

    Attributes:
        titles: The titles as given; each becomes one classification's ``query``.
        texts: Each title cleaned for the model; None where nothing was left (it abstains).
        extra: The normalised posting form of each cleaned text (None where it adds nothing).
        queries: What was encoded and is searched: each distinct text once (a batch of real
            postings repeats titles, and their normalised forms repeat more).
        slots: For the cleaned texts, then the expansions, in order: the index of its query.
        vectors: One row per query.
        model: The vector name the queries are searched with (``base``, ``tuned``).
        fingerprint: The encoder that made ``vectors``; a newer index version may need another.
    """

    titles: list[str]
    texts: list[str | None]
    extra: list[str | None]
    queries: list[str]
    slots: list[int]
    vectors: np.ndarray
    model: str
    fingerprint: str


def encode_titles(
    titles: Sequence[str], encoder: Encoder, *, model: str, max_query_chars: int, expand: bool
) -> EncodedTitles:
    """Clean each title (an empty one is kept as None, not refused), add the expansions, and
    encode each distinct one once, in one call."""
    texts: list[str | None] = []
    for title in titles:
        try:
            texts.append(clean_query(title, max_chars=max_query_chars).text)
        except InvalidInputError:
            texts.append(None)
    extra, wanted = expanded_queries([t for t in texts if t is not None], expand=expand)
    position: dict[str, int] = {}  # each distinct text's query index, in order of first use
    slots = [position.setdefault(text, len(position)) for text in wanted]
    queries = list(position)
    vectors = encoder.encode(queries)
    return EncodedTitles(
        list(titles), texts, extra, queries, slots, vectors, model, encoder.fingerprint
    )


def vectors_for(encoded: EncodedTitles, encoder: Encoder) -> np.ndarray:
    """``encoded``'s vectors, or new ones from ``encoder`` if another model made them."""
    if encoder.fingerprint == encoded.fingerprint:
        return encoded.vectors
    return encoder.encode(encoded.queries)


def classify_encoded(
    encoded: EncodedTitles,
    found: Sequence[Sequence[Hit]],
    *,
    abstain_below: float,
    top_k: int = 5,
    calibration: Calibration | None = None,
    limit: int = CLASSIFY_NEIGHBOURS,
) -> list[Classification]:
    """One classification per title, from the hits of each of ``encoded.queries`` (in order);
    a title and its expansion share one merged list of at most ``limit`` hits."""
    found = [found[slot] for slot in encoded.slots]
    hits = iter(merge_expanded(found, encoded.extra, limit))
    extra = iter(encoded.extra)
    out: list[Classification] = []
    for title, text in zip(encoded.titles, encoded.texts, strict=True):
        kept = text is not None
        out.append(
            classify_hits(
                str(title),
                next(hits) if kept else [],
                abstain_below=abstain_below,
                top_k=top_k,
                calibration=calibration,
                text=next(extra) if kept else None,
            )
        )
    return out
