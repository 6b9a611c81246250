"""A real ``titlesearch serve`` process on a free loopback port over a copy of the small index,
queried over HTTP with httpx: it prints where it listens, serves the key-protected endpoints,
and stops on SIGTERM."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

import titlesearch

KEY = "ts-serve-test-key-0b5d"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_health(url: str, process: subprocess.Popen, timeout: float = 120) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"`titlesearch serve` exited early with {process.returncode}")
        with contextlib.suppress(httpx.TransportError):
            reply = httpx.get(f"{url}/health", timeout=2)
            if reply.status_code == 200:
                return reply
        time.sleep(0.5)
    raise AssertionError(f"`titlesearch serve` did not answer at {url} within {timeout}s")


def test_serve_subprocess(small_home: Path, tmp_path: Path):
    home = tmp_path / "home"  # a copy: the server must not write into the shared fixture
    shutil.copytree(small_home, home)
    port = free_port()
    src = Path(titlesearch.__file__).resolve().parents[1]  # this checkout's code, not another
    env = {k: v for k, v in os.environ.items() if not k.startswith("TITLESEARCH_")}
    env |= {"TITLESEARCH_API_KEY": KEY, "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    out, err = tmp_path / "stdout.txt", tmp_path / "stderr.txt"
    command = [sys.executable, "-m", "titlesearch", "serve", "--port", str(port)]
    with out.open("w") as stdout, err.open("w") as stderr:
        process = subprocess.Popen(
            [*command, "--home", str(home)],
            env=env,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,  # its own process group: nothing it starts outlives us
        )
    url = f"http://127.0.0.1:{port}"
    try:
        health = wait_for_health(url, process)
        assert health.json()["models"] == ["base"]
        with httpx.Client(base_url=url, timeout=30, headers={"X-API-Key": KEY}) as client:
            found = client.post("/search", json={"query": "registered nurse", "limit": 3})
            assert found.status_code == 200, found.text
            assert found.json()["results"]["base"][0]["onet_code"].startswith("29-")
            coded = client.post("/classify", json={"titles": ["barista", "ICU nurse"]})
            assert [r["query"] for r in coded.json()["results"]] == ["barista", "ICU nurse"]
        refused = httpx.post(f"{url}/search", json={"query": "nurse"}, timeout=30)
        assert refused.status_code == 401
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    printed, logged = out.read_text(), err.read_text()
    assert f"titlesearch API on {url}  (docs: {url}/docs; index in {home})" in printed, printed
    assert "Application shutdown complete" in logged and "API stopped" in logged, logged
    assert KEY not in printed + logged
