"""Build an index version from a corpus and publish it: idempotent, resumable, blue/green.

The version name is derived from what goes in (corpus hash, base and tuned fingerprints), so
re-running the same ingest finds its own version: complete and active means nothing to do;
incomplete means resume (only missing points are encoded and written).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from titlesearch.encoders import Encoder
from titlesearch.errors import IndexMissingError, StoreError
from titlesearch.ingest.corpus import corpus_hash, record_id, to_point
from titlesearch.progress import shown
from titlesearch.store.base import PointRecord, TitleStore
from titlesearch.store.lexical import LEXICAL_MODEL, lexical_documents
from titlesearch.store.manifest import (
    AdapterRecord,
    CorpusRecord,
    IndexManifest,
    VectorRecord,
    now_iso,
)
from titlesearch.store.vectors import BASE, LEXICAL, TUNED
from titlesearch.taxonomy import TitleRecord

KEEP_VERSIONS = 2  # the active one and its predecessor (a reader may still hold it)


@dataclass(frozen=True)
class IngestSummary:
    """What an ingest did, for the CLI and the pipeline."""

    version: str
    points: int
    written: int
    skipped: int
    encoded: int
    from_cache: int
    seconds: float
    status: str  # "built", "resumed", "up-to-date"
    publish_seconds: float = 0.0  # of which: building the search index and switching


def vector_record(encoder: Encoder) -> VectorRecord:
    """How an encoder is recorded in the manifest (and checked against at query time)."""
    adapter = None
    if encoder.adapter is not None:
        adapter = AdapterRecord(
            run_id=encoder.adapter.run_id,
            sha256=encoder.adapter.sha256,
            path=str(encoder.adapter.path),
        )
    return VectorRecord(
        name=encoder.base.name,
        sha256=encoder.base.sha256,
        fingerprint=encoder.fingerprint,
        dims=encoder.dims,
        adapter=adapter,
        backend=encoder.backend,
    )


def version_name(chash: str, base: Encoder, tuned: Encoder | None) -> str:
    parts = [chash, base.fingerprint, tuned.fingerprint if tuned else "-", LEXICAL_MODEL]
    return "v" + hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]


def make_manifest(
    collection: str,
    version: str,
    records: Sequence[TitleRecord],
    chash: str,
    encoders: dict[str, Encoder],
) -> IndexManifest:
    """The manifest of a version being built from ``records`` with ``encoders`` (by vector)."""
    return IndexManifest(
        collection=collection,
        version=version,
        vectors={name: vector_record(encoder) for name, encoder in encoders.items()},
        lexical=LEXICAL_MODEL,
        corpus=CorpusRecord(hash=chash, points=len(records)),
        created_at=now_iso(),
    )


def _is_intact(store: TitleStore, version: str, points: int) -> bool:
    """Whether ``version`` holds a readable, ready manifest and exactly ``points`` points."""
    try:
        manifest = store.read_manifest(version)
        if manifest is None or not manifest.ready:
            return False
        return store.count(version=version) == points
    except (StoreError, IndexMissingError):  # damaged or deleted by hand: rebuild or resume
        return False


def _batches(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def build_index(
    store: TitleStore,
    records: Sequence[TitleRecord],
    base: Encoder,
    tuned: Encoder | None = None,
    *,
    batch_size: int = 1024,
    progress: bool = True,
    stored: Mapping[str, Mapping[str, np.ndarray]] | None = None,
    tick: Callable[[int, int], None] | None = None,
) -> IngestSummary:
    """Encode ``records`` with ``base`` (and ``tuned``), write a version, publish it.

    Args:
        store: where to write; reads keep going to the active version until publish.
        records: the de-duplicated corpus, in a stable order.
        base: the base encoder (its vectors go to ``base``).
        tuned: the tuned encoder, or None for a base-only index.
        batch_size: points per encode + upsert step (each step is durable).
        progress: show a progress bar.
        stored: vectors already made by these very encoders, by vector name and point id
            (read back from the active version): reused instead of encoded again, so a
            reindex encodes only the tuned vectors and a review correction only its title.
        tick: called with (points written, total) after each step, for a progress bar of
            the caller's own (the UI's).

    Returns:
        An :class:`IngestSummary`.
    """
    started = time.perf_counter()
    chash = corpus_hash(list(records))
    version = version_name(chash, base, tuned)
    if store.active_version() == version and _is_intact(store, version, len(records)):
        return IngestSummary(version, len(records), 0, len(records), 0, 0, 0.0, "up-to-date")
    encoders = {BASE: base} if tuned is None else {BASE: base, TUNED: tuned}
    manifest = make_manifest(store.collection, version, records, chash, encoders)
    created = store.create_version(version, manifest.dims)
    if created:
        store.write_manifest(version, manifest)
    done = set() if created else store.existing_ids(version)
    todo = [r for r in records if record_id(r) not in done]
    before = {name: dict(encoder.stats) for name, encoder in encoders.items()}
    bar = tqdm(
        total=len(records),
        initial=len(records) - len(todo),
        desc="ingest",
        unit="title",
        disable=not shown(progress),
    )
    written = len(records) - len(todo)
    with bar:
        for chunk in _batches(todo, batch_size):
            vectors: dict[str, Any] = {
                name: _vectors(encoder, chunk, (stored or {}).get(name))
                for name, encoder in encoders.items()
            }
            vectors[LEXICAL] = lexical_documents([r.title for r in chunk])
            store.upsert(version, _points(chunk, vectors))
            bar.update(len(chunk))
            written += len(chunk)
            if tick is not None:
                tick(written, len(records))
    stored = store.count(version=version)
    if stored != len(records):
        raise StoreError(
            f"version {version} holds {stored} points, expected {len(records)}; "
            "rerun the ingest to repair it"
        )
    store.write_manifest(version, manifest.finished())
    publishing = time.perf_counter()
    store.publish(version)
    published = time.perf_counter() - publishing
    prune_versions(store, keep=KEEP_VERSIONS)
    encoded = sum(e.stats["encoded"] - before[n].get("encoded", 0) for n, e in encoders.items())
    cached = sum(e.stats["cached"] - before[n].get("cached", 0) for n, e in encoders.items())
    return IngestSummary(
        version=version,
        points=len(records),
        written=len(todo),
        skipped=len(records) - len(todo),
        encoded=encoded,
        from_cache=cached,
        seconds=time.perf_counter() - started,
        publish_seconds=published,
        status="built" if created else "resumed",
    )


def _vectors(
    encoder: Encoder, chunk: Sequence[TitleRecord], stored: Mapping[str, np.ndarray] | None
) -> np.ndarray:
    """``chunk``'s vectors from ``encoder``, taking those in ``stored`` as they are."""
    if not stored:
        return encoder.encode([r.title for r in chunk])
    ids = [record_id(r) for r in chunk]
    missing = [r for r, rid in zip(chunk, ids, strict=True) if rid not in stored]
    fresh = iter(encoder.encode([r.title for r in missing]) if missing else [])
    return np.stack([stored[rid] if rid in stored else next(fresh) for rid in ids])


def _points(chunk: Sequence[TitleRecord], vectors: dict[str, Any]) -> list[PointRecord]:
    return [
        to_point(record, {name: vecs[i] for name, vecs in vectors.items()})
        for i, record in enumerate(chunk)
    ]


def prune_versions(store: TitleStore, keep: int) -> list[str]:
    """Drop the oldest published versions beyond ``keep``; never the active one.

    Unfinished versions of other builds are left alone: they may be resumed.
    """
    active = store.active_version()
    ready = []
    for version in store.versions():
        try:
            manifest = store.read_manifest(version)
        except StoreError:  # a damaged manifest is the user's to inspect, not ours to delete
            continue
        if version != active and manifest is not None and manifest.ready:
            ready.append((manifest.created_at, version))
    dropped = []
    for _, version in sorted(ready)[: max(0, len(ready) - (keep - 1))]:
        store.drop_version(version)
        dropped.append(version)
    return dropped
