"""What a Qdrant server (or qdrant-client) error means to a user, in one sentence.

:class:`ServerErrors` wraps every call of :class:`~titlesearch.store.server.ServerStore`:
unreachable, too slow, bad API key, missing index, refused request, or an answer that is not
Qdrant's each become one of our errors naming the fix. The API key is scrubbed from any text
a server or proxy echoes back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from urllib.parse import quote, urlsplit

import httpx
from pydantic import SecretStr
from qdrant_client.http.exceptions import ResponseHandlingException, UnexpectedResponse

from titlesearch.errors import IndexMissingError, InvalidInputError, StoreError, TitlesearchError


def display_url(url: str) -> str:
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


class ServerErrors:
    """Translates client errors of one store; calling it gives the context manager.

    Args:
        url: The server URL (shown without credentials).
        collection: The collection alias, for "missing index" messages.
        timeout: Whole seconds per request, as qdrant-client applies them.
        key: The API key, only to scrub it from error text.
        local: qdrant-client's local mode, which reports everything as ValueError.
        serial: Held around each call (a lock in local mode, whose state has none).
    """

    def __init__(
        self,
        url: str,
        collection: str,
        timeout: float,
        key: SecretStr,
        local: bool,
        serial: AbstractContextManager[object],
    ) -> None:
        self.url, self.collection, self.timeout = url, collection, timeout
        self._key, self._local, self._serial = key, local, serial

    @contextmanager
    def __call__(self, missing: str | None = None) -> Iterator[None]:
        """Translate client errors once: unreachable, bad key, missing index, bad input.

        Args:
            missing: The version this call needs (``""`` for the active one): a "not found"
                then becomes :class:`IndexMissingError` instead of a generic StoreError.
        """
        where = f"the Qdrant server at {display_url(self.url)}"
        try:
            with self._serial:
                yield
        except TitlesearchError:
            raise
        except UnexpectedResponse as exc:
            detail = self.scrub(_server_detail(exc))
            if exc.status_code in (401, 403):
                raise StoreError(
                    f"{where} rejected the API key; set TITLESEARCH_QDRANT_API_KEY"
                ) from None
            if exc.status_code == 404 and missing is not None and "doesn't exist" in detail:
                raise self.missing(missing) from None
            if exc.status_code in (400, 422):
                raise InvalidInputError(f"{where} refused the request: {detail}") from None
            raise StoreError(f"{where} answered {exc.status_code}: {detail}") from None
        except (ResponseHandlingException, httpx.HTTPError, OSError) as exc:
            cause = getattr(exc, "source", exc)  # ResponseHandlingException wraps httpx's error
            if isinstance(cause, httpx.TimeoutException):
                raise StoreError(
                    f"{where} did not answer within {self.timeout:g} s; check that it runs and "
                    "is not overloaded, or raise TITLESEARCH_QDRANT_TIMEOUT"
                ) from None
            if not isinstance(cause, httpx.HTTPError | OSError):  # the answer was not Qdrant's
                raise self._not_qdrant(where, cause) from None
            raise StoreError(
                f"cannot reach {where} ({type(cause).__name__}: {self.scrub(str(cause))}); check "
                "that the server runs (`docker compose up qdrant`), TITLESEARCH_QDRANT_URL, and "
                "the network"
            ) from None
        except ValueError as exc:  # local mode reports everything as ValueError
            if not self._local:  # a server answering non-JSON or an unexpected schema
                raise self._not_qdrant(where, exc) from None
            if missing is not None and "not found" in str(exc) and "Collection" in str(exc):
                raise self.missing(missing) from None
            raise InvalidInputError(f"Qdrant refused the request: {exc}") from None

    def scrub(self, text: str) -> str:
        """``text`` with every form of the API key masked: raw, escaped as repr or JSON
        would, and URL-encoded (a misconfigured proxy may echo request headers)."""
        key = self._key.get_secret_value()
        if not key:
            return text
        forms = {key, repr(key)[1:-1], json.dumps(key)[1:-1], quote(key, safe=""), quote(key)}
        for form in sorted(forms, key=len, reverse=True):
            text = text.replace(form, "***")
        return text

    def _not_qdrant(self, where: str, exc: BaseException) -> StoreError:
        detail = self.scrub(str(exc))[:200]
        return StoreError(
            f"{where} did not answer like a Qdrant server ({type(exc).__name__}: {detail}); check "
            "that TITLESEARCH_QDRANT_URL points at Qdrant's REST port (usually 6333)"
        )

    def missing(self, version: str) -> IndexMissingError:
        """The error for a version (``""``: the active index) the server does not hold."""
        where = f"on the Qdrant server at {display_url(self.url)}"
        if not version:
            return IndexMissingError(
                f"no index '{self.collection}' {where}; run `titlesearch ingest` first"
            )
        return IndexMissingError(
            f"version '{version}' of '{self.collection}' does not exist {where}; "
            "run `titlesearch ingest` to build it"
        )
