"""Vector store: one small interface (:class:`TitleStore`) with two adapters.

* :class:`~titlesearch.store.edge.EdgeStore` - Qdrant Edge in-process, under ``TITLESEARCH_HOME``;
* :class:`~titlesearch.store.server.ServerStore` - a Qdrant server (or ``":memory:"``) through
  qdrant-client.

Use :func:`open_store` to get the one the settings ask for. The adapters are imported lazily,
so importing this package loads neither native engine nor HTTP client. The interface and its
shared checks live in ``base``, the manifest in ``manifest``, the vector names in ``vectors``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from titlesearch.store.base import (
    KEYWORD_INDEXES,
    Hit,
    PointRecord,
    QueryParams,
    TitleFilter,
    TitleStore,
    point_id,
)
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.vectors import VECTOR_NAMES

if TYPE_CHECKING:
    from titlesearch.config import HomeSettings, QdrantSettings
    from titlesearch.store.edge import EdgeStore
    from titlesearch.store.server import ServerStore

__all__ = [
    "KEYWORD_INDEXES",
    "VECTOR_NAMES",
    "EdgeStore",
    "Hit",
    "IndexManifest",
    "PointRecord",
    "QueryParams",
    "ServerStore",
    "TitleFilter",
    "TitleStore",
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
