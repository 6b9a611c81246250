"""Vector store: one small interface (:class:`TitleStore`) with two adapters.

* :class:`~titlesearch.store.edge.EdgeStore` - Qdrant Edge in-process, under ``TITLESEARCH_HOME``;
* :class:`~titlesearch.store.server.ServerStore` - a Qdrant server (or ``":memory:"``) through
  qdrant-client.

Use :func:`open_store` to get the one the settings ask for. The adapters are imported lazily,
so importing this package loads neither native engine nor HTTP client.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from titlesearch.errors import InvalidInputError
from titlesearch.store.base import (
    KEYWORD_INDEXES,
    VECTOR_NAMES,
    Hit,
    PointRecord,
    QueryParams,
    TitleFilter,
    TitleStore,
    point_id,
)

if TYPE_CHECKING:
    from titlesearch.config import HomeSettings, QdrantSettings
    from titlesearch.store.edge import EdgeStore
    from titlesearch.store.server import ServerStore

__all__ = [
    "KEYWORD_INDEXES",
    "VECTOR_NAMES",
    "EdgeStore",
    "Hit",
    "PointRecord",
    "QueryParams",
    "ServerStore",
    "TitleFilter",
    "TitleStore",
    "check_name",
    "check_query",
    "open_store",
    "point_id",
]


def open_store(qdrant: QdrantSettings, home: HomeSettings) -> TitleStore:
    """Open the store the settings name: a Qdrant server if ``qdrant.url`` is set, else Edge.

    Args:
        qdrant: Which engine and collection; ``url`` unset means the embedded Edge store.
        home: Where the embedded store keeps its versions (``home.index_dir``).

    Returns:
        A :class:`TitleStore`; nothing is read or connected until the first call on it.
    """
    if qdrant.url:
        from titlesearch.store.server import ServerStore

        return ServerStore(
            qdrant.url,
            api_key=qdrant.api_key,
            collection=qdrant.collection,
            timeout=qdrant.timeout,
            shard_number=qdrant.shard_number,
            replication_factor=qdrant.replication_factor,
        )
    from titlesearch.store.edge import EdgeStore

    return EdgeStore(home.index_dir, qdrant.collection)


def __getattr__(name: str) -> Any:
    # Lazy exports: `from titlesearch.store import EdgeStore` loads the engine only when asked.
    if name == "EdgeStore":
        from titlesearch.store.edge import EdgeStore

        return EdgeStore
    if name == "ServerStore":
        from titlesearch.store.server import ServerStore

        return ServerStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        if not all(math.isfinite(x) for x in vector) or not any(vector):
            raise InvalidInputError("query vector must be finite and not all zeros")


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
        try:
            kept.append(str(uuid.UUID(str(value))))
        except ValueError:
            continue
    return kept


def as_floats(vector: Any) -> list[float]:
    """A plain list of floats from a list, tuple or numpy array (the engines take lists)."""
    return vector.tolist() if hasattr(vector, "tolist") else [float(x) for x in vector]
