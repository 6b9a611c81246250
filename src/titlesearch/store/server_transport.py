"""An httpx transport that bounds a whole request, body included, by one deadline.

httpx's timeouts apply to each network operation: a server (or proxy) that sends headers and
then trickles a byte a second never trips the read timeout, and a search would wait for
minutes. This transport gives each request ``total`` seconds from sending to the last byte
of the answer, and raises httpx's own ``ReadTimeout`` when that passes.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import httpx


class _DeadlineStream(httpx.SyncByteStream):
    """The response body, read until the request's deadline and no longer."""

    def __init__(self, stream: httpx.SyncByteStream, request: httpx.Request, deadline: float):
        self._stream, self._request, self._deadline = stream, request, deadline

    def __iter__(self) -> Iterator[bytes]:
        for chunk in self._stream:
            if time.monotonic() > self._deadline:
                raise httpx.ReadTimeout(
                    "the answer took longer than allowed", request=self._request
                )
            yield chunk

    def close(self) -> None:
        self._stream.close()


class DeadlineTransport(httpx.HTTPTransport):
    """``httpx.HTTPTransport`` whose requests each end within ``total`` seconds.

    Args:
        total: Seconds from sending a request to receiving the last byte of its answer.
        **options: Passed to ``httpx.HTTPTransport`` (TLS, limits, http2, ...).
    """

    def __init__(self, total: float, **options: object) -> None:
        super().__init__(**options)  # type: ignore[arg-type]
        self.total = total

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        deadline = time.monotonic() + self.total
        response = super().handle_request(request)
        if time.monotonic() > deadline:
            response.close()
            raise httpx.ReadTimeout("the answer took longer than allowed", request=request)
        response.stream = _DeadlineStream(response.stream, request, deadline)  # type: ignore[arg-type]
        return response
