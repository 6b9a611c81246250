"""The one search service of an API process: opened at startup, retried while it cannot be.

An API started before its index exists (``docker compose up`` before the first ingest), or
while the Qdrant server is still starting, keeps running: every request gets the reason as a
503 until the service opens, tried again at most every ``retry_every`` seconds. Once open, the
service itself follows reindexes (it pins a version and moves to newer ones between queries),
so nothing in the slot changes per request: replicas share nothing but the index.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from titlesearch.config import AppSettings
from titlesearch.errors import IndexMissingError, StoreError, TitlesearchError
from titlesearch.runtime import search_service_for, store_for
from titlesearch.search.service import SearchService
from titlesearch.store.base import TitleStore

RETRY_EVERY = 5.0  # seconds between attempts to open a service that could not open
TRANSIENT = (IndexMissingError, StoreError)
"""Errors that go away without a restart: an ingest publishes, a server comes up."""


class ServiceSlot:
    """The store of ``settings`` and the :class:`SearchService` over it, once they open.

    Args:
        settings: The process's settings (home, Qdrant, models, search defaults).
        adapter: A LoRA adapter folder to use instead of the one the manifest records.
        requested_base: A base model (profile, name or path) instead of the manifest's.
        retry_every: Seconds between attempts to open the service while it is closed.
    """

    def __init__(
        self,
        settings: AppSettings,
        *,
        adapter: Path | None = None,
        requested_base: str | None = None,
        retry_every: float = RETRY_EVERY,
    ) -> None:
        self.settings = settings
        self.store: TitleStore | None = None
        self._adapter, self._requested_base = adapter, requested_base
        self._retry_every = retry_every
        self._service: SearchService | None = None
        self._error: TitlesearchError | None = None
        self._tried_at = float("-inf")
        self._lock = threading.Lock()

    def start(self) -> TitlesearchError | None:
        """Open the store and the service now, unless already open; the error if they did not.

        Loads the models (seconds): call it before serving, not per request.
        """
        with self._lock:
            if self.store is None:
                self.store = store_for(self.settings)
            if self._service is None:
                self._open()
            return self._error

    def get(self) -> SearchService:
        """The open service.

        Raises:
            TitlesearchError: why it is not open (retried first when ``retry_every`` passed).
        """
        service = self._service
        if service is not None:
            return service
        with self._lock:
            due = time.monotonic() - self._tried_at >= self._retry_every
            if self._service is None and self.store is not None and due:
                self._open()
            if self._service is not None:
                return self._service
            error = self._error or IndexMissingError("the API is starting: retry in a moment")
            raise type(error)(str(error))  # a fresh instance: threads raise it at once

    def close(self) -> None:
        with self._lock:
            if self.store is not None:
                self.store.close()
            self.store, self._service = None, None

    def _open(self) -> None:
        self._tried_at = time.monotonic()
        try:
            self._service = search_service_for(
                self.settings,
                self.store,  # type: ignore[arg-type]
                adapter=self._adapter,
                requested_base=self._requested_base,
            )
            self._error = None
        except TitlesearchError as exc:
            self._error = exc
