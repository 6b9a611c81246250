"""A misbehaving stand-in for a Qdrant server on 127.0.0.1, for the server-fault suites.

Each :class:`FakeQdrant` listens on a free loopback port and answers every request the same way
(its ``mode``): refuse the key (401/403), fail (500), answer garbage, stall past the client's
timeout, or drop the connection. It counts requests and keeps the headers it saw, so tests can
check that retries are bounded and that secrets travel only in the ``api-key`` header.
Only loopback addresses are ever used; every wait is bounded.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

MODES = ("401", "403", "500", "garbage", "echo", "stall", "trickle", "drop")
STALL_CAP_S = 10.0  # a stalled answer never outlives the test by more than this


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass

    def _answer(self) -> None:
        fake = self.server.fake
        length = int(self.headers.get("content-length") or 0)
        if length:
            self.rfile.read(length)
        with fake.lock:
            fake.requests.append((self.command, self.path, dict(self.headers)))
        if fake.mode == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if fake.mode == "stall":
            fake.release.wait(STALL_CAP_S)
            if fake.release.is_set():
                return
        if fake.mode == "trickle":  # headers at once, then a byte every 0.3 s: no read times out
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", "1000")
            self.end_headers()
            started = time.monotonic()
            while not fake.release.wait(0.3) and time.monotonic() - started < STALL_CAP_S:
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:  # the client gave up: as it should
                    return
            return
        status, body = 200, b"<html>this is not Qdrant</html>"
        if fake.mode in ("401", "403"):
            status = int(fake.mode)
            body = json.dumps({"status": {"error": "Must provide an API key"}}).encode()
        elif fake.mode in ("500", "echo"):
            status = 500
            # "echo" plays a badly configured proxy that reflects the request in its error page.
            seen = dict(self.headers) if fake.mode == "echo" else {}
            body = json.dumps({"status": {"error": f"internal error; request {seen}"}}).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _answer


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    fake: FakeQdrant


class FakeQdrant:
    """A loopback HTTP server that answers like a broken Qdrant. Use as a context manager.

    Args:
        mode: One of :data:`MODES`.
    """

    def __init__(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode {mode!r} is not one of {MODES}")
        self.mode = mode
        self.lock = threading.Lock()
        self.release = threading.Event()
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> FakeQdrant:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


def closed_port_url() -> str:
    """A loopback URL where nothing listens: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


class BlackHole:
    """A loopback port that accepts TCP connections (kernel backlog) but never answers."""

    def __init__(self) -> None:
        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"

    def __enter__(self) -> BlackHole:
        return self

    def __exit__(self, *exc: object) -> None:
        self._sock.close()
