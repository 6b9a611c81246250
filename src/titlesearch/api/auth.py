"""The optional API key: checked on every data endpoint when ``TITLESEARCH_API_KEY`` is set.

The key travels in the ``X-API-Key`` header and is compared in constant time
(``secrets.compare_digest``), so response times do not tell how much of a guess was right.
"""

from __future__ import annotations

import secrets

from fastapi import Request, Security
from fastapi.security import APIKeyHeader

from titlesearch.api.errors import MissingKeyError, WrongKeyError

HEADER = "X-API-Key"

key_header = APIKeyHeader(
    name=HEADER,
    auto_error=False,  # our own 401/403, in the API's error shape
    description="The server's TITLESEARCH_API_KEY (needed only when it is set).",
)


def require_key(request: Request, sent: str | None = Security(key_header)) -> None:
    """Let the request through when no key is configured or it sent the right one.

    Raises:
        MissingKeyError: a key is configured and the request has no X-API-Key header (401).
        WrongKeyError: the header holds another value (403).
    """
    expected = request.app.state.api_settings.key
    if expected is None:
        return
    if not sent:
        raise MissingKeyError(
            f"this API needs a key: send it in the {HEADER} header "
            "(the TITLESEARCH_API_KEY the server was started with)"
        )
    if not secrets.compare_digest(sent.encode(), expected.get_secret_value().encode()):
        raise WrongKeyError(
            f"the {HEADER} header does not hold this server's key (TITLESEARCH_API_KEY)"
        )
