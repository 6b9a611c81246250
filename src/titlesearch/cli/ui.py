"""The ``ui`` command: run the Streamlit app (``titlesearch/ui/app.py``) as a subprocess."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from titlesearch.cli.common import HomeOption, err_console, guarded, load_settings, out_console
from titlesearch.errors import InvalidInputError

APP_SCRIPT = Path(__file__).resolve().parents[1] / "ui" / "app.py"


def port_in_use(host: str, port: int) -> bool:
    """Whether ``host:port`` cannot be bound now (another server listens there).

    SO_REUSEADDR, as servers set it: connections of a stopped server lingering in TIME_WAIT
    do not make the port busy.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def streamlit_command(host: str, port: int) -> list[str]:
    """``streamlit run`` with every option on the command line: a ``.streamlit/config.toml``
    is read from the current directory only, so the app must not depend on one."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.port",
        str(port),
        "--server.address",
        host,
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "minimal",
    ]


@guarded
def ui(
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to serve on.")] = 8501,
    host: Annotated[str, typer.Option(help="Address to listen on (0.0.0.0: all).")] = "127.0.0.1",
    home: HomeOption = None,
) -> None:
    """Open the Streamlit UI over the current index (Ctrl-C stops it)."""
    settings = load_settings(home)
    if port_in_use(host, port):
        raise InvalidInputError(
            f"port {port} on {host} is already in use (another UI or server?): "
            f"pick a free one with --port, e.g. --port {port + 1}"
        )
    env = {**os.environ, "TITLESEARCH_HOME": str(settings.home.home)}
    shown = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host
    out_console.print(f"titlesearch UI: http://{shown}:{port}  (index in {settings.home.home})")
    process = subprocess.Popen(streamlit_command(host, port), env=env)
    previous = signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the server as Ctrl-C does
    try:
        code = process.wait()
    except KeyboardInterrupt:
        stop_server(process)
        err_console.print("UI stopped")
        return
    finally:
        signal.signal(signal.SIGTERM, previous)
    if code != 0:
        raise typer.Exit(code)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def stop_server(process: subprocess.Popen, timeout: float = 10) -> None:
    """Stop Streamlit with SIGINT (it ignores SIGTERM while serving), then kill if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
