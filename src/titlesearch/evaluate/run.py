"""Run an evaluation: base vs tuned vs lexical on a labelled set, as a report object.

The labelled set has a ``title`` column and either ``onet_soc_code`` (one code) or
``onet_soc_codes`` (one or more acceptable codes, ``;``-joined: the real-vacancy dev set).
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

import numpy as np

from titlesearch.errors import DataFileError, InvalidInputError
from titlesearch.evaluate.lexical import TfidfBaseline
from titlesearch.evaluate.metrics import Metrics, Prediction, Truth, compute_metrics, hit_rank
from titlesearch.progress import shown
from titlesearch.search.classify import classify_ranked, rank_codes
from titlesearch.search.confidence import Calibration
from titlesearch.search.expansion import expansions
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
    predictions: dict[str, list[Prediction]] = field(default_factory=dict, repr=False)
    code_scores: dict[str, list[np.ndarray]] = field(default_factory=dict, repr=False)
    titles: list[str] = field(default_factory=list, repr=False)
    truth: list[Truth] = field(default_factory=list, repr=False)
    temperatures: dict[str, float] = field(default_factory=dict)
    created_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "n": self.n,
            "abstain_below": self.abstain_below,
            "temperatures": {k: round(v, 4) for k, v in self.temperatures.items()},
            "created_at": self.created_at,
            "index": self.index,
            "systems": {name: m.as_dict() for name, m in self.systems.items()},
            "titles_per_second": {
                name: round(self.n / s, 1) if s > 0 else None for name, s in self.seconds.items()
            },
        }


GOLD_COLUMNS = ("onet_soc_codes", "onet_soc_code")


def load_labelled(path: Path, *, limit: int | None = None) -> tuple[list[str], list[Truth]]:
    """Titles and gold codes from a CSV with ``title`` and ``onet_soc_code(s)`` columns.

    A gold entry is one code, or several acceptable ones joined by ``;``.

    Raises:
        DataFileError: missing file/columns, or rows with an invalid code (named by row).
    """
    frame = read_table(path)
    gold_column = next((c for c in GOLD_COLUMNS if c in frame.columns), GOLD_COLUMNS[1])
    require_columns(frame, ["title", gold_column], path)
    if limit is not None:
        if limit < 1:
            raise InvalidInputError(f"--limit must be at least 1, got {limit}")
        frame = frame.head(limit)
    bad, gold = [], []
    for number, entry in enumerate(frame[gold_column], start=2):
        codes = [c.strip() for c in str(entry).split(";") if c.strip()]
        try:
            if not codes:
                raise InvalidInputError("no code")
            gold.append(";".join(validate_onet_code(c) for c in codes))
        except InvalidInputError:
            bad.append(f"row {number} ({entry!r})")
    if bad:
        shown = ", ".join(bad[:5])
        raise DataFileError(f"{path}: invalid {gold_column} in {len(bad)} rows: {shown}")
    return frame["title"].astype(str).tolist(), gold


def model_predictions(
    service: SearchService,
    titles: Sequence[str],
    model: str,
    calibration: Calibration,
    *,
    progress: bool = True,
) -> tuple[list[Prediction], list[np.ndarray]]:
    """What classification answers for each title (same path as ``classify``), and each
    title's code scores, best first (what a temperature is fitted on); a progress bar over the
    titles unless ``progress`` is off (or bars are hidden)."""
    from tqdm.auto import tqdm

    titles = list(titles)
    texts = [clean_query(t, max_chars=service.max_query_chars).text for t in titles]
    out, scores = [], []
    bar = tqdm(total=len(texts), desc=f"eval {model}", unit="title", disable=not shown(progress))
    for start in range(0, len(texts), 256):
        chunk = texts[start : start + 256]
        hits = service.neighbours(chunk, model=model, limit=CLASSIFY_NEIGHBOURS)
        expanded = expansions(chunk) if service.expand else [None] * len(chunk)
        raw = titles[start : start + 256]
        for title, text, found, extra in zip(raw, chunk, hits, expanded, strict=True):
            ranked = rank_codes(text, found, text=extra)
            answer = classify_ranked(
                title,
                ranked,
                abstain_below=service.abstain_below,
                top_k=10,
                calibration=calibration,
            )
            codes = [a.onet_code for a in answer.alternatives]
            probabilities = tuple(a.probability for a in answer.alternatives)
            out.append(Prediction(codes, answer.confidence, probabilities, answer.level))
            scores.append(ranked[1])
        bar.update(len(chunk))
    bar.close()
    return out, scores


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
    codes: Sequence[Truth],
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
    predictions: dict[str, list[Prediction]] = {}
    code_scores: dict[str, list[np.ndarray]] = {}
    temperatures: dict[str, float] = {}
    for name in systems:
        if name != LEXICAL and name not in service.models:
            continue
        if progress:
            progress(name)
        started = time.perf_counter()
        if name == LEXICAL:
            predictions[name] = lexical_baseline(service).predict(list(titles))
        else:
            calibration = service.calibrations.get(name, Calibration())
            temperatures[name] = calibration.temperature
            predictions[name], code_scores[name] = model_predictions(
                service, titles, name, calibration
            )
        seconds[name] = time.perf_counter() - started
        results[name] = compute_metrics(
            codes, predictions[name], abstain_below=service.abstain_below
        )
    index = {
        "version": service.manifest.version,
        "points": service.manifest.corpus.points,
        "models": {
            k: v.name + (f"+{v.adapter.run_id}" if v.adapter else "")
            for k, v in service.manifest.vectors.items()
        },
    }
    return EvalReport(
        dataset,
        len(titles),
        service.abstain_below,
        results,
        seconds,
        index,
        predictions,
        code_scores,
        list(titles),
        list(codes),
        temperatures,
    )


def recalibrated(report: EvalReport, calibrations: dict[str, Calibration]) -> EvalReport:
    """The report's metrics again with new calibrations (confidence changes, ranking does not)."""
    for name, calibration in calibrations.items():
        if name not in report.code_scores:
            continue
        updated = []
        rows = zip(report.predictions[name], report.code_scores[name], report.titles, strict=True)
        for pred, scores, title in rows:
            probs = calibration.probabilities(scores, title) if len(scores) else scores
            confidence = float(probs[0]) if len(probs) else 0.0
            level = "code" if confidence >= report.abstain_below else "below threshold"
            shown = tuple(float(x) for x in probs[: len(pred.probabilities)])
            updated.append(Prediction(pred.codes, confidence, shown, level))
        report.predictions[name] = updated
        report.systems[name] = compute_metrics(
            report.truth, report.predictions[name], abstain_below=report.abstain_below
        )
        report.temperatures[name] = calibration.temperature
    return report


def right_positions(report: EvalReport, name: str) -> list[int]:
    """Per title, the 0-based position of a right code among its ranked codes (-1: none)."""
    return [
        hit_rank(p.codes, gold) - 1 if hit_rank(p.codes, gold) else -1
        for p, gold in zip(report.predictions[name], report.truth, strict=True)
    ]
