"""The Qdrant API key never shows: not in output, logs, files, manifests, errors or reprs.

Commands run with ``TITLESEARCH_QDRANT_API_KEY`` set against stand-in servers that refuse it,
echo it back in an error page, or are not there at all; then stdout, stderr, every log record,
every warning and every file under TITLESEARCH_HOME are searched for the key.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import traceback
import warnings
from contextlib import nullcontext
from pathlib import Path

import pytest
from fake_qdrant import FakeQdrant, closed_port_url
from harness import SERVER_VARS, invoke

from titlesearch.config import AppSettings, QdrantSettings
from titlesearch.errors import StoreError
from titlesearch.ingest.build import build_index
from titlesearch.store.server import ServerStore

KEY = "ts-secret-4f9c2a7e1b6d8e3a5c0f"


def _files_holding(root: Path, secret: str) -> list[str]:
    needle = secret.encode()
    return [str(p) for p in root.rglob("*") if p.is_file() and needle in p.read_bytes()]


@pytest.fixture
def secret_env(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("TITLESEARCH_HOME", str(home))
    monkeypatch.setenv("TITLESEARCH_QDRANT_API_KEY", KEY)
    monkeypatch.setenv("TITLESEARCH_QDRANT_TIMEOUT", "1")
    return home


@pytest.mark.parametrize("mode", ["echo", "401", "refused"])
def test_commands_never_print_or_write_the_key(mode, secret_env, adapters, monkeypatch, caplog):
    caplog.set_level(logging.DEBUG)  # httpx/httpcore/qdrant-client debug records included
    commands = [
        ["search", "registered nurse"],
        ["search", "nurse", "--json"],
        ["info", "--json"],
        ["classify", "staff nurse"],
        ["reindex", "--adapter", str(adapters[0])],
    ]
    if mode == "refused":
        commands.append(["ingest", "--limit", "5"])
    seen = []
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        if mode == "refused":
            url = closed_port_url()
            monkeypatch.setenv("TITLESEARCH_QDRANT_URL", url)
            results = [invoke(*c) for c in commands]
        else:
            with FakeQdrant(mode) as fake:
                monkeypatch.setenv("TITLESEARCH_QDRANT_URL", fake.url)
                results = [invoke(*c) for c in commands]
                seen = [headers.get("api-key") for _, _, headers in fake.requests]
                assert seen and set(seen) == {KEY}  # it travels, in the api-key header only
    for command, result in zip(commands, results, strict=True):
        assert result.exit_code == 2, (command, result.stdout + result.stderr)
        assert KEY not in result.stdout + result.stderr, command
    assert KEY not in caplog.text
    assert not [str(w.message) for w in warned if KEY in str(w.message)]
    assert not _files_holding(secret_env, KEY)


@pytest.mark.filterwarnings("ignore:Api key is used with an insecure connection")
def test_settings_store_and_errors_keep_it_hidden(monkeypatch) -> None:
    monkeypatch.setenv("TITLESEARCH_QDRANT_API_KEY", KEY)
    monkeypatch.setenv("TITLESEARCH_QDRANT_URL", f"http://user:{KEY}@{closed_port_url()[7:]}")
    settings = AppSettings.load()
    for text in (repr(settings.qdrant), str(settings.qdrant), str(vars(settings))):
        assert KEY not in text
    with ServerStore(closed_port_url(), api_key=settings.qdrant.api_key) as store:
        assert KEY not in repr(store) and KEY not in str(vars(store))
    with ServerStore(settings.qdrant.url, api_key=settings.qdrant.api_key, timeout=1) as store:
        assert KEY not in repr(store)
        with pytest.raises(StoreError) as caught:
            store.versions()
    error = caught.value
    printed = "".join(traceback.format_exception(error))
    assert KEY not in str(error) and KEY not in repr(error) and KEY not in printed
    assert "user:" not in str(error)  # credentials in the URL are left out of messages too


def test_manifest_of_a_keyed_store_holds_no_key(base_encoder, small_corpus) -> None:
    with ServerStore(":memory:", api_key=KEY) as store:
        build_index(store, small_corpus[:20], base_encoder, None, progress=False)
        manifest = store.read_manifest()
    assert KEY not in repr(manifest)
    assert KEY not in QdrantSettings(url=":memory:", api_key=KEY).model_dump_json()


def test_a_real_process_says_nothing_of_the_key(tmp_path) -> None:
    """The installed entry point in its own process: stderr, stdout and files, key-free."""
    env = {k: v for k, v in os.environ.items() if k not in SERVER_VARS}
    home = tmp_path / "home"
    with FakeQdrant("echo") as fake:
        env.update(
            TITLESEARCH_HOME=str(home),
            TITLESEARCH_QDRANT_URL=fake.url,
            TITLESEARCH_QDRANT_API_KEY=KEY,
            HF_HUB_OFFLINE="1",
        )
        result = subprocess.run(
            [sys.executable, "-c", "from titlesearch.cli import app; app()", "info"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 2, result.stderr
    assert "answered 500" in result.stderr and "api-key': '***'" in result.stderr
    assert KEY not in result.stdout + result.stderr
    assert not home.exists() or not _files_holding(home, KEY)


def test_every_form_of_the_key_is_scrubbed() -> None:
    import json
    from urllib.parse import quote

    from pydantic import SecretStr

    from titlesearch.store.server_errors import ServerErrors

    key = 'k3y/with "quotes"\\and+plus'
    errors = ServerErrors("http://x:6333", "job_titles", 1, SecretStr(key), False, nullcontext())
    for form in (key, repr(key)[1:-1], json.dumps(key)[1:-1], quote(key, safe=""), quote(key)):
        assert "k3y" not in errors.scrub(f"proxy echoed: {form}!"), form
