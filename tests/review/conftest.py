"""Review fixtures: a private copy of the small index as TITLESEARCH_HOME (teaching the index
publishes new versions). ``real_batch`` (200 real titles) is in the root conftest."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


@pytest.fixture()
def review_home(small_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    monkeypatch.setenv("TITLESEARCH_HOME", str(home))
    for name in ("QDRANT_URL", "SEARCH_LIMIT", "SEARCH_ABSTAIN_BELOW", "SEARCH_HYBRID"):
        monkeypatch.delenv(f"TITLESEARCH_{name}", raising=False)
    return home
