"""Long-lived objects of the UI, created once per process and shared by every browser session.

``st.cache_resource`` holds one store per index location and one search service per
(index location, active version, device). Both are safe to share: the store serialises its own
writes and reads are thread-safe; the service is read-only after construction. Keying the
service by the *active version* means a reindex done elsewhere is picked up on the next rerun,
with the models its manifest names, instead of querying new vectors with old models.

A session never mutates the shared service: :func:`search_service` hands out a
:class:`SessionSearchService`, a shallow view with the session's own query parameters.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from titlesearch.config import AppSettings
from titlesearch.errors import IndexMissingError, InvalidInputError, TitlesearchError
from titlesearch.search.service import SearchService
from titlesearch.store.base import QueryParams, TitleStore
from titlesearch.ui.settings import UISettings


def app_settings() -> AppSettings:
    """Settings from ``TITLESEARCH_*`` (cheap, so read on every rerun: no stale home)."""
    return AppSettings.load()


def ui_settings() -> UISettings:
    from pydantic import ValidationError

    try:
        return UISettings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidInputError(f"invalid TITLESEARCH_UI_* setting: {problems}") from None


def _store_key(settings: AppSettings) -> str:
    return f"{settings.home.home}|{settings.qdrant.url or 'edge'}|{settings.qdrant.collection}"


@st.cache_resource(show_spinner=False)
def _shared_store(key: str, _settings: AppSettings) -> TitleStore:
    from titlesearch.runtime import store_for

    return store_for(_settings)


@st.cache_resource(show_spinner="Loading the models of this index…")
def _shared_service(
    key: str, version: str, device: str | None, _settings: AppSettings, _store: TitleStore
) -> SearchService:
    from titlesearch.runtime import search_service_for

    model = _settings.model.model_copy(update={"device": device})
    settings = AppSettings(_settings.home, _settings.qdrant, model, _settings.search, _settings.llm)
    service = search_service_for(settings, _store)
    # One query now, so the first user does not pay for lazy model and index warm-up (~0.5 s)
    service.search("warm up", model="both", limit=1)
    return service


class SessionSearchService(SearchService):
    """The shared service's store, encoders and manifest with one session's query parameters.

    Only attributes are copied (no models are loaded); ``classify`` defaults to the session's
    batch size.
    """

    def __init__(
        self, shared: SearchService, params: QueryParams, batch_size: int, hybrid: bool = False
    ) -> None:
        self.__dict__.update(vars(shared))
        self.params = params
        self.batch_size = batch_size
        self.hybrid = shared.hybrid or hybrid

    def classify(self, titles, *, batch_size: int | None = None, **options: Any):  # type: ignore[override]
        return super().classify(titles, batch_size=batch_size or self.batch_size, **options)


def session_params() -> tuple[QueryParams, int, str | None]:
    """Query parameters, batch size and device chosen on the History & settings page."""
    from titlesearch.ui.session import pref

    ef = int(pref("hnsw_ef") or 0)
    params = QueryParams(exact=bool(pref("exact")), hnsw_ef=ef or None)
    device = pref("device") or "auto"
    return params, int(pref("batch_size") or 256), None if device == "auto" else device


def search_service() -> SessionSearchService:
    """This session's view of the service over the active index.

    Raises:
        IndexMissingError: nothing has been published under ``TITLESEARCH_HOME`` yet.
        TitlesearchError: the store cannot be opened, or its models cannot be loaded.
    """
    settings = app_settings()
    key = _store_key(settings)
    store = _shared_store(key, settings)
    version = store.active_version()
    if version is None:
        raise IndexMissingError(
            f"no index found in {settings.home.index_dir}: build one with `titlesearch ingest` "
            "(or `titlesearch pipeline`), or point TITLESEARCH_HOME / --home at an existing one"
        )
    params, batch_size, device = session_params()
    shared = _shared_service(key, version, device, settings, store)
    from titlesearch.ui.session import pref

    return SessionSearchService(shared, params, batch_size, hybrid=bool(pref("hybrid")))


def service_or_stop() -> SessionSearchService:
    """:func:`search_service`, or a message saying what to do and the end of this page's run."""
    try:
        return search_service()
    except IndexMissingError as exc:
        st.warning(str(exc), icon=":material/folder_off:")
    except TitlesearchError as exc:
        st.error(str(exc))
    st.stop()
    raise AssertionError("st.stop() returned")  # pragma: no cover - st.stop raises
