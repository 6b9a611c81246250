"""The store interface: one logical collection of job titles, built in versions, searched by name.

The collection layout is a public contract (see README, "The index"):

* named vectors (``store.vectors``: ``base`` and ``tuned``), cosine distance, size from the model;
* a sparse vector ``lexical`` (BM25 term weights, Qdrant's IDF modifier; ``store.lexical``);
* point id = UUIDv5 of ``onet_code + "|" + normalized title`` (:func:`point_id`);
* payload ``title, onet_code, onet_title, soc_code, major_group, source`` plus user columns,
  with keyword indexes on :data:`KEYWORD_INDEXES` created before the upload;
* a manifest (:class:`~titlesearch.store.manifest.IndexManifest`) stored with each version.

A rebuild writes a new *version* (a physical collection / shard directory) while searches
keep reading the *active* one; :meth:`TitleStore.publish` switches atomically.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

from titlesearch.errors import InvalidInputError
from titlesearch.store.lexical import SparseValues
from titlesearch.store.manifest import IndexManifest

KEYWORD_INDEXES = ("onet_code", "soc_code", "major_group", "source")
REVIEW_ID = "review_id"  # payload key of a reviewer's correction (`titlesearch review teach`)
ID_NAMESPACE = uuid.UUID("6f1c1a4e-1d3b-5b8e-9a51-7a0c2f6b9d10")


def point_id(onet_code: str, normalized_title: str) -> str:
    """Deterministic point id, so re-running an ingest never duplicates a title."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{onet_code}|{normalized_title}"))


@dataclass(frozen=True)
class PointRecord:
    """A point to write or one read back. ``vectors`` may hold only ``base``; the sparse
    ``lexical`` vector, when written, is a :class:`SparseValues` (it is not read back)."""

    id: str
    payload: dict[str, Any]
    vectors: dict[str, Sequence[float] | SparseValues] = field(default_factory=dict)


@dataclass(frozen=True)
class Hit:
    """One search result: point id, cosine similarity, payload."""

    id: str
    score: float
    payload: dict[str, Any]


@dataclass(frozen=True)
class TitleFilter:
    """Payload conditions, all of which must hold. Values are already validated codes."""

    onet_code: str | None = None
    soc_code: str | None = None
    major_group: str | None = None
    source: str | None = None

    def conditions(self) -> dict[str, str]:
        """The set conditions as ``{payload key: value}``."""
        return {k: v for k, v in vars(self).items() if v is not None}


@dataclass(frozen=True)
class QueryParams:
    """How to search: exact brute force, or HNSW with an optional ``ef``."""

    exact: bool = False
    hnsw_ef: int | None = None


class TitleStore(ABC):
    """One logical collection (``job_titles``) with versioned physical copies.

    Writes name a version explicitly; reads go to the active (published) version.
    Implementations must be safe to share between threads for reads.
    """

    collection: str

    # --- versions -------------------------------------------------------------------------
    @abstractmethod
    def active_version(self) -> str | None:
        """The published version that searches read, or None if nothing is published."""

    @abstractmethod
    def versions(self) -> list[str]:
        """All physical versions, published or not, sorted by name."""

    @abstractmethod
    def create_version(self, version: str, dims: dict[str, int]) -> bool:
        """Create an empty version with named vectors ``dims`` and the keyword indexes.

        Returns False (and changes nothing) if the version already exists, so an
        interrupted build can resume into it.
        """

    @abstractmethod
    def drop_version(self, version: str) -> None:
        """Delete a version that is not active. Dropping the active one is an error."""

    def write_manifest(self, version: str, manifest: IndexManifest) -> None:
        """Store ``manifest`` with ``version`` (replacing any earlier one)."""
        self._write_manifest_data(version, manifest.to_data())

    def read_manifest(self, version: str | None = None) -> IndexManifest | None:
        """The manifest of ``version`` (default: active), or None if it has none.

        Raises:
            StoreError: the stored manifest is damaged or incomplete (the message says the fix).
        """
        data = self._read_manifest_data(version)
        if data is None:
            return None
        return IndexManifest.from_data(
            data, f"version '{version}'" if version else "the active index"
        )

    @abstractmethod
    def _write_manifest_data(self, version: str, data: dict[str, Any]) -> None:
        """Store the manifest's JSON object with ``version``."""

    @abstractmethod
    def _read_manifest_data(self, version: str | None) -> Any:
        """The stored manifest JSON of ``version`` (default: active), or None if it has none."""

    @abstractmethod
    def publish(self, version: str) -> None:
        """Finish ``version`` (build its search index) and make it active atomically."""

    # --- writes ---------------------------------------------------------------------------
    @abstractmethod
    def upsert(self, version: str, points: Sequence[PointRecord]) -> None:
        """Insert or replace whole points (vectors and payload)."""

    @abstractmethod
    def existing_ids(self, version: str) -> set[str]:
        """Ids already stored in ``version``: what a resumed build can skip."""

    # --- reads ----------------------------------------------------------------------------
    @abstractmethod
    def search(
        self,
        using: str,
        vectors: Sequence[Sequence[float]],
        *,
        title_filter: TitleFilter | None = None,
        limit: int = 10,
        threshold: float | None = None,
        params: QueryParams | None = None,
        version: str | None = None,
        lexical: Sequence[SparseValues] | None = None,
        with_payload: bool = True,
    ) -> list[list[Hit]]:
        """Nearest neighbours of each query vector in ``version`` (default: active), best
        first, payloads only ``with_payload``. A reader names the version its models belong to,
        so a swap published by another process between its check and its query cannot mix them.

        With ``lexical`` (one sparse query per vector) the search is hybrid: the
        :func:`prefetch_depth` nearest ``using`` vectors (cosine ``threshold`` applied there)
        and as many best ``lexical`` matches are fused by reciprocal rank in the engine, and a
        hit's score is its fused score ``sum 1 / (RRF_K + rank)``, not a cosine."""

    @abstractmethod
    def retrieve(
        self, ids: Sequence[str], *, with_vectors: bool = False, version: str | None = None
    ) -> list[PointRecord]:
        """Points of ``version`` (default: active) by id, in the order asked; unknown ids are
        left out."""

    @abstractmethod
    def scroll(
        self, version: str | None = None, *, with_vectors: bool = False, batch_size: int = 1000
    ) -> Iterator[list[PointRecord]]:
        """All points of ``version`` (default: active) in batches, in id order."""

    @abstractmethod
    def count(
        self,
        *,
        version: str | None = None,
        title_filter: TitleFilter | None = None,
        has_vector: str | None = None,
    ) -> int:
        """Points in ``version`` (default: active) matching the filter / holding a vector."""

    @abstractmethod
    def facet(self, key: str, *, version: str | None = None) -> dict[str, int]:
        """Point counts per value of keyword payload field ``key``."""

    @abstractmethod
    def close(self) -> None:
        """Release files, handles and connections."""

    def __enter__(self) -> TitleStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_name(kind: str, value: str) -> str:
    """Return ``value`` if it is safe as a directory and collection name, else raise.

    Raises:
        InvalidInputError: unless ``value`` is non-empty letters, digits, ``_`` or ``-``.
    """
    if not value or not all(ch.isalnum() or ch in "_-" for ch in value) or len(value) > 128:
        raise InvalidInputError(
            f"{kind} name {value!r} must be 1-128 letters, digits, '_' or '-', e.g. 20250101-120000"
        )
    return value


def check_query(
    using: str,
    vectors: Sequence[Sequence[float]],
    limit: int,
    threshold: float | None,
    dims: dict[str, int] | None = None,
) -> None:
    """Reject a search both engines would refuse (or answer wrongly), with one shared message.

    Args:
        using: Named vector to search.
        vectors: Query vectors.
        limit: Hits per query, at least 1.
        threshold: Minimum cosine similarity, within [-1, 1], or None.
        dims: The version's ``{vector name: size}`` when known; None skips the name/size checks.

    Raises:
        InvalidInputError: naming what is wrong and, for a bad ``using``, the vectors available.
    """
    if limit < 1:
        raise InvalidInputError(f"limit must be at least 1, got {limit}")
    if threshold is not None and not -1.0 <= threshold <= 1.0:
        raise InvalidInputError(
            f"threshold must be a cosine similarity in [-1, 1], got {threshold}"
        )
    if dims is None:
        return
    if using not in dims:
        raise unknown_vector(using, dims)
    for vector in vectors:
        if len(vector) != dims[using]:
            raise InvalidInputError(
                f"query vector has {len(vector)} dimensions but the index stores "
                f"{dims[using]}-d '{using}' vectors; encode with the model named in the manifest"
            )
    if vectors:  # one array check, not a Python loop over every component (batch coding)
        import numpy as np  # here: this module loads at every CLI start, numpy need not

        values = np.asarray(vectors, dtype=np.float64)
        if not np.isfinite(values).all() or not values.any(axis=1).all():
            raise InvalidInputError("query vector must be finite and not all zeros")


def prefetch_depth(limit: int) -> int:
    """How many candidates each side of a hybrid search hands to the fusion."""
    return max(2 * limit, 50)


def check_lexical(vectors: Sequence[Any], lexical: Sequence[SparseValues] | None) -> None:
    """Reject a hybrid search whose sparse queries do not pair up with its dense ones."""
    if lexical is not None and len(lexical) != len(vectors):
        raise InvalidInputError(
            f"a hybrid search needs one lexical query per vector, got {len(lexical)} for "
            f"{len(vectors)}"
        )


def unknown_vector(using: str, dims: dict[str, int]) -> InvalidInputError:
    """The error for a search by a vector name the active version does not hold."""
    available = ", ".join(sorted(dims)) or "none"
    return InvalidInputError(
        f"the index has no '{using}' vectors (available: {available}); "
        "search with one of those, or re-run `titlesearch ingest` with the model that adds it"
    )


def valid_ids(ids: Sequence[str]) -> list[str]:
    """The ids that can exist in a store (canonical UUID strings); others are simply unknown."""
    kept = []
    for value in ids:
        with suppress(ValueError):
            kept.append(str(uuid.UUID(str(value))))
    return kept


def as_floats(vector: Any) -> list[float]:
    """A plain list of floats from a list, tuple or numpy array (the engines take lists)."""
    return vector.tolist() if hasattr(vector, "tolist") else [float(x) for x in vector]
