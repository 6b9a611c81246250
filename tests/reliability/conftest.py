"""Fixtures of the reliability suites: private copies of the small index, LoRA adapters made
without training, and an environment cleared of any developer's server settings.

These suites run in `make test` (CI) against the embedded store and qdrant-client's local mode;
the Qdrant container versions of the same promises live in tests/integration.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from harness import SERVER_VARS
from lora_adapters import make_adapter


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No developer setting (a server URL, a key, a profile) may leak into these tests."""
    for name in SERVER_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def home(small_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the small published index, set as TITLESEARCH_HOME."""
    copy = tmp_path / "home"
    shutil.copytree(small_home, copy)
    monkeypatch.setenv("TITLESEARCH_HOME", str(copy))
    return copy


@pytest.fixture(scope="session")
def adapters(tmp_path_factory: pytest.TempPathFactory, quick_model) -> list[Path]:
    """Three distinct random adapters for the quick model (runs ``lora-a``, ``-b``, ``-c``)."""
    root, model = tmp_path_factory.mktemp("adapters"), quick_model.path
    return [
        make_adapter(model, root / f"lora-{name}", seed=seed, base_sha256=quick_model.sha256)
        for seed, name in enumerate("abc", start=1)
    ]
