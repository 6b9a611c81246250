"""HTTP errors of the REST API: our errors to status codes, every error as one JSON shape.

Every error body is the CLI's ``--json`` error object, ``{"error": {"code", "message"}}``, with
the same message the CLI prints; bad input is a 4xx, never a 500. Nothing here echoes request
headers, so an API key never appears in a response.
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from titlesearch.errors import (
    DataFileError,
    IndexMissingError,
    InvalidInputError,
    ModelError,
    ModelMismatchError,
    StorageFullError,
    StoreError,
    TitlesearchError,
    error_dict,
)

log = logging.getLogger(__name__)


class MissingKeyError(TitlesearchError):
    """The API needs a key and the request sent none."""

    code = "unauthorized"


class WrongKeyError(TitlesearchError):
    """The request's key is not the API's."""

    code = "forbidden"


class NotFoundError(TitlesearchError):
    """A well-formed name (an O*NET code) that does not exist."""

    code = "not_found"


STATUS: dict[type[TitlesearchError], int] = {
    InvalidInputError: 422,
    DataFileError: 422,
    MissingKeyError: 401,
    WrongKeyError: 403,
    NotFoundError: 404,
    ModelMismatchError: 409,
    IndexMissingError: 503,  # nothing published yet: the API serves once an ingest finishes
    StoreError: 503,  # the Qdrant server is unreachable or refuses
    ModelError: 503,
    StorageFullError: 507,
}


def status_of(exc: TitlesearchError) -> int:
    """The HTTP status of one of our errors: its nearest class in :data:`STATUS`, else 400."""
    return next((STATUS[k] for k in type(exc).__mro__ if k in STATUS), 400)


def error_response(status: int, code: str, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "APIKey"} if status == 401 else None
    return JSONResponse(error_dict(code, message), status_code=status, headers=headers)


def validation_message(errors: list[Any]) -> tuple[int, str]:
    """One readable line (and 400 or 422) from FastAPI's validation errors: field, then what."""
    for error in errors:
        if error.get("type") == "json_invalid":
            reason = error.get("ctx", {}).get("error", "malformed")
            return 400, f"the request body is not valid JSON ({reason}); send a JSON object"
    parts = []
    for error in errors:
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body")
        message = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        if error.get("type") == "missing" and not where:
            message = "the request needs a JSON object body"
        parts.append(f"{where}: {message}" if where else message)
    return 422, "; ".join(parts)


async def _ours(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, TitlesearchError)
    return error_response(status_of(exc), exc.code, str(exc))


async def _invalid(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    status, message = validation_message(list(exc.errors()))
    return error_response(status, "invalid_input", message)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    try:
        phrase = HTTPStatus(exc.status_code).phrase
    except ValueError:
        phrase = "error"
    code = phrase.lower().replace(" ", "_").replace("-", "_")
    detail = exc.detail if isinstance(exc.detail, str) else phrase
    if exc.status_code == 404:
        detail = f"no endpoint {request.url.path}; see /docs for the endpoints"
    elif exc.status_code == 405:
        detail = f"{request.method} is not allowed on {request.url.path}; see /docs"
    return error_response(exc.status_code, code, detail)


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal", "internal error: see the server's log")


def install_error_handlers(app: FastAPI) -> None:
    """Answer every error of ``app`` with the JSON error shape and its status."""
    app.add_exception_handler(TitlesearchError, _ours)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)
    app.add_exception_handler(Exception, _unexpected)
