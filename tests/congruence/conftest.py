"""Fixtures of the congruence suite: one fresh store per engine, or both engines loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from store_data import ENGINES, POINTS, fill, make_store

from titlesearch.store.base import TitleStore


@pytest.fixture(params=ENGINES)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[TitleStore]:
    """An empty store of each engine in turn."""
    with make_store(request.param, tmp_path) as opened:
        yield opened


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, TitleStore]]:
    """Both engines holding POINTS as published version v1 (read-only tests share them)."""
    stores = {e: make_store(e, tmp_path_factory.mktemp(e)) for e in ENGINES}
    for opened in stores.values():
        fill(opened, "v1", POINTS)
    yield stores
    for opened in stores.values():
        opened.close()


@pytest.fixture(params=ENGINES)
def loaded(request: pytest.FixtureRequest, built: dict[str, TitleStore]) -> TitleStore:
    """Each loaded engine in turn (for checks of one engine's answer against the data)."""
    return built[request.param]
