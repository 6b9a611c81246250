"""Fixtures of the reliability suites: private copies of the small index, LoRA adapters made
without training, and an environment cleared of any developer's server settings.

These suites run in `make test` (CI) against the embedded store and qdrant-client's local mode;
the Qdrant container versions of the same promises live in tests/integration.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from harness import SERVER_VARS


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


def make_adapter(model_dir: Path, target: Path, *, seed: int, base_sha256: str) -> Path:
    """Save a LoRA adapter with random (non-zero) weights: a 'tuned' model without training.

    ``init_lora_weights=False`` draws both LoRA matrices at random, so the merged model's
    vectors really differ from the base model's, as a trained adapter's would.
    """
    import torch
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModel

    torch.manual_seed(seed)
    model = AutoModel.from_pretrained(str(model_dir))
    config = LoraConfig(r=4, target_modules=["query", "value"], init_lora_weights=False)
    get_peft_model(model, config).save_pretrained(str(target))
    meta = {
        "run_id": target.name,
        "base_model": "sentence-transformers/all-MiniLM-L6-v2",
        "base_sha256": base_sha256,
    }
    (target / "titlesearch_adapter.json").write_text(json.dumps(meta))
    return target


@pytest.fixture(scope="session")
def adapters(tmp_path_factory: pytest.TempPathFactory, quick_model) -> list[Path]:
    """Three distinct random adapters for the quick model (runs ``lora-a``, ``-b``, ``-c``)."""
    root, model = tmp_path_factory.mktemp("adapters"), quick_model.path
    return [
        make_adapter(model, root / f"lora-{name}", seed=seed, base_sha256=quick_model.sha256)
        for seed, name in enumerate("abc", start=1)
    ]
