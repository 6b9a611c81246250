"""Builds the long-lived objects (store, encoders, search service) from settings.

Used by the entry points (CLI, UI, benchmarks); core modules take these objects as plain
arguments and never read settings themselves.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from titlesearch.config import AppSettings
from titlesearch.encoders import EmbeddingCache, Encoder, build_encoder, read_adapter, resolve_model
from titlesearch.store import open_store
from titlesearch.store.base import QueryParams, TitleStore

if TYPE_CHECKING:
    from titlesearch.encoders import ResolvedModel
    from titlesearch.search.service import SearchService


def embedding_cache(settings: AppSettings) -> EmbeddingCache:
    return EmbeddingCache(settings.home.cache_dir / "embeddings.sqlite")


def base_model_name(settings: AppSettings) -> str:
    return settings.model.base_model or settings.model.profile


def store_for(settings: AppSettings) -> TitleStore:
    return open_store(settings.qdrant, settings.home)


def onnx_dir(settings: AppSettings) -> Path:
    """Where ONNX exports of the models are kept (one folder per weights fingerprint)."""
    return settings.home.models_dir / "onnx"


def encoders_for(
    settings: AppSettings,
    adapter: Path | None = None,
    cache: EmbeddingCache | None = None,
    *,
    progress: bool = True,
) -> tuple[Encoder, Encoder | None]:
    """The base encoder of the configured profile and backend, and the tuned one if
    ``adapter`` is given."""
    base_model = resolve_model(base_model_name(settings), settings.home.models_dir)
    options = {
        "cache": cache,
        "device": settings.model.device,
        "batch_size": settings.model.batch_size,
        "backend": settings.model.encoder_backend,
        "onnx_dir": onnx_dir(settings),
        "progress": progress,
    }
    base = build_encoder(base_model, **options)
    tuned = build_encoder(base_model, adapter=read_adapter(adapter), **options) if adapter else None
    return base, tuned


def encoder_for(
    settings: AppSettings, model: ResolvedModel, cache: EmbeddingCache | None = None
) -> Encoder:
    """The encoder of ``model`` on the settings' device, batching as they say (training and
    tuning encode with it)."""
    options = {"device": settings.model.device, "batch_size": settings.model.batch_size}
    return build_encoder(model, cache=cache, **options)


def search_service_for(
    settings: AppSettings,
    store: TitleStore,
    *,
    adapter: Path | None = None,
    requested_base: str | None = None,
    only: Collection[str] | None = None,
    hybrid: bool | None = None,
) -> SearchService:
    """The service over the active index, with the models its manifest names (or ``only``);
    ``hybrid`` None follows ``TITLESEARCH_SEARCH_HYBRID``."""
    from titlesearch.search.models import ModelLoader
    from titlesearch.search.service import SearchService  # ingest uses this module too

    loader = ModelLoader(
        models_dir=settings.home.models_dir,
        cache=None,  # queries are one-offs: caching them would only grow the database
        requested_base=requested_base,
        adapter=adapter,
        device=settings.model.device,
        only=only,
        backend=settings.model.encoder_backend,
        onnx_dir=onnx_dir(settings),
        batch_size=settings.model.batch_size,
    )
    return SearchService.open(
        store,
        loader=loader,
        home=settings.home.home,
        expand=settings.search.expand,
        hybrid=settings.search.hybrid if hybrid is None else hybrid,
        abstain_below=settings.search.abstain_below,
        max_query_chars=settings.search.max_query_chars,
        params=QueryParams(exact=settings.search.exact, hnsw_ef=settings.search.hnsw_ef),
    )
