"""LoRA fine-tuning of the base sentence-transformer on synthetic triplets, one run per call.

A run: split the data by seed title, mine negatives with the base model, measure validation
retrieval, train a peft LoRA adapter through sentence-transformers' adapter support, save the
adapter alone and a merged model, measure again, and write ``training_report.json``. Everything is
written into a staging folder that is renamed to ``runs/<run_id>`` only when complete, so an
interrupted run never leaves a half-written ``adapter/`` behind (the next run sweeps it away).
"""

from __future__ import annotations

import math
import os
import shutil
import time
import warnings
from dataclasses import asdict, dataclass, field, fields, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from titlesearch.atomic_write import write_json_atomic
from titlesearch.encoders import Encoder, ResolvedModel, build_encoder, read_adapter
from titlesearch.encoders.encoder import ADAPTER_META, pick_device
from titlesearch.errors import ModelError, TrainingError
from titlesearch.train import report as rep
from titlesearch.train.fitting import build_lora_model, fit
from titlesearch.train.split import Split, limit_seeds, split_by_seed
from titlesearch.train.triplets import NEGATIVE_MODES, TripletSet, build_triplets
from titlesearch.train.validation import ValidationSet, evaluate, model_encoder

LOSSES = ("mnrl", "triplet")
VALIDATION_NAME = "validation.csv"  # held-out variants, columns title,onet_soc_code (+ seeds)


def _opt(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run; field help doubles as CLI documentation."""

    profile: str = _opt("quick", "quick (all-MiniLM-L6-v2) or seed (all-mpnet-base-v2).")
    loss: str = _opt("mnrl", "mnrl (MultipleNegativesRankingLoss) or triplet (TripletLoss).")
    negatives: str = _opt("hard", "hard: nearest title of another code; random: any other code.")
    negative_pool: int = _opt(5, "Distinct negatives per seed title, cycled by its variants.")
    negative_skip: int = _opt(0, "Nearest other-code titles to skip (likely near-synonyms).")
    r: int = _opt(16, "LoRA rank.")
    alpha: int = _opt(32, "LoRA alpha (scaling = alpha / r).")
    dropout: float = _opt(0.1, "LoRA dropout, 0 <= p < 1.")
    lr: float = _opt(2e-4, "Peak learning rate (linear warmup, then linear decay).")
    batch_size: int = _opt(64, "Triplets per step.")
    margin: float = _opt(0.25, "TripletLoss margin in cosine distance (unused by mnrl).")
    warmup: int = _opt(30, "Warmup steps; capped at half the run's steps.")
    epochs: float | None = _opt(None, "Passes over the triplets (used when max_steps is unset).")
    max_steps: int | None = _opt(300, "Training steps; overrides epochs.")
    target_modules: tuple[str, ...] = _opt(("query", "key", "value", "dense"), "LoRA targets.")
    map_targets: bool = _opt(True, "Map targets to the model's names (MPNet: q/k/v/o).")
    val_fraction: float = _opt(0.1, "Share of each code's seed titles held out for validation.")
    limit_seeds: int | None = _opt(None, "Use only this many seed titles (a seeded sample).")
    max_eval_queries: int | None = _opt(2000, "Validation queries scored (a seeded sample).")
    seed: int = _opt(42, "Random seed: split, negatives, sampling order, initialisation.")

    @classmethod
    def for_profile(cls, profile: str, **overrides: Any) -> TrainConfig:
        """The profile's defaults with ``overrides`` (None values ignored) on top.

        Giving ``epochs`` clears the profile's ``max_steps`` and vice versa.

        Raises:
            TrainingError: unknown profile or option, or a value out of range.
        """
        if profile not in PROFILES:
            raise TrainingError(f"unknown profile {profile!r}; choose one of {', '.join(PROFILES)}")
        given = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(given) - {f.name for f in fields(cls)}
        if unknown:
            raise TrainingError(f"unknown training option(s): {', '.join(sorted(unknown))}")
        if "epochs" in given and "max_steps" in given:
            raise TrainingError("give either --epochs or --max-steps, not both")
        if "epochs" in given:
            given["max_steps"] = None
        if "max_steps" in given:
            given["epochs"] = None
        return replace(PROFILES[profile], **given).validated()

    def validated(self) -> TrainConfig:
        """Return self, or raise :class:`TrainingError` naming the first bad value."""
        checks = [
            (self.loss in LOSSES, f"--loss must be one of {', '.join(LOSSES)}, got {self.loss!r}"),
            (
                self.negatives in NEGATIVE_MODES,
                f"--negatives must be hard or random, got {self.negatives!r}",
            ),
            (self.r >= 1, f"--r must be >= 1, got {self.r}"),
            (self.alpha > 0, f"--alpha must be > 0, got {self.alpha}"),
            (0 <= self.dropout < 1, f"--dropout must be in [0, 1), got {self.dropout}"),
            (0 < self.lr < 1, f"--lr must be in (0, 1), got {self.lr}"),
            (self.batch_size >= 2, f"--batch-size must be >= 2, got {self.batch_size}"),
            (self.margin > 0, f"--margin must be > 0, got {self.margin}"),
            (self.warmup >= 0, f"--warmup must be >= 0, got {self.warmup}"),
            (
                self.max_steps is None or self.max_steps >= 1,
                f"--max-steps must be >= 1, got {self.max_steps}",
            ),
            (self.epochs is None or self.epochs > 0, f"--epochs must be > 0, got {self.epochs}"),
            (self.max_steps is not None or self.epochs is not None, "give --epochs or --max-steps"),
            (
                0 < self.val_fraction <= 0.5,
                f"--val-fraction must be in (0, 0.5], got {self.val_fraction}",
            ),
            (self.limit_seeds is None or self.limit_seeds >= 10, "--limit-seeds must be >= 10"),
            (self.negative_pool >= 1 and self.negative_skip >= 0, "negative pool >= 1, skip >= 0"),
        ]
        for ok, message in checks:
            if not ok:
                raise TrainingError(message)
        return self

    def total_steps(self, n_triplets: int) -> int:
        if self.max_steps is not None:
            return self.max_steps
        return max(1, math.ceil(n_triplets / self.batch_size * (self.epochs or 1)))

    def warmup_for(self, total_steps: int) -> int:
        """Warmup capped at half the run, so short runs still train at the peak rate."""
        return min(self.warmup, total_steps // 2)


PROFILES: dict[str, TrainConfig] = {
    "quick": TrainConfig(),
    # The seed report's configuration (all-mpnet-base-v2), one pass over the data.
    "seed": TrainConfig(
        profile="seed", loss="triplet", r=16, alpha=16, dropout=0.226, lr=1.09e-5,
        batch_size=32, margin=0.123, warmup=359, epochs=1.0, max_steps=None,
    ),
}  # fmt: skip


@dataclass(frozen=True)
class PreparedData:
    """Split, triplets and validation set of one dataset under one config (reused by HPO)."""

    split: Split
    triplets: TripletSet
    valset: ValidationSet


def prepare_data(frame: pd.DataFrame, base_encoder: Encoder, config: TrainConfig) -> PreparedData:
    """Limit, split, mine negatives and build the validation set, as ``config`` says."""
    frame = limit_seeds(frame, config.limit_seeds, config.seed)
    split = split_by_seed(frame, config.val_fraction, config.seed)
    triplets = build_triplets(
        split.train,
        negatives=config.negatives,  # type: ignore[arg-type]
        encoder=base_encoder,
        pool=config.negative_pool,
        skip=config.negative_skip,
        seed=config.seed,
    )
    valset = ValidationSet.from_split(
        split.train, split.val, max_queries=config.max_eval_queries, seed=config.seed
    )
    return PreparedData(split, triplets, valset)


@dataclass(frozen=True)
class TrainResult:
    """A finished run: where it lives and what it measured (the report's content)."""

    run_id: str
    run_dir: Path
    adapter_dir: Path
    merged_dir: Path
    report: dict[str, Any]


def train_adapter(
    frame: pd.DataFrame,
    base: ResolvedModel,
    config: TrainConfig,
    *,
    runs_dir: Path,
    cache: Any = None,
    device: str | None = None,
    progress: bool = True,
    run_id: str | None = None,
    base_encoder: Encoder | None = None,
) -> TrainResult:
    """Train one LoRA adapter on ``frame`` (see :mod:`titlesearch.train.split`) and save the run.

    Args:
        frame: synthetic rows, already tidied by ``prepare_frame``/``load_training_frame``.
        base: the verified base model.
        config: hyperparameters and data options.
        runs_dir: parent of ``<run_id>/``: ``adapter/``, ``merged/``, ``training_report.json``,
            ``validation.csv``.
        cache: an :class:`~titlesearch.encoders.EmbeddingCache` for base embeddings.
        device: ``cpu``/``cuda``; None picks CUDA when available.
        progress: show a progress bar while training.
        run_id: name of the run folder; default ``<UTC time>-<profile>``.
        base_encoder: reuse an already loaded base encoder instead of loading one.

    Raises:
        TrainingError: bad config or too little data.
    """
    started = time.perf_counter()
    config.validated()
    device = pick_device(device)
    base_encoder = base_encoder or build_encoder(base, cache=cache, device=device)
    data = prepare_data(frame, base_encoder, config)
    before = evaluate(base_encoder.encode, data.valset)
    run_id = run_id or rep.new_run_id(runs_dir, config.profile)
    run_dir = Path(runs_dir) / run_id
    staging = rep.staging_dir(Path(runs_dir), run_id)
    try:
        model = build_lora_model(base, config, device)
        params = rep.trainable_parameters(model[0].auto_model)
        train_started = time.perf_counter()
        history, steps = fit(
            model, data.triplets.frame, config, staging / "trainer", progress=progress
        )
        train_seconds = time.perf_counter() - train_started
        shutil.rmtree(staging / "trainer", ignore_errors=True)
        tuned, max_diff = _save_adapter_and_merged(
            model, base, config, run_id, staging, device, data, cache
        )
        after = evaluate(tuned.encode, data.valset)
        report = {
            "run_id": run_id,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "base_model": base.name,
            "base_sha256": base.sha256,
            "config": asdict(config),
            "lora_target_modules": sorted(
                model[0].auto_model.peft_config["default"].target_modules
            ),
            "parameters": params,
            "data": {**data.split.sizes(), "triplets": data.triplets.stats},
            "validation": {"sizes": data.valset.sizes(), "before": before, "after": after},
            "steps": steps,
            "warmup_steps": config.warmup_for(config.total_steps(len(data.triplets.frame))),
            "loss_curve": history,
            "adapter_check_max_abs_diff": max_diff,
            "time_seconds": {
                "train": round(train_seconds, 1),
                "total": round(time.perf_counter() - started, 1),
            },
            "hardware": rep.hardware_info(device),
            "paths": {"adapter": str(run_dir / "adapter"), "merged": str(run_dir / "merged")},
        }
        write_json_atomic(staging / rep.REPORT_NAME, report)
        _write_validation(data.split.val, staging / VALIDATION_NAME)
        os.replace(staging, run_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return TrainResult(run_id, run_dir, run_dir / "adapter", run_dir / "merged", report)


def _save_adapter_and_merged(
    model: Any, base: ResolvedModel, config: TrainConfig, run_id: str, staging: Path,
    device: str, data: PreparedData, cache: Any,
) -> tuple[Encoder, float]:  # fmt: skip
    """Save the adapter (+ titlesearch meta), reload it the way inference does, save merged.

    The reloaded encoder is the one ``ingest --adapter`` builds (same fingerprint), so with a
    cache attached the validation corpus it encodes next is reused when indexing.
    """
    adapter_dir = staging / "adapter"
    model[0].auto_model.save_pretrained(str(adapter_dir))
    meta = {
        "run_id": run_id,
        "base_model": base.name,
        "base_sha256": base.sha256,
        "profile": config.profile,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    write_json_atomic(adapter_dir / ADAPTER_META, meta)
    with warnings.catch_warnings():  # peft's merge trips a transformers deprecation notice
        warnings.simplefilter("ignore", FutureWarning)
        tuned = build_encoder(base, adapter=read_adapter(adapter_dir), cache=cache, device=device)
    probe = data.valset.queries[:32] + data.valset.corpus[:32]
    trained = model_encoder(model)(probe)
    max_diff = float(np.abs(trained - tuned.encode(probe)).max())
    if max_diff > 1e-3:  # measured ~1e-7 on CPU; the margin is for GPU kernels
        raise ModelError(
            f"the saved adapter does not reproduce the trained model (diff {max_diff:.2e})"
        )
    tuned.model.save(str(staging / "merged"))
    return tuned, round(max_diff, 8)


def _write_validation(val: pd.DataFrame, path: Path) -> None:
    """The held-out variants as ``title,onet_soc_code,seed_title,onet_title`` (for ``eval``)."""
    columns = {"jittered_title": "title", "onet_code": "onet_soc_code"}
    frame = val.rename(columns=columns)[["title", "onet_soc_code", "seed_title", "onet_title"]]
    frame.to_csv(path, index=False)
