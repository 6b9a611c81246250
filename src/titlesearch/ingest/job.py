"""The ingest job: corpus (O*NET + a user CSV) → encoders → a published index version.

The one place the ``ingest`` command and the pipeline build an index from settings, so both
index the same titles with the same models and report the same summary.
"""

from __future__ import annotations

from pathlib import Path

from titlesearch.config import AppSettings
from titlesearch.ingest.build import IngestSummary, build_index
from titlesearch.ingest.corpus import build_corpus, record_id, user_records
from titlesearch.review.corrections import correction_records
from titlesearch.review.decisions import DecisionLog
from titlesearch.runtime import embedding_cache, encoders_for, store_for
from titlesearch.taxonomy import dedupe, load_taxonomy


def run_ingest(
    settings: AppSettings,
    *,
    adapter: Path | None = None,
    extra: Path | None = None,
    title_column: str = "title",
    code_column: str | None = None,
    limit: int | None = None,
    batch_size: int = 1024,
    progress: bool = True,
) -> IngestSummary:
    """Index the corpus with the base model (and ``adapter``'s tuned model) and publish it.

    Args:
        settings: Where the index, caches and models live; which profile and device.
        adapter: A LoRA adapter folder: its tuned vectors are indexed too.
        extra: A CSV of the user's own titles to add (checked before any model loads).
        title_column: The title column of ``extra``.
        code_column: The O*NET code column of ``extra`` (None: titles only).
        limit: Index only this many O*NET titles, a stable spread sample (tests, demos),
            plus every row of ``extra``.
        batch_size: Titles per encode + upsert step; each step is durable.
        progress: Show progress bars.

    Returns:
        What the build did (built, resumed or up-to-date), see :class:`IngestSummary`.
    """
    taxonomy = load_taxonomy()
    extra_rows = (
        user_records(extra, taxonomy, title_column=title_column, code_column=code_column)
        if extra
        else []
    )
    records = build_corpus(taxonomy)
    if limit:  # a sample of O*NET's titles; the user's own rows are always all indexed
        records = sorted(records, key=record_id)[:limit]
    # A reviewer's corrections (``titlesearch review``) stay in the index through rebuilds
    records = dedupe(records + extra_rows) + correction_records(
        DecisionLog(settings.home.review_log).standing().values()
    )
    cache = embedding_cache(settings)
    try:
        with store_for(settings) as store:
            base, tuned = encoders_for(settings, adapter, cache)
            return build_index(
                store, records, base, tuned, batch_size=batch_size, progress=progress
            )
    finally:
        cache.close()
