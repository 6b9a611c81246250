"""Builds the FastAPI app: routes, the API key, the body limit, JSON errors, the lifespan.

The search service is opened once, at startup (models loaded, index checked), and shared by
every request; the app keeps no per-request state, so several replicas can serve one Qdrant
server behind a load balancer.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from starlette.concurrency import run_in_threadpool

from titlesearch.api.errors import install_error_handlers
from titlesearch.api.limits import BodyLimit
from titlesearch.api.routes import data_routes, open_routes
from titlesearch.api.settings import ApiSettings
from titlesearch.api.slot import ServiceSlot

log = logging.getLogger(__name__)


def create_app(slot: ServiceSlot, api_settings: ApiSettings) -> FastAPI:
    """The API over ``slot``'s index, with ``api_settings``' key and limits.

    The lifespan opens the slot (a no-op when the caller already did) and closes its store at
    shutdown. A slot that cannot open yet does not stop the app: requests get the reason (503)
    until it opens.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if slot.store is None:  # not opened by the caller (`titlesearch serve` opens it first)
            error = await run_in_threadpool(slot.start)
            if error is not None:
                log.warning("not answering searches yet: %s", error)
        try:
            yield
        finally:
            slot.close()

    from importlib.metadata import version

    app = FastAPI(
        title="titlesearch",
        version=version("titlesearch"),
        summary="Code job titles into O*NET-SOC occupations and search titles by meaning.",
        description='Errors are `{"error": {"code", "message"}}` with a 4xx status for bad '
        "input. When the server sets `TITLESEARCH_API_KEY`, send it in the `X-API-Key` header "
        "(every endpoint but /health and the docs needs it).",
        lifespan=lifespan,
    )
    app.state.slot = slot
    app.state.api_settings = api_settings
    app.add_middleware(BodyLimit, max_bytes=api_settings.max_body_bytes)
    install_error_handlers(app)
    app.include_router(open_routes)
    app.include_router(data_routes)
    return app
