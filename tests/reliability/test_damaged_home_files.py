"""Damaged files under home that are not the index: the embedding cache, the memo of verified
weights, a LoRA adapter's files, and inputs that are not regular files. Each either recovers
on its own (a cache, a memo: derived data) or is one clear line, never a traceback.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from harness import assert_one_line_error, invoke

from titlesearch.encoders import EmbeddingCache, read_adapter, resolve_model
from titlesearch.encoders.encoder import ADAPTER_META
from titlesearch.errors import ModelError


def test_garbled_embedding_cache_is_moved_aside_and_rebuilt(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "embeddings.sqlite"
    path.parent.mkdir()
    path.write_bytes(b"this is not a database" * 200)
    with pytest.warns(UserWarning, match="was damaged"):
        cache = EmbeddingCache(path)
    import numpy as np

    cache.put_many("fp", ["nurse"], np.ones((1, 4), dtype=np.float32))
    assert cache.count("fp") == 1
    cache.close()
    kept = list(path.parent.glob("embeddings.sqlite.damaged-*"))
    assert kept and kept[0].read_bytes().startswith(b"this is not")  # nothing is thrown away
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT COUNT(*) FROM embeddings").fetchone()[0] == 1


def test_garbled_verified_memo_is_recomputed(tmp_path: Path, quick_model) -> None:
    models = tmp_path / "models"
    first = resolve_model(str(quick_model.path), models)
    memos = list((models / "verified").glob("*.json"))
    assert memos
    for memo in memos:
        memo.write_text('{"sha256": ')  # truncated
    again = resolve_model(str(quick_model.path), models)
    assert again.sha256 == first.sha256
    assert all(m.read_text().startswith("{") and "sha256" in m.read_text() for m in memos)


@pytest.mark.parametrize("damage", ["meta", "weights", "config"])
def test_garbled_adapter_is_one_clear_line(tmp_path, monkeypatch, adapters, small_home, damage):
    adapter = Path(shutil.copytree(adapters[0], tmp_path / "lora-a" / "adapter"))
    if damage == "meta":
        (adapter / ADAPTER_META).write_text("{not json")
        with pytest.raises(ModelError, match="damaged"):
            read_adapter(adapter)
    elif damage == "weights":
        (adapter / "adapter_model.safetensors").write_bytes(b"\x00garbage" * 100)
    else:
        (adapter / "adapter_config.json").write_text("[1, 2")
    monkeypatch.setenv("TITLESEARCH_HOME", str(small_home))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    result = invoke("search", "nurse", "--adapter", str(adapter))
    assert_one_line_error(result, str(adapter))


@pytest.mark.parametrize("kind", ["folder", "fifo", "device"])
def test_input_that_is_not_a_file_says_what_it_is(tmp_path, kind) -> None:
    import os

    source = {"folder": tmp_path, "fifo": tmp_path / "pipe", "device": Path("/dev/zero")}[kind]
    if kind == "fifo":
        os.mkfifo(source)
    result = invoke("classify", "--input", str(source), "--output", str(tmp_path / "o.csv"))
    message = "is a folder" if kind == "folder" else "is not a regular file"
    assert_one_line_error(result, message)
