"""REST API fixtures: the API over the session's small real index, as a FastAPI TestClient.

The service is opened once per session (real MiniLM, real Qdrant Edge) and shared by every
client, as one API process shares it between requests; a client is cheap, so each test builds
its own with the API settings it needs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from titlesearch.api.app import create_app
from titlesearch.api.settings import ApiSettings
from titlesearch.api.slot import ServiceSlot
from titlesearch.config import AppSettings


def settings_for(home: Path) -> AppSettings:
    """Settings of ``home`` with every other ``TITLESEARCH_*`` variable at its default."""
    with pytest.MonkeyPatch.context() as patch:
        for name in [n for n in os.environ if n.startswith("TITLESEARCH_")]:
            patch.delenv(name)
        return AppSettings.load(home)


@pytest.fixture
def settings_of() -> Callable[[Path], AppSettings]:
    """``settings_of(home)``: settings of another home, other variables at their defaults."""
    return settings_for


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No developer setting (a server URL, a key, search defaults) leaks into these tests."""
    for name in [n for n in os.environ if n.startswith("TITLESEARCH_")]:
        monkeypatch.delenv(name)


@pytest.fixture(scope="session")
def api_slot(small_home: Path) -> Iterator[ServiceSlot]:
    """The API's service over the small index (base vectors only), opened once."""
    slot = ServiceSlot(settings_for(small_home))
    assert slot.start() is None
    yield slot
    slot.close()


@pytest.fixture
def make_client(api_slot: ServiceSlot) -> Callable[..., TestClient]:
    """``make_client(**api_settings)``: a client of the API over the small index. Not entered
    as a context manager, so the shared slot stays open (the lifespan test opens its own)."""

    def make(**options: object) -> TestClient:
        return TestClient(create_app(api_slot, ApiSettings(**options)))

    return make


@pytest.fixture
def client(make_client) -> TestClient:
    """A client of the API without a key, with the default limits."""
    return make_client()
