"""Reviewers' decisions as index points, so the index codes a corrected title right next time
without retraining.

Each standing ``accept`` or ``correct`` decision becomes a ``source=user`` point (title →
code, with ``review_id`` and ``reviewed_by`` in its payload), built exactly like the rows of
``ingest --extra``. :func:`teach_index` publishes a new index version holding the active
version's points, minus corrections that were undone, plus new ones: every vector already in
the index is reused, so only the corrected titles are encoded. ``ingest`` adds the standing
corrections too, so a full rebuild keeps them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from titlesearch.encoders import Encoder
from titlesearch.errors import IndexMissingError
from titlesearch.ingest.build import IngestSummary, build_index
from titlesearch.ingest.corpus import is_review_record, record_id
from titlesearch.ingest.reindex import read_active
from titlesearch.review.decisions import Decision
from titlesearch.store.base import REVIEW_ID, TitleStore
from titlesearch.store.vectors import BASE, TUNED
from titlesearch.taxonomy import TitleRecord, load_taxonomy


def correction_records(decisions: Iterable[Decision]) -> list[TitleRecord]:
    """The index records of the decisions that name a code, sorted by point id."""
    taxonomy = load_taxonomy()
    records = [
        TitleRecord(
            d.title,
            d.onet_code,
            taxonomy.occupation(d.onet_code).title,
            "user",
            ((REVIEW_ID, d.id), ("reviewed_by", d.who)),
        )
        for d in decisions
        if d.onet_code
    ]
    return sorted(records, key=record_id)


@dataclass(frozen=True)
class TeachSummary:
    """What teaching the index did: corrections added and removed, and the build."""

    added: int
    removed: int
    corrections: int
    ingest: IngestSummary

    def as_dict(self) -> dict[str, object]:
        return {
            "added": self.added,
            "removed": self.removed,
            "corrections": self.corrections,
            "version": self.ingest.version,
            "points": self.ingest.points,
            "status": self.ingest.status,
            "seconds": round(self.ingest.seconds, 2),
        }


def teach_index(
    store: TitleStore,
    encoders: Mapping[str, Encoder],
    decisions: Mapping[str, Decision],
    *,
    progress: bool = True,
    tick: Callable[[str, int, int], None] | None = None,
) -> TeachSummary:
    """Publish a version of the active index whose correction points are ``decisions``'.

    Args:
        store: The index; reads keep going to the active version until the new one is live.
        encoders: The encoders of the active version (the search service's), by vector name.
        decisions: The standing decisions by title key.
        progress: Show progress bars (on stderr).
        tick: Called with (step, done, total) as it goes, for a progress bar of the
            caller's own; steps are "read" (the active version) and "write" (the new one).

    Raises:
        IndexMissingError: there is no index yet.
    """
    if store.active_version() is None:
        raise IndexMissingError("no index to teach yet; run `titlesearch ingest` first")

    def step(name: str) -> Callable[[int, int], None] | None:
        return None if tick is None else lambda done, total: tick(name, done, total)

    records, stored = read_active(store, list(encoders), progress=progress, tick=step("read"))
    had = {record_id(r) for r in records if is_review_record(r)}
    wanted = correction_records(decisions.values())
    now = {record_id(r) for r in wanted}
    corpus = [r for r in records if not is_review_record(r)] + wanted
    summary = build_index(
        store,
        corpus,
        encoders[BASE],
        encoders.get(TUNED),
        stored=stored,
        progress=progress,
        tick=step("write"),
    )
    return TeachSummary(len(now - had), len(had - now), len(now), summary)
