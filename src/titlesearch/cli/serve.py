"""The ``serve`` command: the REST API (FastAPI under uvicorn) over the current index."""

from __future__ import annotations

import signal
from typing import Annotated

import typer

from titlesearch.cli.common import (
    HomeOption,
    ProfileOption,
    err_console,
    guarded,
    load_settings,
    out_console,
    quiet,
)
from titlesearch.cli.index import AdapterOption
from titlesearch.cli.ui import port_in_use
from titlesearch.errors import InvalidInputError

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def base_url(host: str, port: int) -> str:
    """The URL to reach ``host:port`` from this machine (loopback for a wildcard address)."""
    shown = {"0.0.0.0": "127.0.0.1", "::": "::1", "": "127.0.0.1"}.get(host, host)
    return f"http://[{shown}]:{port}" if ":" in shown else f"http://{shown}:{port}"


@guarded
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on (0.0.0.0: every interface).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    adapter: AdapterOption = None,
    profile: ProfileOption = None,
    home: HomeOption = None,
) -> None:
    """Serve the REST API (search, classify, occupations; docs at /docs) until Ctrl-C.

    Set TITLESEARCH_API_KEY to require that key in every request's X-API-Key header.
    """
    import uvicorn

    from titlesearch.api.app import create_app
    from titlesearch.api.settings import load_api_settings
    from titlesearch.api.slot import RETRY_EVERY, TRANSIENT, ServiceSlot

    settings = load_settings(home, profile)
    api_settings = load_api_settings()
    if port_in_use(host, port):
        raise InvalidInputError(
            f"port {port} on {host} is already in use (another server?): pick a free one with "
            f"--port, e.g. --port {port + 1}"
        )
    slot = ServiceSlot(settings, adapter=adapter, requested_base=profile)
    error = slot.start()  # load the models before listening: the first request is not slow
    if error is not None and not isinstance(error, TRANSIENT):
        slot.close()
        raise error
    if error is not None and not quiet():
        err_console.print(
            f"note: {error}; the API answers 503 until that is fixed (it retries every "
            f"{RETRY_EVERY:g} s)",
            soft_wrap=True,
        )
    if host not in LOOPBACK and api_settings.key is None and not quiet():
        err_console.print(
            f"note: listening on {host} without an API key: anyone who can reach this port can "
            "query the index; set TITLESEARCH_API_KEY to require one",
            soft_wrap=True,
        )
    url = base_url(host, port)
    where = "on the Qdrant server" if settings.qdrant.is_server else f"in {settings.home.home}"
    out_console.print(
        f"titlesearch API on {url}  (docs: {url}/docs; index {where})", soft_wrap=True
    )
    # uvicorn stops gracefully on SIGINT/SIGTERM, then re-raises the signal to the handler it
    # found: ours makes SIGTERM (docker stop, kill) a KeyboardInterrupt, which uvicorn.run
    # swallows as it does Ctrl-C's, so both end with status 0.
    previous = signal.signal(signal.SIGTERM, _stop)
    try:
        uvicorn.run(
            create_app(slot, api_settings),
            host=host,
            port=port,
            log_level="warning" if quiet() else "info",
            server_header=False,
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    if not quiet():
        err_console.print("API stopped")


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
