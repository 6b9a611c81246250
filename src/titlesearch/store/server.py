"""Server store on qdrant-client: a physical collection per version behind an alias.

Version ``v`` of collection ``job_titles`` is the collection ``job_titles_v``; the alias
``job_titles`` points at the active one and :meth:`ServerStore.publish` moves it with one
``update_collection_aliases`` call, so readers switch atomically. The manifest lives in the
collection's ``metadata``. ``url=":memory:"`` runs qdrant-client's local mode, the same code path
without a server (exact search only), which the contract tests use.
"""

from __future__ import annotations

import math
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from pydantic import SecretStr
from qdrant_client import QdrantClient, models

from titlesearch.errors import IndexMissingError, InvalidInputError, StoreError
from titlesearch.store.base import (
    KEYWORD_INDEXES,
    Hit,
    PointRecord,
    QueryParams,
    TitleFilter,
    TitleStore,
    as_floats,
    check_lexical,
    check_name,
    check_query,
    unknown_vector,
    valid_ids,
)
from titlesearch.store.lexical import SparseValues
from titlesearch.store.server_errors import ServerErrors, display_url
from titlesearch.store.server_requests import (
    SPARSE_CONFIG,
    nearest_requests,
    to_filter,
    to_hit,
    to_points,
    to_record,
)
from titlesearch.store.server_transport import DeadlineTransport

_MANIFEST_KEY = "titlesearch_manifest"
_FACET_LIMIT = 1_000_000
_INDEXING_WAIT_S = 600.0


class ServerStore(TitleStore):
    """Versions of one collection on a Qdrant server (or in qdrant-client's local mode).

    Args:
        url: Server URL such as ``http://localhost:6333``, or ``":memory:"``.
        api_key: Server API key; kept only inside the client, never shown.
        collection: Alias name that readers use, default ``job_titles``.
        timeout: Seconds per request; an unreachable server fails within about this long.
        shard_number: Shards of each new version (server default when None).
        replication_factor: Replicas of each new version (server default when None).
    """

    def __init__(
        self,
        url: str,
        *,
        api_key: SecretStr | str | None = None,
        collection: str = "job_titles",
        timeout: float = 10.0,
        shard_number: int | None = None,
        replication_factor: int | None = None,
    ) -> None:
        self.collection = check_name("collection", collection)
        self.url = url
        self._shards = shard_number
        self._replicas = replication_factor
        self._local = url == ":memory:"
        self._timeout = math.ceil(timeout)  # what qdrant-client applies: whole seconds, rounded up
        self._key = SecretStr("")  # kept only to scrub it from error text a proxy might echo
        # Local mode is plain Python state without locks: serialise calls on it.
        self._serial: Any = threading.RLock() if self._local else nullcontext()
        if self._local:
            self._client = QdrantClient(location=":memory:")
        else:
            key = api_key.get_secret_value() if isinstance(api_key, SecretStr) else api_key
            self._key = SecretStr(key or "")
            self._client = QdrantClient(
                url=url,
                api_key=key or None,
                timeout=timeout,
                check_compatibility=False,
                transport=DeadlineTransport(self._timeout),  # the timeout bounds the whole answer
            )
        self._translate = ServerErrors(
            url, self.collection, self._timeout, self._key, self._local, self._serial
        )

    def __repr__(self) -> str:
        return f"ServerStore(url={display_url(self.url)!r}, collection={self.collection!r})"

    def _errors(self, missing: str | None = None) -> AbstractContextManager[None]:
        """Client errors translated to ours (see :class:`ServerErrors`), calls serialised."""
        return self._translate(missing)

    def _missing(self, version: str) -> IndexMissingError:
        return self._translate.missing(version)

    def _name(self, version: str | None) -> str:
        """Physical collection of ``version``, or the alias for the active one."""
        return f"{self.collection}_{check_name('version', version)}" if version else self.collection

    # --- versions -------------------------------------------------------------------------
    def active_version(self) -> str | None:
        with self._errors():
            aliases = self._client.get_aliases().aliases
        for alias in aliases:
            if alias.alias_name == self.collection:
                return alias.collection_name.removeprefix(f"{self.collection}_")
        return None

    def versions(self) -> list[str]:
        with self._errors():
            names = [c.name for c in self._client.get_collections().collections]
        prefix = f"{self.collection}_"
        return sorted(n.removeprefix(prefix) for n in names if n.startswith(prefix))

    def create_version(self, version: str, dims: dict[str, int]) -> bool:
        name = self._name(version)
        if not dims or any(size < 1 for size in dims.values()):
            raise InvalidInputError(f"vector sizes must be positive, got {dims}")
        with self._errors():
            created = not self._client.collection_exists(name)
            if created:
                self._client.create_collection(
                    name,
                    vectors_config={
                        n: models.VectorParams(size=size, distance=models.Distance.COSINE)
                        for n, size in dims.items()
                    },
                    sparse_vectors_config=SPARSE_CONFIG,
                    shard_number=self._shards,
                    replication_factor=self._replicas,
                )
            # Also on resume: an interrupted create may have stopped before its indexes.
            with warnings.catch_warnings():  # local mode warns that indexes are no-ops there
                warnings.simplefilter("ignore", UserWarning)
                for key in KEYWORD_INDEXES:
                    self._client.create_payload_index(
                        name, key, models.PayloadSchemaType.KEYWORD, wait=True
                    )
        return created

    def drop_version(self, version: str) -> None:
        if version == self.active_version():
            raise StoreError(f"refusing to drop version '{version}': it is the active one")
        with self._errors():
            self._client.delete_collection(self._name(version))

    def _write_manifest_data(self, version: str, manifest: dict[str, Any]) -> None:
        # Metadata keys merge on update; one key holding the whole manifest replaces it.
        with self._errors(missing=version):
            self._client.update_collection(self._name(version), metadata={_MANIFEST_KEY: manifest})

    def _read_manifest_data(self, version: str | None = None) -> Any:
        with self._errors(missing=version or ""):
            metadata = self._client.get_collection(self._name(version)).config.metadata
        return (metadata or {}).get(_MANIFEST_KEY)

    def publish(self, version: str) -> None:
        name = self._name(version)
        self._wait_indexed(name)
        swap: list[Any] = []
        if self.active_version() is not None:
            delete = models.DeleteAlias(alias_name=self.collection)
            swap.append(models.DeleteAliasOperation(delete_alias=delete))
        create = models.CreateAlias(collection_name=name, alias_name=self.collection)
        swap.append(models.CreateAliasOperation(create_alias=create))
        with self._errors(missing=version):
            self._client.update_collection_aliases(change_aliases_operations=swap)

    def _wait_indexed(self, name: str) -> None:
        """Let the server finish building HNSW before the version goes live (bounded wait)."""
        deadline = time.monotonic() + _INDEXING_WAIT_S
        while time.monotonic() < deadline:
            with self._errors(missing=name.removeprefix(f"{self.collection}_")):
                status = self._client.get_collection(name).status
            if status != models.CollectionStatus.YELLOW:
                return
            time.sleep(0.5)

    # --- writes ---------------------------------------------------------------------------
    def upsert(self, version: str, points: Sequence[PointRecord]) -> None:
        if not points:
            return
        batch = to_points(points)
        with self._errors(missing=version):
            self._client.upsert(self._name(version), points=batch, wait=True)

    def existing_ids(self, version: str) -> set[str]:
        return {p.id for batch in self.scroll(version, batch_size=10_000) for p in batch}

    # --- reads ----------------------------------------------------------------------------
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
        queries = [as_floats(v) for v in vectors]
        check_query(using, queries, limit, threshold)
        check_lexical(queries, lexical)
        if not queries:
            return []
        # local mode always searches exactly (and warns about params): send none there
        params = None if self._local else params
        requests = nearest_requests(
            using, queries, title_filter, limit, threshold, params, lexical, with_payload
        )
        try:
            with self._errors(missing=version or ""):
                responses = self._client.query_batch_points(self._name(version), requests=requests)
        except InvalidInputError:
            self._explain_query(using, queries, limit, threshold)
            raise
        return [[to_hit(p) for p in r.points] for r in responses]

    def _explain_query(
        self, using: str, queries: list[list[float]], limit: int, threshold: float | None
    ) -> None:
        """After a refused query, raise the same message EdgeStore gives for a bad vector."""
        with self._errors(missing=""):
            config = self._client.get_collection(self.collection).config.params.vectors
        dims = {n: p.size for n, p in config.items()} if isinstance(config, dict) else {}
        if using not in dims:
            raise unknown_vector(using, dims)
        check_query(using, queries, limit, threshold, dims)

    def retrieve(
        self, ids: Sequence[str], *, with_vectors: bool = False, version: str | None = None
    ) -> list[PointRecord]:
        wanted = valid_ids(ids)
        if not wanted:
            self.count(version=version)  # still report a missing index like every other read
            return []
        with self._errors(missing=version or ""):
            found = self._client.retrieve(
                self._name(version), wanted, with_payload=True, with_vectors=with_vectors
            )
        by_id = {str(r.id): to_record(r) for r in found}
        return [by_id[i] for i in wanted if i in by_id]

    def scroll(
        self, version: str | None = None, *, with_vectors: bool = False, batch_size: int = 1000
    ) -> Iterator[list[PointRecord]]:
        offset = None
        while True:
            with self._errors(missing=version or ""):
                records, offset = self._client.scroll(  # payloads: its default
                    self._name(version), limit=batch_size, offset=offset, with_vectors=with_vectors
                )
            if records:
                yield [to_record(r) for r in records]
            if offset is None:
                return

    def count(
        self,
        *,
        version: str | None = None,
        title_filter: TitleFilter | None = None,
        has_vector: str | None = None,
    ) -> int:
        with self._errors(missing=version or ""):
            result = self._client.count(
                self._name(version), count_filter=to_filter(title_filter, has_vector), exact=True
            )
        return result.count

    def facet(self, key: str, *, version: str | None = None) -> dict[str, int]:
        if key not in KEYWORD_INDEXES:
            raise InvalidInputError(f"cannot facet on '{key}': only {KEYWORD_INDEXES} are indexed")
        with self._errors(missing=version or ""):
            hits = self._client.facet(self._name(version), key, limit=_FACET_LIMIT, exact=True).hits
        return {str(h.value): h.count for h in sorted(hits, key=lambda h: str(h.value))}

    def close(self) -> None:
        with self._serial:
            self._client.close()
