"""The request body limit: a body over ``max_bytes`` is refused with 413 before it is parsed.

A declared ``Content-Length`` over the limit is refused without reading the body; a chunked
body is counted as it arrives and refused at the first byte over. Implemented as plain ASGI
middleware, so it works the same on every FastAPI/Starlette version.
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from titlesearch.errors import error_dict


class BodyTooLarge(Exception):
    """Raised from ``receive`` to stop the app reading a body over the limit."""


class BodyLimit:
    """ASGI middleware refusing request bodies over ``max_bytes`` with 413 (the JSON error)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received, over, started = 0, False, False

        async def counted() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    over = True
                    raise BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            # Once the body was cut, whatever the app answers (its own 400 for a body it could
            # not read) is replaced by the 413.
            nonlocal started
            if over:
                if message["type"] == "http.response.start" and not started:
                    started = True
                    await self._refuse(send)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started:
                await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        message = (
            f"the request body is over {self.max_bytes:,} bytes "
            "(TITLESEARCH_API_MAX_BODY_BYTES): send fewer titles per request"
        )
        body = json.dumps(error_dict("content_too_large", message)).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": body})
