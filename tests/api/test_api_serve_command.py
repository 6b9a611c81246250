"""``titlesearch serve`` refuses what it cannot serve before it listens, in one line: a busy
port, an API key no header can carry, an adapter that is not one; and it names loopback URLs
right for wildcard and IPv6 addresses."""

from __future__ import annotations

import socket

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app
from titlesearch.cli.serve import base_url


def serve(*args: str):
    return CliRunner().invoke(app, ["serve", *args])


def one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    for needle in needles:
        assert needle in lines[0], lines[0]


def test_busy_port(small_home):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = serve("--home", str(small_home), "--port", str(port))
    one_line_error(result, f"port {port} on 127.0.0.1 is already in use", "--port")


def test_key_a_header_cannot_carry(small_home, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_API_KEY", "two words")
    one_line_error(serve("--home", str(small_home)), "TITLESEARCH_API_KEY")
    assert "two words" not in serve("--home", str(small_home)).output


def test_adapter_that_is_not_one(small_home, tmp_path):
    result = serve("--home", str(small_home), "--adapter", str(tmp_path))
    one_line_error(result, "is not a LoRA adapter directory")


@pytest.mark.parametrize(
    ("host", "url"),
    [
        ("127.0.0.1", "http://127.0.0.1:8000"),
        ("0.0.0.0", "http://127.0.0.1:8000"),
        ("::", "http://[::1]:8000"),
        ("api.example.org", "http://api.example.org:8000"),
    ],
)
def test_base_url(host, url):
    assert base_url(host, 8000) == url
