"""The query service: checks the index manifest, loads matching encoders, answers searches.

Everything that reads the index goes through :class:`SearchService` (CLI, UI, evaluation),
so the model/index match is checked in one place.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
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
    CleanQuery,
    ModelChoice,
    check_limit,
    check_model,
    check_threshold,
    clean_query,
)
from titlesearch.store.base import Hit, QueryParams, TitleFilter, TitleStore

CLASSIFY_NEIGHBOURS = 30


@dataclass(frozen=True)
class Overlap:
    """How two result lists relate: shared titles with their ranks in each list."""

    shared: list[tuple[str, int, int]]  # (title, rank in base, rank in tuned), ranks from 1
    only_base: list[str]
    only_tuned: list[str]

    @property
    def jaccard(self) -> float:
        union = len(self.shared) + len(self.only_base) + len(self.only_tuned)
        return len(self.shared) / union if union else 1.0


@dataclass(frozen=True)
class SearchResult:
    query: CleanQuery
    results: dict[str, list[Hit]]
    overlap: Overlap | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)


def overlap_of(base: Sequence[Hit], tuned: Sequence[Hit]) -> Overlap:
    rank_b = {h.id: i for i, h in enumerate(base, start=1)}
    rank_t = {h.id: i for i, h in enumerate(tuned, start=1)}
    shared = [(h.payload["title"], rank_b[h.id], rank_t[h.id]) for h in base if h.id in rank_t]
    return Overlap(
        shared=shared,
        only_base=[h.payload["title"] for h in base if h.id not in rank_t],
        only_tuned=[h.payload["title"] for h in tuned if h.id not in rank_b],
    )


def _check_manifest_model(encoder: Encoder, entry: dict[str, Any], vector: str) -> None:
    if entry["fingerprint"] != encoder.fingerprint:
        raise ModelMismatchError(
            f"the index's '{vector}' vectors were made by {entry['name']}"
            f"{' + adapter ' + entry['adapter']['run_id'] if entry.get('adapter') else ''} "
            f"but the query model is {encoder.name}; re-ingest with this model "
            "(`titlesearch ingest`) or pass the adapter the index was built with (--adapter)"
        )


def _check_point_count(store: TitleStore, manifest: dict[str, Any]) -> None:
    """Refuse an index holding fewer points than it was built with (lost segment files)."""
    expected = (manifest.get("corpus") or {}).get("points")
    version = manifest.get("version")
    stored = store.count(version=version if isinstance(version, str) else None)
    if isinstance(expected, int) and stored != expected:
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
        manifest: dict[str, Any],
        *,
        abstain_below: float = 0.35,
        max_query_chars: int = 512,
        params: QueryParams | None = None,
    ) -> None:
        vectors = manifest["vectors"]
        _check_manifest_model(base, vectors["base"], "base")
        if tuned is not None:
            if "tuned" not in vectors:
                raise ModelMismatchError(
                    "the index has no 'tuned' vectors; run `titlesearch reindex --adapter DIR`"
                )
            _check_manifest_model(tuned, vectors["tuned"], "tuned")
        self.store, self.base, self.tuned, self.manifest = store, base, tuned, manifest
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
        **options: Any,
    ) -> SearchService:
        """Load the encoders the active manifest names (or those requested, if they match).

        Raises:
            IndexMissingError: nothing is published yet.
            ModelMismatchError: the requested model or adapter is not the one indexed.
        """
        from titlesearch.ingest.build import check_manifest

        manifest = store.read_manifest()
        if manifest is None:
            raise IndexMissingError("no index found; build one with `titlesearch ingest`")
        check_manifest(manifest)
        entry = manifest["vectors"]["base"]
        base_model = resolve_model(requested_base or entry["name"], models_dir)
        base = build_encoder(base_model, cache=cache, device=device)
        tuned = None
        tuned_entry = manifest["vectors"].get("tuned")
        adapter_dir = adapter or (Path(tuned_entry["adapter"]["path"]) if tuned_entry else None)
        if adapter_dir is not None:
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
    def models(self) -> list[str]:
        return ["base", "tuned"] if self.tuned is not None else ["base"]

    def _encoder(self, name: str) -> Encoder:
        if name == "tuned":
            if self.tuned is None:
                raise InvalidInputError(
                    "this index has no tuned model yet; use --model base, or train one "
                    "(`titlesearch train`) and reindex"
                )
            return self.tuned
        return self.base

    def search(
        self,
        query: str,
        *,
        model: ModelChoice | str = "both",
        title_filter: TitleFilter | None = None,
        threshold: float | None = None,
        limit: int = 10,
    ) -> SearchResult:
        """Nearest titles for one query with each chosen model; overlap when both."""
        choice = check_model(model)
        names = self.models if choice == "both" else [choice]
        cleaned = clean_query(query, max_chars=self.max_query_chars)
        threshold, limit = check_threshold(threshold), check_limit(limit)
        results, timings = {}, {}
        for name in names:
            started = time.perf_counter()
            vector = self._encoder(name).encode([cleaned.text])
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
        overlap = overlap_of(results["base"], results["tuned"]) if len(results) == 2 else None
        return SearchResult(cleaned, results, overlap, timings)

    def similar(
        self,
        point_id: str,
        *,
        model: str = "tuned",
        title_filter: TitleFilter | None = None,
        limit: int = 10,
    ) -> list[Hit]:
        """Neighbours of an indexed title by its stored vector (the title itself left out)."""
        name = check_model(model)
        if name == "both":
            raise InvalidInputError("similar takes one model: base or tuned")
        self._encoder(name)
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
        vectors = self._encoder(model).encode(list(titles))
        return self._index().search(
            model, vectors, title_filter=title_filter, limit=limit, params=self.params
        )

    def default_model(self) -> str:
        return "tuned" if self.tuned is not None else "base"

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
