"""Server store on qdrant-client: a physical collection per version behind an alias.

Version ``v`` of collection ``job_titles`` is the collection ``job_titles_v``; the alias
``job_titles`` points at the active one and :meth:`ServerStore.publish` moves it with one
``update_collection_aliases`` call, so readers switch atomically. The manifest lives in the
collection's ``metadata``. ``url=":memory:"`` runs qdrant-client's local mode, the same code path
without a server (exact search only), which the contract tests use.
"""

from __future__ import annotations

import json
import math
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any
from urllib.parse import urlsplit

import httpx
from pydantic import SecretStr
from qdrant_client import QdrantClient, models
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from titlesearch.errors import IndexMissingError, InvalidInputError, StoreError, TitlesearchError
from titlesearch.store import as_floats, check_name, check_query, unknown_vector, valid_ids
from titlesearch.store.base import (
    KEYWORD_INDEXES,
    Hit,
    PointRecord,
    QueryParams,
    TitleFilter,
    TitleStore,
)

_MANIFEST_KEY = "titlesearch_manifest"
_FACET_LIMIT = 1_000_000
_INDEXING_WAIT_S = 600.0


def _display_url(url: str) -> str:
    """``url`` without any ``user:password@`` part, for messages."""
    parts = urlsplit(url)
    if parts.hostname is None or "@" not in parts.netloc:
        return url
    host = parts.netloc.rsplit("@", 1)[1]
    return parts._replace(netloc=host).geturl()


def _server_detail(exc: UnexpectedResponse) -> str:
    try:
        return str(json.loads(exc.content)["status"]["error"])
    except (ValueError, KeyError, TypeError):
        return exc.reason_phrase or "no details"


def _filter(title_filter: TitleFilter | None, has_vector: str | None = None) -> Any:
    must: list[Any] = [
        models.FieldCondition(key=key, match=models.MatchValue(value=value))
        for key, value in (title_filter.conditions() if title_filter else {}).items()
    ]
    if has_vector:
        must.append(models.HasVectorCondition(has_vector=has_vector))
    return models.Filter(must=must) if must else None


def _record(record: Any) -> PointRecord:
    vectors = record.vector if isinstance(record.vector, dict) else {}
    return PointRecord(
        id=str(record.id),
        payload=dict(record.payload or {}),
        vectors={name: list(v) for name, v in vectors.items()},
    )


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
                url=url, api_key=key or None, timeout=timeout, check_compatibility=False
            )

    def __repr__(self) -> str:
        return f"ServerStore(url={_display_url(self.url)!r}, collection={self.collection!r})"

    @contextmanager
    def _errors(self, missing: str | None = None) -> Iterator[None]:
        """Translate client errors once: unreachable, bad key, missing index, bad input.

        Args:
            missing: The version this call needs (``""`` for the active one): a "not found"
                then becomes :class:`IndexMissingError` instead of a generic StoreError.
        """
        where = f"the Qdrant server at {_display_url(self.url)}"
        try:
            with self._serial:
                yield
        except TitlesearchError:
            raise
        except UnexpectedResponse as exc:
            detail = self._scrub(_server_detail(exc))
            if exc.status_code in (401, 403):
                raise StoreError(
                    f"{where} rejected the API key; set TITLESEARCH_QDRANT_API_KEY"
                ) from None
            if exc.status_code == 404 and missing is not None and "doesn't exist" in detail:
                raise self._missing(missing) from None
            if exc.status_code in (400, 422):
                raise InvalidInputError(f"{where} refused the request: {detail}") from None
            raise StoreError(f"{where} answered {exc.status_code}: {detail}") from None
        except (ResponseHandlingException, httpx.HTTPError, OSError) as exc:
            cause = getattr(exc, "source", exc)  # ResponseHandlingException wraps httpx's error
            if isinstance(cause, httpx.TimeoutException):
                raise StoreError(
                    f"{where} did not answer within {self._timeout:g} s; check that it runs and "
                    "is not overloaded, or raise TITLESEARCH_QDRANT_TIMEOUT"
                ) from None
            if not isinstance(cause, httpx.HTTPError | OSError):  # the answer was not Qdrant's
                raise self._not_qdrant(where, cause) from None
            raise StoreError(
                f"cannot reach {where} ({type(cause).__name__}: {self._scrub(str(cause))}); check "
                "that the server runs (`docker compose up qdrant`), TITLESEARCH_QDRANT_URL, and "
                "the network"
            ) from None
        except ValueError as exc:  # local mode reports everything as ValueError
            if not self._local:  # a server answering non-JSON or an unexpected schema
                raise self._not_qdrant(where, exc) from None
            if missing is not None and "not found" in str(exc) and "Collection" in str(exc):
                raise self._missing(missing) from None
            raise InvalidInputError(f"Qdrant refused the request: {exc}") from None

    def _scrub(self, text: str) -> str:
        """``text`` with the API key masked (a misconfigured proxy may echo request headers)."""
        key = self._key.get_secret_value()
        return text.replace(key, "***") if key else text

    def _not_qdrant(self, where: str, exc: BaseException) -> StoreError:
        detail = self._scrub(str(exc))[:200]
        return StoreError(
            f"{where} did not answer like a Qdrant server ({type(exc).__name__}: {detail}); check "
            "that TITLESEARCH_QDRANT_URL points at Qdrant's REST port (usually 6333)"
        )

    def _missing(self, version: str) -> IndexMissingError:
        where = f"on the Qdrant server at {_display_url(self.url)}"
        if not version:
            return IndexMissingError(
                f"no index '{self.collection}' {where}; run `titlesearch ingest` first"
            )
        return IndexMissingError(
            f"version '{version}' of '{self.collection}' does not exist {where}; "
            "run `titlesearch ingest` to build it"
        )

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

    def write_manifest(self, version: str, manifest: dict[str, Any]) -> None:
        # Metadata keys merge on update; one key holding the whole manifest replaces it.
        with self._errors(missing=version):
            self._client.update_collection(self._name(version), metadata={_MANIFEST_KEY: manifest})

    def read_manifest(self, version: str | None = None) -> dict[str, Any] | None:
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
        batch = [
            models.PointStruct(
                id=p.id, vector={n: as_floats(v) for n, v in p.vectors.items()}, payload=p.payload
            )
            for p in points
        ]
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
    ) -> list[list[Hit]]:
        queries = [as_floats(v) for v in vectors]
        check_query(using, queries, limit, threshold)
        if not queries:
            return []
        params = params or QueryParams()
        search_params = None
        if not self._local:  # local mode always searches exactly and warns about params
            search_params = models.SearchParams(hnsw_ef=params.hnsw_ef, exact=params.exact)
        requests = [
            models.QueryRequest(
                query=q,
                using=using,
                filter=_filter(title_filter),
                limit=limit,
                score_threshold=threshold,
                params=search_params,
                with_payload=True,
            )
            for q in queries
        ]
        try:
            with self._errors(missing=""):
                responses = self._client.query_batch_points(self.collection, requests=requests)
        except InvalidInputError:
            self._explain_query(using, queries, limit, threshold)
            raise
        return [
            [Hit(str(p.id), float(p.score), dict(p.payload or {})) for p in r.points]
            for r in responses
        ]

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

    def retrieve(self, ids: Sequence[str], *, with_vectors: bool = False) -> list[PointRecord]:
        wanted = valid_ids(ids)
        if not wanted:
            self.count()  # still report a missing index like every other read
            return []
        with self._errors(missing=""):
            found = self._client.retrieve(
                self.collection, wanted, with_payload=True, with_vectors=with_vectors
            )
        by_id = {str(r.id): _record(r) for r in found}
        return [by_id[i] for i in wanted if i in by_id]

    def scroll(
        self, version: str | None = None, *, with_vectors: bool = False, batch_size: int = 1000
    ) -> Iterator[list[PointRecord]]:
        offset = None
        while True:
            with self._errors(missing=version or ""):
                records, offset = self._client.scroll(
                    self._name(version),
                    limit=batch_size,
                    offset=offset,
                    with_payload=True,
                    with_vectors=with_vectors,
                )
            if records:
                yield [_record(r) for r in records]
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
                self._name(version), count_filter=_filter(title_filter, has_vector), exact=True
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
