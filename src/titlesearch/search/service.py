"""The query service: checks the index manifest, loads matching encoders, answers searches.

Everything that reads the index goes through :class:`SearchService` (CLI, UI, evaluation),
so the model/index match is checked in one place.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from titlesearch.encoders import Encoder
from titlesearch.errors import InvalidInputError
from titlesearch.search.calibration import load_calibrations
from titlesearch.search.classify import Classification
from titlesearch.search.confidence import Calibration
from titlesearch.search.encoded import (
    CLASSIFY_NEIGHBOURS,
    EncodedTitles,
    classify_encoded,
    encode_titles,
    vectors_for,
)
from titlesearch.search.expansion import search_expanded
from titlesearch.search.hybrid import check_hybrid, search_hybrid
from titlesearch.search.index_info import active_manifest
from titlesearch.search.models import ModelLoader, check_encoders
from titlesearch.search.payloads import PayloadCache
from titlesearch.search.pinned import PinnedIndex
from titlesearch.search.query import (
    BOTH,
    ModelChoice,
    check_limit,
    check_model,
    check_threshold,
    clean_query,
)
from titlesearch.search.results import SearchResult, overlap_of
from titlesearch.store.base import Hit, QueryParams, TitleFilter, TitleStore
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.vectors import BASE, TUNED

CLASSIFY_BATCH = 1024  # titles encoded and queried together (256: 20–30% slower on 2 cores)


class SearchService:
    """Search and classify against the active index with the models its manifest names.

    Every query runs against one version, with that version's encoders: the service pins the
    version its manifest names and passes it to the store, so a reindex published by another
    process meanwhile cannot mix versions. Between queries (at most every ``follow_every``
    seconds) it looks for a newer active version and moves to it, loading new encoders when
    their fingerprints changed (through ``loader``; without one it keeps its version).
    """

    def __init__(
        self,
        store: TitleStore,
        base: Encoder,
        tuned: Encoder | None,
        manifest: IndexManifest,
        *,
        abstain_below: float = 0.15,
        max_query_chars: int = 512,
        params: QueryParams | None = None,
        loader: ModelLoader | None = None,
        follow_every: float = 1.0,
        expand: bool = True,
        calibrations: dict[str, Calibration] | None = None,
        hybrid: bool = False,
    ) -> None:
        encoders = {BASE: base} if tuned is None else {BASE: base, TUNED: tuned}
        check_encoders(encoders, manifest)
        self.store = store
        self.index = PinnedIndex(store, manifest, encoders, loader, follow_every)
        self.abstain_below = abstain_below
        self.max_query_chars = max_query_chars
        self.params = params or QueryParams()
        self.expand = expand
        self.calibrations = calibrations or {}
        self.hybrid = hybrid
        self.payloads = PayloadCache()

    @property
    def manifest(self) -> IndexManifest:
        """The manifest of the version the next query reads."""
        return self.index.state[0]

    @property
    def encoders(self) -> dict[str, Encoder]:
        return self.index.state[1]

    @classmethod
    def open(
        cls, store: TitleStore, *, loader: ModelLoader, home: Path | None = None, **options: Any
    ) -> SearchService:
        """Load the encoders the active manifest names (or those requested, if they match).

        Raises:
            IndexMissingError: nothing is published yet.
            ModelMismatchError: the requested model or adapter is not the one indexed.
        """
        manifest = active_manifest(store)
        encoders = loader.load(manifest)
        if home is not None:
            options.setdefault("calibrations", load_calibrations(home, manifest))
        return cls(store, encoders[BASE], encoders.get(TUNED), manifest, loader=loader, **options)

    @property
    def base(self) -> Encoder:
        return self.encoders[BASE]

    @property
    def tuned(self) -> Encoder | None:
        return self.encoders.get(TUNED)

    @property
    def models(self) -> list[str]:
        """The vector names this service can search, base first."""
        return list(self.encoders)

    def encoder(self, name: str, encoders: dict[str, Encoder] | None = None) -> Encoder:
        """The encoder of vector ``name`` (among ``encoders``, default: the current ones); a
        clear error when the index has none."""
        encoders = self.encoders if encoders is None else encoders
        if name not in encoders:
            raise InvalidInputError(
                f"this index has no {name} model yet; use --model {BASE}, or train one "
                "(`titlesearch train`) and reindex"
            )
        return encoders[name]

    def search(
        self,
        query: str,
        *,
        model: ModelChoice | str = BOTH,
        title_filter: TitleFilter | None = None,
        threshold: float | None = None,
        limit: int = 10,
        hybrid: bool | None = None,
    ) -> SearchResult:
        """Nearest titles for one query with each chosen model; overlap when both.
        ``hybrid`` (default: the service's setting) fuses in the lexical matches."""
        choice = check_model(model)
        names = self.models if choice == BOTH else [choice]
        cleaned = clean_query(query, max_chars=self.max_query_chars)
        threshold, limit = check_threshold(threshold), check_limit(limit)
        for name in names:
            self.encoder(name)  # refuse a model the index lacks before touching its files

        def run(manifest: IndexManifest, encoders: dict[str, Encoder]) -> None:
            for name in names:
                started = time.perf_counter()
                encoder = self.encoder(name, encoders)

                def query(
                    texts: list[str], name: str = name, encoder: Encoder = encoder
                ) -> list[list[Hit]]:
                    started = time.perf_counter()
                    vectors = encoder.encode(texts)
                    timings[f"{name}_encode"] = (time.perf_counter() - started) * 1000
                    return self._query(
                        manifest, name, vectors, texts, hybrid, title_filter, limit, threshold
                    )

                results[name] = search_expanded(
                    query, [cleaned.text], limit=limit, expand=self.expand
                )[0]
                timings[f"{name}_search"] = (time.perf_counter() - started) * 1000 - timings[
                    f"{name}_encode"
                ]

        results: dict[str, list[Hit]] = {}
        timings: dict[str, float] = {}
        self.index.run(run)
        overlap = None
        if len(results) == 2:
            (first, a), (second, b) = results.items()
            overlap = overlap_of(first, a, second, b)
        used_hybrid = self.hybrid if hybrid is None else hybrid
        return SearchResult(cleaned, results, overlap, timings, hybrid=used_hybrid)

    def neighbours(
        self,
        titles: Sequence[str],
        *,
        model: str,
        limit: int,
        title_filter: TitleFilter | None = None,
        hybrid: bool | None = None,
    ) -> list[list[Hit]]:
        """Nearest titles for many (already clean) titles at once: one batched encode + query,
        both of one index version."""
        self.encoder(model)

        def run(manifest: IndexManifest, encoders: dict[str, Encoder]) -> list[list[Hit]]:
            def query(texts: list[str]) -> list[list[Hit]]:
                vectors = self.encoder(model, encoders).encode(texts)
                options = dict(limit=limit, cached=True)
                return self._query(manifest, model, vectors, texts, hybrid, title_filter, **options)

            return search_expanded(query, list(titles), limit=limit, expand=self.expand)

        return self.index.run(run)

    def _query(
        self,
        manifest: IndexManifest,
        using: str,
        vectors: Any,
        texts: list[str],
        hybrid: bool | None,
        title_filter: TitleFilter | None,
        limit: int,
        threshold: float | None = None,
        cached: bool = False,
    ) -> list[list[Hit]]:
        """One batched store query of ``manifest``'s version: dense, or hybrid when asked;
        ``cached``: payloads from :attr:`payloads` (batches: the engine reads ids only)."""
        options = dict(title_filter=title_filter, limit=limit, threshold=threshold)
        options |= dict(params=self.params, version=manifest.version, with_payload=not cached)
        if not (self.hybrid if hybrid is None else hybrid):
            found = self.store.search(using, vectors, **options)
        else:
            check_hybrid(manifest)
            found = search_hybrid(self.store, using, vectors, texts, **options)
        return self.payloads.fill(self.store, manifest.version, found) if cached else found

    def default_model(self) -> str:
        return TUNED if TUNED in self.encoders else BASE

    def encode_titles(self, titles: Sequence[str], *, model: str) -> EncodedTitles:
        """:meth:`classify`'s slow half: clean, expand, encode (no index access: threads can)."""
        options = dict(model=model, max_query_chars=self.max_query_chars, expand=self.expand)
        return encode_titles(titles, self.encoder(model), **options)

    def classify_encoded(
        self,
        encoded: EncodedTitles,
        *,
        top_k: int = 5,
        hybrid: bool | None = None,
        abstain_below: float | None = None,
    ) -> list[Classification]:
        """The other half: one query of the pinned version, then each title's answer."""

        def run(manifest: IndexManifest, encoders: dict[str, Encoder]) -> list[list[Hit]]:
            vectors = vectors_for(encoded, self.encoder(encoded.model, encoders))
            queries, limit = encoded.queries, CLASSIFY_NEIGHBOURS
            return self._query(
                manifest, encoded.model, vectors, queries, hybrid, None, limit, cached=True
            )

        found = self.index.run(run) if encoded.queries else []
        bar = self.abstain_below if abstain_below is None else abstain_below
        options = dict(top_k=top_k, calibration=self.calibrations.get(encoded.model))
        return classify_encoded(encoded, found, abstain_below=bar, **options)

    def classify(
        self,
        titles: Sequence[str],
        *,
        model: str | None = None,
        top_k: int = 5,
        batch_size: int = CLASSIFY_BATCH,
        progress: Any = None,
        hybrid: bool | None = None,
        abstain_below: float | None = None,
    ) -> list[Classification]:
        """Classify each title, ``batch_size`` at a time (``progress(done, total)`` after each);
        an empty title abstains instead of failing the batch. ``abstain_below``: this call's."""
        name, options = model or self.default_model(), dict(top_k=top_k, hybrid=hybrid)
        out: list[Classification] = []
        for start in range(0, len(titles), batch_size):
            encoded = self.encode_titles(titles[start : start + batch_size], model=name)
            out += self.classify_encoded(encoded, abstain_below=abstain_below, **options)
            if progress is not None:
                progress(min(start + batch_size, len(titles)), len(titles))
        return out
