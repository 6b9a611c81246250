"""A Qdrant server that is down, refuses the key, stalls, drops connections or is not Qdrant.

Every fault is played by a local stand-in on 127.0.0.1 (``fake_qdrant.py``); nothing leaves the
machine. For each one, every kind of store call and the CLI must fail with one StoreError that
names the URL and what to check, within three times the configured timeout, after at most two
requests (no retry storms, no hangs).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from fake_qdrant import BlackHole, FakeQdrant, closed_port_url
from harness import assert_one_line_error, invoke

from titlesearch.errors import StoreError
from titlesearch.store.base import PointRecord, point_id
from titlesearch.store.server import ServerStore

TIMEOUT_S = 1.0  # qdrant-client rounds timeouts up to whole seconds
BOUND_S = 3 * TIMEOUT_S
KEY = "ts-secret-faults-0123456789"

# fault -> what the one error line must say
FAULTS: dict[str, tuple[str, ...]] = {
    "401": ("rejected the API key", "TITLESEARCH_QDRANT_API_KEY"),
    "403": ("rejected the API key", "TITLESEARCH_QDRANT_API_KEY"),
    "500": ("answered 500",),
    "garbage": ("did not answer like a Qdrant server", "TITLESEARCH_QDRANT_URL"),
    "stall": (f"did not answer within {TIMEOUT_S:g} s", "TITLESEARCH_QDRANT_TIMEOUT"),
    "trickle": (f"did not answer within {TIMEOUT_S:g} s", "TITLESEARCH_QDRANT_TIMEOUT"),
    "drop": ("cannot reach", "disconnected", "docker compose up qdrant"),
    "refused": ("cannot reach", "Connection refused", "TITLESEARCH_QDRANT_URL"),
    "blackhole": (f"did not answer within {TIMEOUT_S:g} s",),
}

POINT = PointRecord(point_id("29-1141.00", "nurse"), {"title": "Nurse"}, {"base": [0.1] * 4})
CALLS: dict[str, Callable[[ServerStore], object]] = {
    "active_version": lambda s: s.active_version(),
    "read_manifest": lambda s: s.read_manifest(),
    "search": lambda s: s.search("base", [[0.1] * 4], limit=3),
    "upsert": lambda s: s.upsert("v1", [POINT]),
    "create_version": lambda s: s.create_version("v1", {"base": 4}),
    "publish": lambda s: s.publish("v1"),
}


@contextmanager
def fault(name: str) -> Iterator[tuple[str, FakeQdrant | None]]:
    """The URL of a server showing fault ``name``, and the stand-in (to count its requests)."""
    if name == "refused":
        yield closed_port_url(), None
    elif name == "blackhole":
        with BlackHole() as hole:
            yield hole.url, None
    else:
        with FakeQdrant(name) as fake:
            yield fake.url, fake


@pytest.mark.filterwarnings("ignore:Api key is used with an insecure connection")
@pytest.mark.parametrize("name", list(FAULTS))
def test_every_store_call_fails_fast_with_the_url(name: str) -> None:
    with fault(name) as (url, fake), ServerStore(url, api_key=KEY, timeout=TIMEOUT_S) as store:
        for call_name, call in CALLS.items():
            seen = len(fake.requests) if fake else 0
            started = time.monotonic()
            with pytest.raises(StoreError) as caught:
                call(store)
            elapsed = time.monotonic() - started
            message = str(caught.value)
            assert url in message, (call_name, message)
            assert all(needle in message for needle in FAULTS[name]), (call_name, message)
            assert KEY not in message
            assert elapsed < BOUND_S, f"{call_name} took {elapsed:.1f} s against {name}"
            if fake is not None:
                assert 1 <= len(fake.requests) - seen <= 2, f"{call_name}: retries unbounded"


@pytest.mark.filterwarnings("ignore:Api key is used with an insecure connection")
@pytest.mark.parametrize("name", list(FAULTS))
def test_cli_says_one_line_within_the_timeout(name: str, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("TITLESEARCH_QDRANT_API_KEY", KEY)
    monkeypatch.setenv("TITLESEARCH_QDRANT_TIMEOUT", str(TIMEOUT_S))
    with fault(name) as (url, _):
        monkeypatch.setenv("TITLESEARCH_QDRANT_URL", url)
        for command in (["search", "registered nurse"], ["info"]):
            started = time.monotonic()
            result = invoke(*command)
            elapsed = time.monotonic() - started
            assert_one_line_error(result, url, *FAULTS[name])
            assert elapsed < BOUND_S + 1.0, f"{command[0]} took {elapsed:.1f} s against {name}"
            assert KEY not in result.stdout + result.stderr


@pytest.mark.filterwarnings("ignore:Api key is used with an insecure connection")
def test_ingest_against_a_dead_server_writes_nothing_to_the_index(tmp_path, monkeypatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("TITLESEARCH_HOME", str(home))
    url = closed_port_url()
    monkeypatch.setenv("TITLESEARCH_QDRANT_URL", url)
    result = invoke("ingest", "--limit", "5")
    assert_one_line_error(result, url, "cannot reach")
    assert not (home / "index").exists()
