"""Run an evaluation: base vs tuned vs lexical on a labelled set, as a report object.

The labelled set has columns ``title, onet_soc_code`` (the format of the in-the-wild dev set).
The embedding systems query the live index through :class:`SearchService`; the lexical
baseline is fitted on the same indexed titles, so all systems choose among the same corpus.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from titlesearch.errors import DataFileError, InvalidInputError
from titlesearch.evaluate.lexical import TfidfBaseline
from titlesearch.evaluate.metrics import Metrics, Prediction, compute_metrics, distinct_codes
from titlesearch.search.classify import classify_hits
from titlesearch.search.query import clean_query
from titlesearch.search.service import CLASSIFY_NEIGHBOURS, SearchService
from titlesearch.store.vectors import VECTOR_NAMES
from titlesearch.tabular import read_table, require_columns
from titlesearch.taxonomy import validate_onet_code

LEXICAL = "lexical"
SYSTEMS = (*VECTOR_NAMES, LEXICAL)


@dataclass
class EvalReport:
    """Metrics per system on one dataset, with what was evaluated and when."""

    dataset: str
    n: int
    abstain_below: float
    systems: dict[str, Metrics]
    seconds: dict[str, float]
    index: dict[str, Any]
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "n": self.n,
            "abstain_below": self.abstain_below,
            "created_at": self.created_at,
            "index": self.index,
            "systems": {name: m.as_dict() for name, m in self.systems.items()},
            "titles_per_second": {
                name: round(self.n / s, 1) if s > 0 else None for name, s in self.seconds.items()
            },
        }


def load_labelled(path: Path, *, limit: int | None = None) -> tuple[list[str], list[str]]:
    """Titles and true codes from a CSV with ``title`` and ``onet_soc_code`` columns.

    Raises:
        DataFileError: missing file/columns, or rows with an invalid code (named by row).
    """
    frame = read_table(path)
    require_columns(frame, ["title", "onet_soc_code"], path)
    if limit is not None:
        if limit < 1:
            raise InvalidInputError(f"--limit must be at least 1, got {limit}")
        frame = frame.head(limit)
    bad = []
    for number, code in enumerate(frame["onet_soc_code"], start=2):
        try:
            validate_onet_code(code)
        except InvalidInputError:
            bad.append(f"row {number} ({code!r})")
    if bad:
        raise DataFileError(
            f"{path}: invalid onet_soc_code in {len(bad)} rows: {', '.join(bad[:5])}"
        )
    return frame["title"].astype(str).tolist(), frame["onet_soc_code"].str.strip().tolist()


def model_predictions(
    service: SearchService, titles: Sequence[str], model: str
) -> list[Prediction]:
    """Ranked codes and confidence of one model for each title."""
    texts = [clean_query(t, max_chars=service.max_query_chars).text for t in titles]
    out = []
    for start in range(0, len(texts), 256):
        chunk = texts[start : start + 256]
        for text, hits in zip(
            chunk, service.neighbours(chunk, model=model, limit=CLASSIFY_NEIGHBOURS), strict=True
        ):
            confidence = classify_hits(text, hits, abstain_below=service.abstain_below).confidence
            out.append(
                Prediction(distinct_codes([h.payload["onet_code"] for h in hits]), confidence)
            )
    return out


def lexical_baseline(service: SearchService) -> TfidfBaseline:
    """TF-IDF fitted on every title of the active index."""
    titles, codes = [], []
    for batch in service.store.scroll():
        for point in batch:
            titles.append(point.payload["title"])
            codes.append(point.payload["onet_code"])
    return TfidfBaseline(titles, codes)


def evaluate(
    service: SearchService,
    titles: Sequence[str],
    codes: Sequence[str],
    *,
    dataset: str,
    systems: Sequence[str] = SYSTEMS,
    progress: Callable[[str], None] | None = None,
) -> EvalReport:
    """Metrics of each available system; ``tuned`` is skipped when the index has none."""
    for title in titles:
        clean_query(title)  # an empty title in a labelled set is a data error, say so early
    results: dict[str, Metrics] = {}
    seconds: dict[str, float] = {}
    for name in systems:
        if name != LEXICAL and name not in service.models:
            continue
        if progress:
            progress(name)
        started = time.perf_counter()
        if name == LEXICAL:
            predictions = lexical_baseline(service).predict(list(titles))
        else:
            predictions = model_predictions(service, titles, name)
        seconds[name] = time.perf_counter() - started
        results[name] = compute_metrics(codes, predictions, abstain_below=service.abstain_below)
    index = {
        "version": service.manifest.version,
        "points": service.manifest.corpus.points,
        "models": {
            k: v.name + (f"+{v.adapter.run_id}" if v.adapter else "")
            for k, v in service.manifest.vectors.items()
        },
    }
    return EvalReport(dataset, len(titles), service.abstain_below, results, seconds, index)
