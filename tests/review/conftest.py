"""Review fixtures: a private copy of the small index as TITLESEARCH_HOME (teaching the index
publishes new versions), and 200 real vacancy titles with their acceptable codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

REAL_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "dev" / "real_vacancy_dev.csv"


@pytest.fixture()
def review_home(small_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    shutil.copytree(small_home, home)
    monkeypatch.setenv("TITLESEARCH_HOME", str(home))
    for name in ("QDRANT_URL", "SEARCH_LIMIT", "SEARCH_ABSTAIN_BELOW", "SEARCH_HYBRID"):
        monkeypatch.delenv(f"TITLESEARCH_{name}", raising=False)
    return home


@pytest.fixture(scope="session")
def real_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 real titles (every 40th row of the real dev set: many employers and kinds)."""
    if not REAL_DEV.is_file():
        pytest.skip(f"needs the dev set at {REAL_DEV}")
    frame = pd.read_csv(REAL_DEV, dtype=str, keep_default_na=False).iloc[::40].head(200)
    path = tmp_path_factory.mktemp("batch") / "batch.csv"
    frame.to_csv(path, index=False)
    return path
