"""The endpoints: health, index info, search, classify, occupations.

Handlers are plain ``def``: FastAPI runs them in its thread pool, and the service they share
is safe to call from several threads (the pinned index and the stores lock what they must,
each encoder runs one forward pass at a time). Each answer is the CLI's ``--json`` shape,
built by the same ``to_dict``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import APIRouter, Depends, Request

from titlesearch.api.auth import require_key
from titlesearch.api.errors import NotFoundError
from titlesearch.api.schemas import ClassifyBody, SearchBody
from titlesearch.api.slot import ServiceSlot
from titlesearch.errors import IndexMissingError, InvalidInputError
from titlesearch.search.by_vector import search_by_vector
from titlesearch.search.index_info import active_manifest, index_info
from titlesearch.search.query import (
    BASE,
    BOTH,
    check_limit,
    check_model,
    check_threshold,
    check_vector_name,
    clean_query,
    make_filter,
)
from titlesearch.search.service import SearchService
from titlesearch.taxonomy import MAJOR_GROUPS, load_taxonomy, validate_onet_code

open_routes = APIRouter(tags=["status"])
data_routes = APIRouter(dependencies=[Depends(require_key)])


def slot_of(request: Request) -> ServiceSlot:
    return request.app.state.slot


def service_of(request: Request) -> SearchService:
    """The process's search service (503 with the reason while it cannot open)."""
    return slot_of(request).get()


@open_routes.get("/health", summary="Whether the API can answer searches")
def health(service: SearchService = Depends(service_of)) -> dict[str, Any]:
    """200 with the index version and models once searches can be answered; 503 (with the
    reason: no index yet, Qdrant unreachable) until then. Needs no API key."""
    return {"status": "ok", "index_version": service.manifest.version, "models": service.models}


@data_routes.get("/info", tags=["index"], summary="The index manifest and counts")
def info(request: Request) -> dict[str, Any]:
    """What `titlesearch info --json` prints: the active manifest (models, dimensions, corpus,
    creation time), points per vector and per SOC major group, and the versions kept."""
    store = slot_of(request).store  # not the service: this answers while models mismatch
    if store is None:
        raise IndexMissingError("the API is starting: retry in a moment")
    return index_info(store, active_manifest(store))


@data_routes.post("/search", tags=["search"], summary="Nearest indexed titles")
def search(body: SearchBody, request: Request) -> dict[str, Any]:
    """What `titlesearch search --json` prints for the same query and options: hits per model
    (rank, id, score, payload), and their overlap when both models were searched."""
    slot = slot_of(request)
    defaults = slot.settings.search
    limit = defaults.limit if body.limit is None else body.limit
    threshold = defaults.threshold if body.threshold is None else body.threshold
    check_model(body.model), check_threshold(threshold), check_limit(limit)
    title_filter = make_filter(body.code, body.soc, body.group)
    if (body.query is None) == (body.vector is None):
        raise InvalidInputError("give either a query or a vector")
    if body.vector is not None and body.hybrid:
        raise InvalidInputError(
            "hybrid search matches the words of a query and a vector has none: leave hybrid "
            "off, or send the query text"
        )
    options = dict(title_filter=title_filter, threshold=threshold, limit=limit)
    if body.vector is not None:
        return search_by_vector(slot.get(), body.vector, model=body.model, **options).to_dict()
    clean_query(body.query, max_chars=defaults.max_query_chars)  # refuse before the service
    service = slot.get()
    model = BASE if body.model == BOTH and len(service.models) == 1 else body.model
    return service.search(body.query, model=model, hybrid=body.hybrid, **options).to_dict()


@data_routes.post("/classify", tags=["search"], summary="O*NET codes of titles")
def classify(body: ClassifyBody, request: Request) -> dict[str, Any]:
    """One title: what `titlesearch classify TITLE --json` prints (code, confidence, group,
    abstain, alternatives, and the nearest titles that voted). A batch: `{"results": [...]}`,
    one such object per title, in order."""
    if (body.title is None) == (body.titles is None):
        raise InvalidInputError("give either a title or a list of titles")
    if body.model is not None:
        check_vector_name(body.model)
    titles = [body.title] if body.title is not None else body.titles or []
    most = request.app.state.api_settings.max_batch
    if not titles or len(titles) > most:
        raise InvalidInputError(
            f"a batch holds 1 to {most} titles, got {len(titles)}: split it into several "
            "requests, or code a file with `titlesearch classify --input`"
        )
    if body.title is not None:  # as the CLI: one empty title is refused, not abstained
        clean_query(body.title, max_chars=slot_of(request).settings.search.max_query_chars)
    results = service_of(request).classify(
        titles,
        model=body.model,
        top_k=body.top_k,
        hybrid=body.hybrid,
        abstain_below=body.abstain_below,
    )
    if body.title is not None:
        return results[0].to_dict()
    return {"results": [r.to_dict() for r in results]}


@data_routes.get("/occupations/{code}", tags=["taxonomy"], summary="One O*NET occupation")
def occupation(code: str) -> dict[str, Any]:
    """An O*NET 30.0 occupation by code (NN-NNNN.NN): its title, SOC code, major group and
    alternate titles. 422 for a malformed code, 404 for one O*NET does not have."""
    value = validate_onet_code(code)
    found = load_taxonomy().occupations.get(value)
    if found is None:
        raise NotFoundError(
            f"O*NET-SOC code {value} is well-formed but not in O*NET 30.0; check the code "
            "(e.g. 15-1252.00)"
        )
    return {
        "onet_code": found.code,
        "onet_title": found.title,
        "soc_code": found.soc_code,
        "major_group": found.major_group,
        "major_group_name": MAJOR_GROUPS.get(found.major_group),
        "alternate_titles": alternate_titles().get(found.code, []),
    }


@cache
def alternate_titles() -> dict[str, list[str]]:
    """O*NET's alternate titles by code, grouped once per process."""
    grouped: dict[str, dict[str, None]] = {}
    for record in load_taxonomy().alternates:
        grouped.setdefault(record.onet_code, {})[record.title] = None  # ordered, no repeats
    return {code: list(titles) for code, titles in grouped.items()}
