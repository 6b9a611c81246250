"""One index version at a time: what keeps a reader's answers from mixing versions.

A reindex in another process publishes a new version while readers are querying. A reader's
query must use one version's encoders AND that same version's vectors, so
:class:`PinnedIndex` holds the version (its manifest and encoders), hands both to each query,
and moves to a newer active version only between queries, at most every ``follow_every``
seconds (one cheap look at the active pointer).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from titlesearch.encoders import Encoder
from titlesearch.errors import IndexMissingError, StoreError
from titlesearch.search.models import ModelLoader
from titlesearch.store.base import TitleStore
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.vectors import BASE

T = TypeVar("T")
State = tuple[IndexManifest, dict[str, Encoder]]


def check_point_count(store: TitleStore, manifest: IndexManifest) -> None:
    """Refuse an index holding fewer points than it was built with (lost segment files)."""
    stored = store.count(version=manifest.version)
    if stored != manifest.corpus.points:
        raise StoreError(
            f"the active index holds {stored} points but was built with "
            f"{manifest.corpus.points}: its files are damaged or were changed by hand; rerun "
            "the `titlesearch ingest` that built it to repair it"
        )


class PinnedIndex:
    """The version a service reads, with its encoders; thread-safe.

    Args:
        store: The store holding every version.
        manifest: The version to start on.
        encoders: Its encoders, by vector name (already checked against ``manifest``).
        loader: Loads the encoders of a newer version; None keeps only encoders whose
            fingerprints still match (the base model, across a reindex).
        follow_every: Seconds between looks for a newer active version.
    """

    def __init__(
        self,
        store: TitleStore,
        manifest: IndexManifest,
        encoders: dict[str, Encoder],
        loader: ModelLoader | None = None,
        follow_every: float = 1.0,
    ) -> None:
        self.store = store
        self.state: State = (manifest, encoders)
        self._loader, self._follow_every = loader, follow_every
        self._checked: str | None = None  # the version whose point count was checked
        self._followed_at = time.monotonic()
        self._lock = threading.Lock()

    def current(self) -> State:
        """The pinned version (moved to a newer active one when due), its point count checked
        once (at its first query, not at open: refused input never touches index files)."""
        with self._lock:
            if time.monotonic() - self._followed_at >= self._follow_every:
                self._follow()
            manifest, encoders = self.state
            if self._checked != manifest.version:
                check_point_count(self.store, manifest)
                self._checked = manifest.version
            return manifest, encoders

    def run(self, query: Callable[[IndexManifest, dict[str, Encoder]], T]) -> T:
        """``query(manifest, encoders)`` on the pinned version; if another process has deleted
        that version meanwhile (pruned after two reindexes), on the active one instead."""
        manifest, encoders = self.current()
        try:
            return query(manifest, encoders)
        except IndexMissingError:
            with self._lock:
                self._followed_at = float("-inf")
            fresh = self.current()
            if fresh[0].version == manifest.version:
                raise
            return query(*fresh)

    def _follow(self) -> None:
        self._followed_at = time.monotonic()
        manifest, encoders = self.state
        active = self.store.active_version()
        if active is None or active == manifest.version:
            return
        newer = self.store.read_manifest(active)
        if newer is None:
            return
        if self._loader is not None:
            self.state = (newer, self._loader.load(newer, reuse=encoders))
            return
        kept = {
            name: encoder
            for name, encoder in encoders.items()
            if name in newer.vectors and newer.vectors[name].fingerprint == encoder.fingerprint
        }
        if BASE in kept:
            self.state = (newer, kept)
