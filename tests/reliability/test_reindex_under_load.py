"""Reindexing while searches run: no search fails, and each answer comes from one whole version.

An index is built with adapter A, then reindexed to B, to C and back to B while reader threads
search without pause: through the store that reindexes, through a second store on the same
files (embedded store), and through a SearchService. Every answer to a ``tuned`` query is
compared with the exact answers of each version to the same query vector: it must equal one of
them entirely - never a mix of an old and a new version, never empty, never an error.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from titlesearch.encoders import EmbeddingCache, Encoder, build_encoder, read_adapter
from titlesearch.ingest.build import build_index
from titlesearch.ingest.reindex import reindex
from titlesearch.search.service import SearchService
from titlesearch.store.base import QueryParams, TitleStore
from titlesearch.store.edge import EdgeStore
from titlesearch.store.server import ServerStore

CORPUS, LIMIT, READERS = 300, 10, 3
EXACT = QueryParams(exact=True)
QUERIES = [
    "sr software engineer",
    "registered nurse icu nights",
    "truck driver cdl a",
    "retail sales associate",
    "general manager operations",
    "customer service rep",
    "data analyst",
    "physician",
]

Answer = list[tuple[str, float]]


@pytest.fixture(scope="module")
def encoders(tmp_path_factory, base_encoder, quick_model, adapters):
    """The base encoder and tuned ones for adapters A, B, C, sharing one embedding cache (the
    second engine's run then encodes nothing)."""
    cache = EmbeddingCache(tmp_path_factory.mktemp("load-cache") / "embeddings.sqlite")
    base = replace(base_encoder, cache=cache, stats={"encoded": 0, "cached": 0})
    tuned = [
        build_encoder(quick_model, adapter=read_adapter(a), cache=cache, device="cpu")
        for a in adapters
    ]
    yield base, tuned
    cache.close()


def _answer(store: TitleStore, vectors) -> list[Answer]:
    hits = store.search("tuned", vectors, limit=LIMIT, params=EXACT)
    return [[(h.id, h.score) for h in one] for one in hits]


def _same(a: Answer, b: Answer) -> bool:
    return [i for i, _ in a] == [i for i, _ in b] and all(
        abs(x - y) <= 1e-5 for (_, x), (_, y) in zip(a, b, strict=True)
    )


def _run_under_load(
    store: TitleStore,
    readers: list[TitleStore],
    encoders: tuple[Encoder, list[Encoder]],
    corpus,
) -> dict[str, int]:
    base, (tuned_a, tuned_b, tuned_c) = encoders
    build_index(store, corpus, base, tuned_a, progress=False)
    vectors = tuned_a.encode(QUERIES)
    references = {store.active_version(): _answer(store, vectors)}
    service = SearchService(store, base, tuned_a, store.read_manifest())
    base_reference = [service.search(q, model="base", limit=LIMIT).results["base"] for q in QUERIES]

    answers: list[tuple[int, Answer]] = []
    failures: list[str] = []
    stop = threading.Event()

    def loop(step: Callable[[int], None]) -> None:
        turn = 0
        while not stop.is_set():
            try:
                step(turn % len(QUERIES))
            except Exception as exc:  # any error at all is a failure of the swap
                failures.append(f"{type(exc).__name__}: {exc}")
            turn += 1
            time.sleep(0.0002)  # let the reindex thread have the GIL now and then

    def store_step(reader: TitleStore) -> Callable[[int], None]:
        return lambda q: answers.append((q, _answer(reader, vectors[q : q + 1])[0]))

    def service_step(q: int) -> None:
        hits = service.search(QUERIES[q], model="base", limit=LIMIT).results["base"]
        if [h.id for h in hits] != [h.id for h in base_reference[q]]:
            failures.append(f"base answer to {QUERIES[q]!r} changed during the swap")
        answers.append((-1, []))

    steps = [store_step(readers[i % len(readers)]) for i in range(READERS)] + [service_step]
    threads = [threading.Thread(target=loop, args=(s,), daemon=True) for s in steps]
    for thread in threads:
        thread.start()
    try:
        for tuned in (tuned_b, tuned_c, tuned_b):
            reindex(store, base, tuned, progress=False)
            references[store.active_version()] = _answer(store, vectors)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)

    tally: Counter[str] = Counter()
    for q, answer in answers:
        if q < 0:
            tally["service"] += 1
            continue
        matches = [v for v, ref in references.items() if _same(answer, ref[q])]
        tally[matches[0] if matches else "MIXED OR WRONG"] += 1
    figures = {
        "searches": len(answers) + len(failures),
        "failures": len(failures),
        "mixed": tally.pop("MIXED OR WRONG", 0),
        "versions_seen": len(tally) - ("service" in tally),
        "versions": len(references),
    }
    print(f"\n{type(store).__name__}: {figures}; answers per version {dict(tally)}")
    if failures:
        print("first failures:", *failures[:5], sep="\n  ")
    return figures


def _check(figures: dict[str, int]) -> None:
    assert figures["failures"] == 0 and figures["mixed"] == 0, figures
    assert figures["versions"] == 3  # A, B, C (B twice)
    assert figures["versions_seen"] >= 2, "the readers never overlapped a swap"
    assert figures["searches"] > 50


@pytest.mark.slow
def test_edge_reindex_under_concurrent_searches(tmp_path: Path, encoders, small_corpus) -> None:
    with (
        EdgeStore(tmp_path / "index", "job_titles") as store,
        EdgeStore(tmp_path / "index", "job_titles") as other,
    ):
        figures = _run_under_load(store, [store, other], encoders, small_corpus[:CORPUS])
        assert len(store.versions()) == 2  # the active one and its predecessor
    _check(figures)


@pytest.mark.slow
def test_server_path_reindex_under_concurrent_searches(encoders, small_corpus) -> None:
    with ServerStore(":memory:") as store:
        figures = _run_under_load(store, [store], encoders, small_corpus[:CORPUS])
        assert len(store.versions()) == 2
    _check(figures)
