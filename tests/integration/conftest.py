"""Qdrant server containers for the integration tests, one per session, pinned image.

Every fixture here skips (with the reason) when no Docker engine answers, so the suite
stays green on machines without Docker; CI with Docker runs them for real.

Where Qdrant runs but Docker does not (a CI service container, a local binary), point the
suite at it instead: ``TITLESEARCH_TEST_QDRANT_URL`` (an open server) and, for the API-key
tests, ``TITLESEARCH_TEST_QDRANT_SECURED_URL`` with ``TITLESEARCH_TEST_QDRANT_API_KEY``.
Tests use collections with random names and drop nothing else.
"""

from __future__ import annotations

import importlib.util
import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

QDRANT_IMAGE = "qdrant/qdrant:v1.16.3"  # pinned: the server version the README promises
API_KEY = "integration-test-key-0123456789"
READY_TIMEOUT_S = 60.0


def _require_docker() -> None:
    """Skip the calling test unless a Docker engine answers a ping."""
    try:
        import docker

        docker.from_env().ping()
    except Exception as exc:
        pytest.skip(
            f"no Docker engine answers ({type(exc).__name__}: {exc}); "
            f"the {QDRANT_IMAGE} container tests need one (or {EXTERNAL_URL} set to a "
            "running Qdrant)"
        )


def _wait_ready(url: str, api_key: str | None) -> None:
    """Poll ``/readyz`` until the server serves requests (the log line comes a bit earlier)."""
    headers = {"api-key": api_key} if api_key else {}
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", headers=headers, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{QDRANT_IMAGE} at {url} was not ready within {READY_TIMEOUT_S:.0f} s")


def _start(api_key: str | None) -> Iterator[str]:
    _require_docker()
    try:
        from testcontainers.community.qdrant import QdrantContainer
    except ImportError:  # older testcontainers: a plain container with the REST port
        from testcontainers.core.container import DockerContainer

        container = DockerContainer(QDRANT_IMAGE).with_exposed_ports(6333)
        if api_key:
            container.with_env("QDRANT__SERVICE__API_KEY", api_key)
        port = 6333
    else:
        container = QdrantContainer(QDRANT_IMAGE, api_key=api_key)
        port = 6333
    with container:
        url = f"http://{container.get_container_host_ip()}:{container.get_exposed_port(port)}"
        _wait_ready(url, api_key)
        yield url


EXTERNAL_URL = "TITLESEARCH_TEST_QDRANT_URL"
EXTERNAL_SECURED_URL = "TITLESEARCH_TEST_QDRANT_SECURED_URL"
EXTERNAL_KEY = "TITLESEARCH_TEST_QDRANT_API_KEY"


def _external(variable: str, api_key: str | None) -> str | None:
    """The server named by ``variable``, once ready, or None when the variable is unset."""
    url = os.environ.get(variable, "").rstrip("/")
    if url:
        _wait_ready(url, api_key)
    return url or None


@pytest.fixture(scope="session")
def qdrant_url() -> Iterator[str]:
    """URL of a Qdrant server without authentication."""
    url = _external(EXTERNAL_URL, None)
    if url:
        yield url
    else:
        yield from _start(None)


@pytest.fixture(scope="session")
def qdrant_api_key() -> str:
    """The key :func:`secured_qdrant_url`'s server requires."""
    return os.environ.get(EXTERNAL_KEY) or API_KEY


@pytest.fixture(scope="session")
def secured_qdrant_url(qdrant_api_key: str) -> Iterator[str]:
    """URL of a Qdrant server that requires :func:`qdrant_api_key`."""
    url = _external(EXTERNAL_SECURED_URL, qdrant_api_key)
    if url:
        yield url
    else:
        yield from _start(qdrant_api_key)


@pytest.fixture(scope="session")
def adapters(tmp_path_factory: pytest.TempPathFactory, quick_model) -> list[Path]:
    """Two random LoRA adapters for the quick model (runs ``lora-a``, ``lora-b``)."""
    path = Path(__file__).parents[1] / "reliability" / "lora_adapters.py"
    spec = importlib.util.spec_from_file_location("_lora_adapters", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    root = tmp_path_factory.mktemp("adapters")
    return [
        module.make_adapter(
            quick_model.path, root / f"lora-{name}", seed=seed, base_sha256=quick_model.sha256
        )
        for seed, name in enumerate("ab", start=1)
    ]
