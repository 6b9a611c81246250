"""The whole job in one call: model → synthetic data → (tune) → train → index → evaluate.

Each step is resumable, so an interrupted pipeline is simply run again: generation skips the
seeds already done, a finished training run is reused when its data and configuration are
unchanged (``retrain`` forces a new one), the ingest resumes or finds the index up to date.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from titlesearch.atomic_write import write_json_atomic
from titlesearch.config import AppSettings
from titlesearch.errors import GenerationError

if TYPE_CHECKING:
    from titlesearch.train.report import TrainingReport

Say = Callable[[str], None]


@dataclass(frozen=True)
class PipelineOptions:
    """What to run. The defaults are the README's main command (quick profile, full corpus)."""

    profile: str = "quick"
    trials: int = 0  # Optuna trials before training; 0 = use the profile's parameters
    tune_steps: int = 60  # steps per Optuna trial
    max_steps: int | None = None  # training steps (None = the profile's)
    limit_seeds: int | None = None  # generate/train on a spread slice of seed titles
    index_limit: int | None = None  # index a spread slice of the corpus (tests, demos)
    backend: str = "auto"  # auto = llm when TITLESEARCH_LLM_MODEL is set, else rules
    dataset: Path | None = None  # an extra labelled set to evaluate on (e.g. in-the-wild titles)
    retrain: bool = False


@dataclass
class PipelineSummary:
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step
    run_id: str | None = None
    adapter: str | None = None
    version: str | None = None
    training: TrainingReport | None = None
    evaluations: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.steps.values())


def _file_key(path: Path) -> str:
    stat = path.stat()
    return f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"


def _config_key(data_key: str, config: Any) -> str:
    blob = json.dumps({"data": data_key, "config": asdict(config)}, sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def run_pipeline(settings: AppSettings, options: PipelineOptions, say: Say) -> PipelineSummary:
    """Run every step; ``say`` receives one line per step (the CLI prints them)."""
    from titlesearch.encoders import resolve_model
    from titlesearch.runtime import base_model_name

    summary = PipelineSummary()
    total = 6 if options.trials else 5
    step = iter(range(1, total + 1))

    def begin(name: str) -> float:
        say(f"[{next(step)}/{total}] {name}")
        return time.perf_counter()

    started = begin("model: resolve and verify")
    base_model = resolve_model(base_model_name(settings), settings.home.models_dir)
    summary.steps["model"] = time.perf_counter() - started

    started = begin("generate synthetic titles")
    data_path = _generate(settings, options, say)
    summary.steps["generate"] = time.perf_counter() - started

    overrides: dict[str, Any] = {}
    if options.trials:
        started = begin(f"tune: {options.trials} Optuna trials")
        overrides = _tune(settings, options, base_model, data_path, say)
        summary.steps["tune"] = time.perf_counter() - started

    started = begin("train LoRA adapter")
    adapter = _train(settings, options, base_model, data_path, overrides, summary, say)
    summary.steps["train"] = time.perf_counter() - started

    started = begin("index base + tuned vectors")
    summary.version = _ingest(settings, options, adapter, say)
    summary.steps["ingest"] = time.perf_counter() - started

    started = begin("evaluate base vs tuned vs lexical")
    _evaluate(settings, options, adapter.parent / "validation.csv", summary, say)
    summary.steps["eval"] = time.perf_counter() - started
    return summary


def _generate(settings: AppSettings, options: PipelineOptions, say: Say) -> Path:
    from titlesearch.synth.generate import generate_synthetic, resolve_output
    from titlesearch.taxonomy import load_taxonomy

    backend = options.backend
    if backend == "auto":
        backend = "llm" if settings.llm.model else "rules"
    if backend == "llm" and not settings.llm.model:
        raise GenerationError("--backend llm needs TITLESEARCH_LLM_MODEL (any litellm model)")
    seeds = seed_slice(load_taxonomy().corpus(), options.limit_seeds)
    output, fmt = resolve_output(settings.home, None, backend, None)
    result = generate_synthetic(
        seeds, output=output, backend=backend, fmt=fmt,
        llm=settings.llm if backend == "llm" else None, log_dir=settings.home.runs_dir,
    )  # fmt: skip
    say(f"    {result.rows_written} new rows ({result.seeds_skipped} seeds already done) "
        f"from {backend} → {output}")  # fmt: skip
    if result.seeds_failed:
        say(f"    {result.seeds_failed} seeds failed; rerun to retry them")
    return output


def seed_slice(corpus: list, limit: int | None, per_code: int = 5, seed: int = 0) -> list:
    """``limit`` seed titles, a few per occupation, so a slice still has unseen validation
    titles within each code (one title per code would leave nothing to validate on)."""
    import random

    if limit is None or limit >= len(corpus):
        return list(corpus)
    by_code: dict[str, list] = {}
    for record in corpus:
        by_code.setdefault(record.onet_code, []).append(record)
    codes = sorted(by_code)
    random.Random(seed).shuffle(codes)
    picked: list = []
    for code in codes:
        picked.extend(by_code[code][: min(per_code, limit - len(picked))])
        if len(picked) >= limit:
            break
    return picked


def _tune(settings, options, base_model, data_path, say) -> dict[str, Any]:
    from titlesearch.runtime import embedding_cache, encoder_for
    from titlesearch.train.config import TrainConfig
    from titlesearch.train.data.prepared import prepare_data
    from titlesearch.train.data.split import load_training_frame
    from titlesearch.train.hpo import TuneContext, run_study

    config = TrainConfig.for_profile(
        options.profile, max_steps=options.tune_steps, limit_seeds=options.limit_seeds
    )
    cache = embedding_cache(settings)
    try:
        encoder = encoder_for(settings, base_model, cache)
        prepared = prepare_data(load_training_frame(data_path), encoder, config)
    finally:
        cache.close()
    ctx = TuneContext(base_model, config, prepared, options.tune_steps,
                      max(1, options.tune_steps // 4), settings.model.device)  # fmt: skip
    best = run_study(ctx, settings.home.runs_dir, n_trials=options.trials)
    say(f"    best {best.get('metric')}: {best.get('value')} with {best.get('params')}")
    return dict(best.get("params") or {})


def _train(settings, options, base_model, data_path, overrides, summary, say) -> Path:
    from titlesearch.runtime import embedding_cache, encoder_for
    from titlesearch.train.config import TrainConfig
    from titlesearch.train.data.split import load_training_frame
    from titlesearch.train.report import REPORT_NAME, TrainingReport
    from titlesearch.train.run import train_adapter

    extra = {
        k: v
        for k, v in {"max_steps": options.max_steps, "limit_seeds": options.limit_seeds}.items()
        if v is not None
    }
    config = TrainConfig.for_profile(options.profile, **{**overrides, **extra})
    key = _config_key(_file_key(data_path), config)
    state_path = settings.home.runs_dir / f"pipeline_{options.profile}.json"
    state = json.loads(state_path.read_text()) if state_path.is_file() else {}
    previous = settings.home.runs_dir / str(state.get("run_id"))
    if (
        not options.retrain
        and state.get("key") == key
        and (previous / "adapter" / "adapter_config.json").is_file()
    ):
        say(f"    reusing run {state['run_id']} (same data and configuration; --retrain to redo)")
        summary.run_id = state["run_id"]
        summary.training = TrainingReport.read(previous / REPORT_NAME)
        summary.adapter = str(previous / "adapter")
        return previous / "adapter"
    cache = embedding_cache(settings)
    try:
        result = train_adapter(
            load_training_frame(data_path), base_model, config,
            runs_dir=settings.home.runs_dir, cache=cache, device=settings.model.device,
            base_encoder=encoder_for(settings, base_model, cache),
        )  # fmt: skip
    finally:
        cache.close()
    write_json_atomic(state_path, {"key": key, "run_id": result.run_id})
    summary.run_id, summary.training = result.run_id, result.report
    summary.adapter = str(result.adapter_dir)
    before = result.report.validation.before.as_dict()
    after = result.report.validation.after.as_dict()
    say(f"    run {result.run_id}: validation {_fmt(before)} → {_fmt(after)}")
    return result.adapter_dir


def _fmt(metrics: dict[str, Any]) -> str:
    return ", ".join(f"{k} {v:.3f}" for k, v in metrics.items() if isinstance(v, float))


def _ingest(settings, options, adapter: Path, say: Say) -> str:
    from titlesearch.ingest.job import run_ingest

    result = run_ingest(settings, adapter=adapter, limit=options.index_limit)
    say(f"    {result.status}: version {result.version}, {result.points} titles")
    return result.version


def _evaluate(settings, options, validation: Path, summary, say: Say) -> None:
    from titlesearch.evaluate.report import write_report
    from titlesearch.evaluate.run import evaluate, load_labelled
    from titlesearch.runtime import search_service_for, store_for

    datasets = [p for p in (validation, options.dataset) if p is not None and p.is_file()]
    with store_for(settings) as store:
        service = search_service_for(settings, store)
        for path in datasets:
            titles, codes = load_labelled(path)
            report = evaluate(service, titles, codes, dataset=str(path))
            markdown, _ = write_report(report, settings.home.reports_dir)
            data = report.as_dict()
            summary.evaluations[path.name] = data
            for name, metrics in data["systems"].items():
                say(
                    f"    {path.name} {name:<8} acc@1 {metrics['acc_at_1']:.3f}  "
                    f"acc@5 {metrics['acc_at_5']:.3f}  MRR@10 {metrics['mrr_at_10']:.3f}"
                )
            say(f"    report: {markdown}")
