"""The ``generate`` job: clean seed titles in, a file of jittered variants out, resumable.

Seeds already present in the output file are skipped, and rows are appended per batch, so an
interrupted or partly failed run is finished by running it again. :func:`generate_synthetic` is
what the CLI and the training pipeline call; :func:`~titlesearch.synth.output.load_synthetic`
reads the file back.
"""

from __future__ import annotations

import random
import time
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from titlesearch.config import HomeSettings, LLMSettings
from titlesearch.errors import DataFileError, InvalidInputError
from titlesearch.synth.contract import (
    JitterCategory,
    JitteredTitle,
    seed_key,
)
from titlesearch.synth.output import SyntheticFile
from titlesearch.taxonomy import TitleRecord, dedupe, load_taxonomy, tidy_title, validate_onet_code

if TYPE_CHECKING:
    from titlesearch.synth.jitterer import BatchResult, Jitterer
    from titlesearch.synth.llm import LLMJitterer
    from titlesearch.synth.rules.jitterer import RuleJitterer

Backend = Literal["rules", "llm"]
Format = Literal["csv", "parquet"]
BACKENDS: tuple[str, ...] = ("rules", "llm")


@dataclass
class GenerationSummary:
    """What one ``generate`` run did; ``as_dict`` is what the CLI prints."""

    output: Path
    generator: str
    seeds_total: int = 0
    seeds_skipped: int = 0
    seeds_done: int = 0
    seeds_failed: int = 0
    seeds_missing: int = 0
    failed_batches: int = 0
    rows_written: int = 0
    per_category: dict[str, int] = field(default_factory=dict)
    dropped: dict[str, int] = field(default_factory=dict)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    log_path: Path | None = None
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["output"], data["log_path"] = str(self.output), self.log_path and str(self.log_path)
        return data


def load_seeds(path: Path) -> list[TitleRecord]:
    """Seed titles from a CSV/Parquet file with columns ``title``, ``onet_code`` [, ``onet_title``].

    Raises:
        DataFileError: missing/unreadable file, missing column, or a bad row (named by number).
    """
    from titlesearch.tabular import read_table, require_columns

    frame = read_table(path)
    require_columns(frame, ["title", "onet_code"], path)
    occupations = load_taxonomy().occupations
    has_name = "onet_title" in frame.columns
    records = []
    for row_number, row in enumerate(frame.to_dict("records"), start=2):  # 1 is the header
        title = tidy_title(str(row["title"]))
        if not title:
            raise DataFileError(f"{path}: row {row_number}: empty title")
        try:
            code = validate_onet_code(str(row["onet_code"]))
        except InvalidInputError as exc:
            raise DataFileError(f"{path}: row {row_number}: {exc}") from None
        if code not in occupations:
            raise DataFileError(f"{path}: row {row_number}: O*NET-SOC code {code} is not in O*NET")
        name = tidy_title(str(row["onet_title"])) if has_name else ""
        records.append(TitleRecord(title, code, name or occupations[code].title, "user"))
    return dedupe(records)


def sample_seeds(
    seeds: Sequence[TitleRecord], limit: int | None, seed: int = 0
) -> list[TitleRecord]:
    """A deterministic slice of ``limit`` seeds spread over as many O*NET codes as possible.

    Codes are visited in a seeded random order, one title each per round, so 200 seeds cover
    200 occupations rather than the first few codes of the file.
    """
    if limit is None or limit >= len(seeds):
        return list(seeds)
    if limit < 1:
        raise InvalidInputError(f"--limit must be at least 1, got {limit}")
    rng = random.Random(seed)
    by_code: dict[str, list[TitleRecord]] = defaultdict(list)
    for record in seeds:
        by_code[record.onet_code].append(record)
    queues = [by_code[code] for code in sorted(by_code)]
    rng.shuffle(queues)
    for queue in queues:
        rng.shuffle(queue)
    picked: list[TitleRecord] = []
    depth = 0
    while len(picked) < limit:
        queues = [q for q in queues if depth < len(q)]
        picked.extend(q[depth] for q in queues[: limit - len(picked)])
        depth += 1
    return picked


def resolve_output(
    home: HomeSettings, output: Path | None, backend: str, fmt: str | None
) -> tuple[Path, Format]:
    """The output file and its format.

    Default ``<home>/data/synthetic_<backend>.<fmt>``. A relative ``output`` is taken under
    ``<home>/data`` and must stay inside the home; an absolute path is used as given.
    """
    suffix_format = {".csv": "csv", ".parquet": "parquet"}
    if output is not None and output.suffix.lower() in suffix_format:
        implied: Format = suffix_format[output.suffix.lower()]  # type: ignore[assignment]
        if fmt and fmt != implied:
            raise InvalidInputError(f"--format {fmt} contradicts the output file name {output}")
        fmt = implied
    fmt = fmt or "csv"
    if fmt not in ("csv", "parquet"):
        raise InvalidInputError(f"--format must be csv or parquet, got {fmt!r}")
    if output is None:
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in backend)
        return home.data_dir / f"synthetic_{safe}.{fmt}", fmt  # type: ignore[return-value]
    if not output.suffix:
        output = output.with_suffix(f".{fmt}")
    if output.is_absolute():
        return output, fmt
    resolved = (home.data_dir / output).resolve()
    if not resolved.is_relative_to(home.home):
        raise InvalidInputError(
            f"--output {output} would write outside TITLESEARCH_HOME ({home.home}); "
            "give an absolute path to write elsewhere"
        )
    return resolved, fmt


def generate_synthetic(
    seeds: Sequence[TitleRecord],
    *,
    output: Path,
    backend: Backend = "rules",
    per_title: int = 2,
    seed: int = 0,
    fmt: Format = "csv",
    llm: LLMSettings | None = None,
    batch_size: int = 20,
    concurrency: int | None = None,
    log_dir: Path | None = None,
    corpus: Sequence[TitleRecord] | None = None,
    progress: bool = True,
    mock_response: object = None,
) -> GenerationSummary:
    """Write ``per_title`` variants of every seed not yet in ``output``; return a summary.

    Args:
        seeds: clean titles with their O*NET code (e.g. ``load_taxonomy().corpus()``).
        output: CSV or Parquet file with :data:`OUTPUT_COLUMNS`; appended to, never truncated.
        backend: ``rules`` (offline, deterministic with ``seed``) or ``llm`` (needs ``llm.model``).
        per_title: variants per seed title; categories rotate over all of them.
        seed: random seed of the rule backend.
        fmt: ``csv`` or ``parquet``.
        llm: model, timeout, retries and concurrency for the LLM backend.
        batch_size: seed titles per LLM request.
        concurrency: parallel LLM requests (default ``llm.concurrency``).
        log_dir: where the LLM request log (JSONL) goes; None = no log.
        corpus: titles that give the rule backend each code's siblings (default: O*NET corpus).
        progress: show a progress bar.
        mock_response: LLM backend only, for tests: litellm's ``mock_response`` (see
            :class:`~titlesearch.synth.llm.LLMJitterer`).

    Raises:
        InvalidInputError: bad ``backend``, ``per_title`` or ``batch_size``.
        GenerationError: LLM backend without a model, or the provider rejects key/model.
        DataFileError: ``output`` exists but is not a synthetic-data file.
    """
    if backend not in BACKENDS:
        raise InvalidInputError(f"--backend must be one of {', '.join(BACKENDS)}, got {backend!r}")
    if per_title < 1 or batch_size < 1:
        raise InvalidInputError("--per-title and --batch-size must be at least 1")
    started = time.monotonic()
    llm_backend = (
        _llm_backend(llm, per_title, batch_size, concurrency, log_dir, mock_response)
        if backend == "llm"
        else None
    )
    file = SyntheticFile(output, fmt)
    unique = dedupe(list(seeds))
    done = file.done_keys()
    todo = [r for r in unique if seed_key(r.onet_code, r.title) not in done]
    summary = GenerationSummary(output, llm_backend.generator if llm_backend else "rules")
    summary.seeds_total, summary.seeds_skipped = len(unique), len(unique) - len(todo)
    summary.log_path = llm_backend.log_path if llm_backend else None
    run = _Run(file, summary)
    try:
        jitterer: Jitterer = llm_backend or _rule_backend(todo, corpus, seed, per_title)
        jitterer.run(todo, run.batch, progress=progress)
    finally:
        file.close()
        run.finish(started)
    return summary


def _llm_backend(
    llm: LLMSettings | None,
    per_title: int,
    batch_size: int,
    concurrency: int | None,
    log_dir: Path | None,
    mock_response: object,
) -> LLMJitterer:
    from titlesearch.synth.llm import LLMJitterer

    log_path = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-%f")
        log_path = log_dir / f"generate-llm-{stamp}.jsonl"
    return LLMJitterer(
        llm or LLMSettings(),
        per_title=per_title,
        batch_size=batch_size,
        concurrency=concurrency,
        log_path=log_path,
        mock_response=mock_response,  # type: ignore[arg-type]
    )


def _rule_backend(
    todo: Sequence[TitleRecord], corpus: Sequence[TitleRecord] | None, seed: int, per_title: int
) -> RuleJitterer:
    """Siblings come from the O*NET corpus plus the seeds themselves (user seeds may be new)."""
    from titlesearch.synth.rules.jitterer import RuleJitterer

    return RuleJitterer(
        [*(corpus or load_taxonomy().corpus()), *todo], seed=seed, per_title=per_title
    )


@dataclass
class _Run:
    """One run's writer and tallies; rows are appended as soon as a batch is done."""

    file: SyntheticFile
    summary: GenerationSummary
    categories: Counter[str] = field(default_factory=Counter)
    dropped: Counter[str] = field(default_factory=Counter)

    def write(self, rows: list[JitteredTitle]) -> None:
        self.file.append(rows)
        self.summary.rows_written += len(rows)
        self.categories.update(row.category for row in rows)
        rows.clear()

    def batch(self, result: BatchResult) -> None:
        summary = self.summary
        summary.prompt_tokens += result.prompt_tokens
        summary.completion_tokens += result.completion_tokens
        if result.cost_usd is not None:
            summary.cost_usd = (summary.cost_usd or 0.0) + result.cost_usd
        self.dropped.update(result.dropped)
        if result.failed:
            summary.failed_batches += 1
            summary.seeds_failed += result.seeds
            return
        summary.seeds_missing += result.missing
        summary.seeds_done += result.seeds - result.missing
        self.write(result.rows)

    def finish(self, started: float) -> None:
        self.summary.per_category = {
            c.value: self.categories[c.value] for c in JitterCategory.all()
        }
        self.summary.dropped = dict(self.dropped)
        self.summary.seconds = round(time.monotonic() - started, 2)
