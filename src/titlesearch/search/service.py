"""The query service: checks the index manifest, loads matching encoders, answers searches.

Everything that reads the index goes through :class:`SearchService` (CLI, UI, evaluation),
so the model/index match is checked in one place.
"""

from __future__ import annotations

import time
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import Any

from titlesearch.encoders import EmbeddingCache, Encoder, build_encoder, read_adapter, resolve_model
from titlesearch.errors import (
    IndexMissingError,
    InvalidInputError,
    ModelError,
    ModelMismatchError,
    StoreError,
)
from titlesearch.search.classify import Classification, classify_hits
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
from titlesearch.store.manifest import IndexManifest, VectorRecord
from titlesearch.store.vectors import BASE, TUNED, VECTOR_NAMES

CLASSIFY_NEIGHBOURS = 30


def _check_manifest_model(encoder: Encoder, entry: VectorRecord, vector: str) -> None:
    if entry.fingerprint != encoder.fingerprint:
        raise ModelMismatchError(
            f"the index's '{vector}' vectors were made by {entry.name}"
            f"{' + adapter ' + entry.adapter.run_id if entry.adapter else ''} "
            f"but the query model is {encoder.name}; re-ingest with this model "
            "(`titlesearch ingest`) or pass the adapter the index was built with (--adapter)"
        )


def _check_point_count(store: TitleStore, manifest: IndexManifest) -> None:
    """Refuse an index holding fewer points than it was built with (lost segment files)."""
    expected = manifest.corpus.points
    stored = store.count(version=manifest.version)
    if stored != expected:
        raise StoreError(
            f"the active index holds {stored} points but was built with {expected}: its files "
            "are damaged or were changed by hand; rerun the `titlesearch ingest` that built it "
            "to repair it"
        )


class SearchService:
    """Search and classify against the active index with the models its manifest names."""

    def __init__(
        self,
        store: TitleStore,
        base: Encoder,
        tuned: Encoder | None,
        manifest: IndexManifest,
        *,
        abstain_below: float = 0.35,
        max_query_chars: int = 512,
        params: QueryParams | None = None,
    ) -> None:
        self.encoders = {BASE: base} if tuned is None else {BASE: base, TUNED: tuned}
        for name, encoder in self.encoders.items():
            if name not in manifest.vectors:
                raise ModelMismatchError(
                    f"the index has no '{name}' vectors; run `titlesearch reindex --adapter DIR`"
                )
            _check_manifest_model(encoder, manifest.vectors[name], name)
        self.store, self.manifest = store, manifest
        self.abstain_below = abstain_below
        self.max_query_chars = max_query_chars
        self.params = params or QueryParams()
        self._count_checked = False

    def _index(self) -> TitleStore:
        """The store, after checking once (at the first query, not at open: opening the shard
        early would touch index files for input that is refused anyway) that it is whole."""
        if not self._count_checked:
            _check_point_count(self.store, self.manifest)
            self._count_checked = True
        return self.store

    @classmethod
    def open(
        cls,
        store: TitleStore,
        *,
        models_dir: Path,
        cache: EmbeddingCache | None = None,
        requested_base: str | None = None,
        adapter: Path | None = None,
        device: str | None = None,
        only: Collection[str] | None = None,
        **options: Any,
    ) -> SearchService:
        """Load the encoders the active manifest names (or those requested, if they match).

        Args:
            only: Load just these vectors' models (None: every vector the index holds), so a
                base search works while the tuned adapter is missing.

        Raises:
            IndexMissingError: nothing is published yet.
            ModelMismatchError: the requested model or adapter is not the one indexed.
        """
        manifest = store.read_manifest()
        if manifest is None:
            raise IndexMissingError("no index found; build one with `titlesearch ingest`")
        entry = manifest.vectors[BASE]
        base_model = resolve_model(requested_base or entry.name, models_dir)
        base = build_encoder(base_model, cache=cache, device=device)
        tuned = None
        tuned_entry = manifest.vectors.get(TUNED)
        recorded = tuned_entry.adapter if tuned_entry else None
        adapter_dir = adapter or (Path(recorded.path) if recorded else None)
        if adapter_dir is not None and (only is None or TUNED in only):
            try:
                info = read_adapter(adapter_dir)
            except ModelError as exc:
                raise ModelMismatchError(
                    f"the index's tuned vectors need adapter {adapter_dir}, which is gone or "
                    f"damaged ({exc}); pass --adapter DIR or run `titlesearch reindex`"
                ) from None
            tuned = build_encoder(base_model, adapter=info, cache=cache, device=device)
        return cls(store, base, tuned, manifest, **options)

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

    def encoder(self, name: str) -> Encoder:
        """The encoder of vector ``name``; a clear error when the index has none."""
        if name not in self.encoders:
            raise InvalidInputError(
                f"this index has no {name} model yet; use --model {BASE}, or train one "
                "(`titlesearch train`) and reindex"
            )
        return self.encoders[name]

    def search(
        self,
        query: str,
        *,
        model: ModelChoice | str = BOTH,
        title_filter: TitleFilter | None = None,
        threshold: float | None = None,
        limit: int = 10,
    ) -> SearchResult:
        """Nearest titles for one query with each chosen model; overlap when both."""
        choice = check_model(model)
        names = self.models if choice == BOTH else [choice]
        cleaned = clean_query(query, max_chars=self.max_query_chars)
        threshold, limit = check_threshold(threshold), check_limit(limit)
        results, timings = {}, {}
        for name in names:
            started = time.perf_counter()
            vector = self.encoder(name).encode([cleaned.text])
            encoded = time.perf_counter()
            results[name] = self._index().search(
                name,
                vector,
                title_filter=title_filter,
                limit=limit,
                threshold=threshold,
                params=self.params,
            )[0]
            timings[f"{name}_encode"] = (encoded - started) * 1000
            timings[f"{name}_search"] = (time.perf_counter() - encoded) * 1000
        overlap = None
        if len(results) == 2:
            (first, a), (second, b) = results.items()
            overlap = overlap_of(first, a, second, b)
        return SearchResult(cleaned, results, overlap, timings)

    def similar(
        self,
        point_id: str,
        *,
        model: str = TUNED,
        title_filter: TitleFilter | None = None,
        limit: int = 10,
    ) -> list[Hit]:
        """Neighbours of an indexed title by its stored vector (the title itself left out)."""
        name = check_model(model)
        if name == BOTH:
            raise InvalidInputError(f"similar takes one model: {' or '.join(VECTOR_NAMES)}")
        self.encoder(name)
        points = self._index().retrieve([point_id], with_vectors=True)
        if not points or name not in points[0].vectors:
            raise InvalidInputError(f"no indexed title with id {point_id} and a '{name}' vector")
        hits = self._index().search(
            name,
            [points[0].vectors[name]],
            title_filter=title_filter,
            limit=check_limit(limit) + 1,
            params=self.params,
        )[0]
        return [h for h in hits if h.id != point_id][:limit]

    def neighbours(
        self,
        titles: Sequence[str],
        *,
        model: str,
        limit: int,
        title_filter: TitleFilter | None = None,
    ) -> list[list[Hit]]:
        """Nearest titles for many (already clean) titles at once: one batched encode + query."""
        vectors = self.encoder(model).encode(list(titles))
        return self._index().search(
            model, vectors, title_filter=title_filter, limit=limit, params=self.params
        )

    def default_model(self) -> str:
        return TUNED if TUNED in self.encoders else BASE

    def classify(
        self,
        titles: Sequence[str],
        *,
        model: str | None = None,
        top_k: int = 5,
        batch_size: int = 256,
        progress: Any = None,
    ) -> list[Classification]:
        """Classify each title; empty titles come back abstained instead of failing the batch.

        Args:
            progress: optional callable ``(done, total)`` called after each batch.
        """
        name = model or self.default_model()
        out: list[Classification] = []
        for start in range(0, len(titles), batch_size):
            chunk = titles[start : start + batch_size]
            cleaned: list[str | None] = []
            for title in chunk:
                try:
                    cleaned.append(clean_query(title, max_chars=self.max_query_chars).text)
                except InvalidInputError:
                    cleaned.append(None)
            texts = [c for c in cleaned if c is not None]
            hits = iter(
                self.neighbours(texts, model=name, limit=CLASSIFY_NEIGHBOURS) if texts else []
            )
            for title, text in zip(chunk, cleaned, strict=True):
                neighbours = next(hits) if text is not None else []
                out.append(
                    classify_hits(
                        str(title), neighbours, abstain_below=self.abstain_below, top_k=top_k
                    )
                )
            if progress is not None:
                progress(min(start + batch_size, len(titles)), len(titles))
        return out
