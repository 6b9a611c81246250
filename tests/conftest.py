"""Shared fixtures: one real MiniLM model per session, and a small real index built once."""

from __future__ import annotations

import copy
import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
# The suites about stores, ingest and the UI use PyTorch encoders (the session's model is
# loaded once); tests/unit/test_onnx_backend.py covers the ONNX backends and the default.
os.environ.setdefault("TITLESEARCH_ENCODER_BACKEND", "torch")

SMALL_INDEX_TITLES = 400


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def quick_model(models_dir: Path):
    from titlesearch.encoders import resolve_model

    return resolve_model("quick", models_dir)


@pytest.fixture(scope="session")
def base_encoder(quick_model):
    """The real all-MiniLM-L6-v2, loaded once; tests must not modify it."""
    from titlesearch.encoders import build_encoder

    return build_encoder(quick_model, device="cpu", batch_size=64)


@pytest.fixture(scope="session")
def minilm_session(base_encoder):
    """The session's one loaded all-MiniLM-L6-v2 SentenceTransformer (the base encoder's).

    Never modify it: a test that trains or attaches an adapter takes :func:`minilm_model`, or
    ``copy.deepcopy`` of this one in a wider-scoped fixture.
    """
    return base_encoder.model


@pytest.fixture
def minilm_model(minilm_session):
    """A private copy of the session's MiniLM, free to train (cheaper than loading it again)."""
    return copy.deepcopy(minilm_session)


@pytest.fixture(scope="session")
def small_corpus():
    """A spread sample of the O*NET corpus, plus every title of two well-known codes."""
    from titlesearch.ingest.corpus import build_corpus, record_id
    from titlesearch.taxonomy import load_taxonomy

    corpus = build_corpus(load_taxonomy())
    wanted = {"15-1252.00", "29-1141.00"}
    picked = [r for r in corpus if r.onet_code in wanted]
    rest = sorted((r for r in corpus if r.onet_code not in wanted), key=record_id)
    return picked + rest[: SMALL_INDEX_TITLES - len(picked)]


@pytest.fixture(scope="session")
def small_home(tmp_path_factory: pytest.TempPathFactory, base_encoder, small_corpus) -> Path:
    """A TITLESEARCH_HOME holding a published base-only Edge index of the small corpus."""
    from titlesearch.ingest.build import build_index
    from titlesearch.store.edge import EdgeStore

    home = tmp_path_factory.mktemp("home")
    with EdgeStore(home / "index", "job_titles") as store:
        build_index(store, small_corpus, base_encoder, None, progress=False)
    return home


@pytest.fixture()
def small_home_env(small_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The small index as TITLESEARCH_HOME, with the settings that change answers unset."""
    monkeypatch.setenv("TITLESEARCH_HOME", str(small_home))
    for name in ("QDRANT_URL", "LIMIT", "THRESHOLD", "ABSTAIN_BELOW", "HYBRID", "EXPAND"):
        name = name if name == "QDRANT_URL" else f"SEARCH_{name}"
        monkeypatch.delenv(f"TITLESEARCH_{name}", raising=False)
    return small_home


@pytest.fixture(scope="session")
def random_adapter(tmp_path_factory: pytest.TempPathFactory, quick_model) -> Path:
    """A LoRA adapter with random weights for the quick model: a 'tuned' model, untrained."""
    import importlib.util

    path = Path(__file__).parent / "reliability" / "lora_adapters.py"
    spec = importlib.util.spec_from_file_location("_lora_adapters_root", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    target = tmp_path_factory.mktemp("adapter") / "lora-random"
    return module.make_adapter(quick_model.path, target, seed=7, base_sha256=quick_model.sha256)


def dev_set(name: str) -> Path | None:
    """A development set of ``../shared/data/dev`` (read, never copied into the project):
    ``TITLESEARCH_DEV_DIR`` if set, else beside the checkout, else the workspace's copy."""
    import os

    for folder in (
        os.environ.get("TITLESEARCH_DEV_DIR"),
        Path(__file__).resolve().parents[2] / "shared" / "data" / "dev",
        "/work/shared/data/dev",
    ):
        if folder and (Path(folder) / name).is_file():
            return Path(folder) / name
    return None


@pytest.fixture(scope="session")
def real_batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """200 real vacancy titles (every 40th row of the real dev set: many employers and kinds)
    as a one-column CSV, and each title's acceptable codes (``;``-joined)."""
    import pandas as pd

    source = dev_set("real_vacancy_dev.csv")
    if source is None:
        pytest.skip("needs real_vacancy_dev.csv (../shared/data/dev or TITLESEARCH_DEV_DIR)")
    frame = pd.read_csv(source, dtype=str, keep_default_na=False).iloc[::40].head(200)
    path = tmp_path_factory.mktemp("batch") / "batch.csv"
    frame[["title"]].to_csv(path, index=False)
    return path, dict(zip(frame["title"], frame["onet_soc_codes"], strict=True))
