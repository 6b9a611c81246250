"""The store interface: one logical collection of job titles, built in versions, searched by name.

The collection layout is a public contract (see README, "The index"):

* named vectors ``base`` and ``tuned``, cosine distance, size from the model;
* point id = UUIDv5 of ``onet_code + "|" + normalized title`` (:func:`point_id`);
* payload ``title, onet_code, onet_title, soc_code, major_group, source`` plus user columns,
  with keyword indexes on :data:`KEYWORD_INDEXES` created before the upload;
* a manifest (a JSON object) stored with each version.

A rebuild writes a new *version* (a physical collection / shard directory) while searches
keep reading the *active* one; :meth:`TitleStore.publish` switches atomically.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

VECTOR_NAMES = ("base", "tuned")
KEYWORD_INDEXES = ("onet_code", "soc_code", "major_group", "source")
ID_NAMESPACE = uuid.UUID("6f1c1a4e-1d3b-5b8e-9a51-7a0c2f6b9d10")


def point_id(onet_code: str, normalized_title: str) -> str:
    """Deterministic point id, so re-running an ingest never duplicates a title."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{onet_code}|{normalized_title}"))


@dataclass(frozen=True)
class PointRecord:
    """A point to write or one read back. ``vectors`` may hold only ``base``."""

    id: str
    payload: dict[str, Any]
    vectors: dict[str, Sequence[float]] = field(default_factory=dict)


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

    @abstractmethod
    def write_manifest(self, version: str, manifest: dict[str, Any]) -> None:
        """Store ``manifest`` with ``version`` (replacing any earlier one)."""

    @abstractmethod
    def read_manifest(self, version: str | None = None) -> dict[str, Any] | None:
        """The manifest of ``version`` (default: active), or None if it has none."""

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
    ) -> list[list[Hit]]:
        """Nearest neighbours of each query vector in the active version, best first."""

    @abstractmethod
    def retrieve(self, ids: Sequence[str], *, with_vectors: bool = False) -> list[PointRecord]:
        """Points of the active version by id, in the order asked; unknown ids are left out."""

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
