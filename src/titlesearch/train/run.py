"""LoRA fine-tuning of the base sentence-transformer on synthetic triplets, one run per call.

A run: split the data by seed title, mine negatives with the base model, measure validation
retrieval, train a peft LoRA adapter through sentence-transformers' adapter support, save the
adapter alone and a merged model, measure again, and write ``training_report.json``. Everything is
written into a staging folder that is renamed to ``runs/<run_id>`` only when complete, so an
interrupted run never leaves a half-written ``adapter/`` behind (the next run sweeps it away).
"""

from __future__ import annotations

import os
import shutil
import time
import warnings
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from titlesearch.atomic_write import write_json_atomic
from titlesearch.encoders import Encoder, ResolvedModel, build_encoder, read_adapter
from titlesearch.encoders.encoder import ADAPTER_META, pick_device
from titlesearch.errors import ModelError
from titlesearch.train.config import TrainConfig
from titlesearch.train.data.prepared import PreparedData, prepare_data
from titlesearch.train.fit import build_lora_model, fit, scale_update
from titlesearch.train.report import (
    REPORT_NAME,
    Hardware,
    Parameters,
    RetrievalScores,
    RunPaths,
    Timing,
    TrainingReport,
    Validation,
    ValidationSizes,
)
from titlesearch.train.validation import evaluate, model_encoder

VALIDATION_NAME = "validation.csv"  # held-out variants, columns title,onet_soc_code (+ seeds)


@dataclass(frozen=True)
class TrainResult:
    """A finished run: where it lives and what it measured (the report's content)."""

    run_id: str
    run_dir: Path
    adapter_dir: Path
    merged_dir: Path
    report: TrainingReport


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
    model: Any = None,
) -> TrainResult:
    """Train one LoRA adapter on ``frame`` and save the run (see the module doc).

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
        model: a loaded, unadapted copy of ``base`` on ``device`` to train in place, instead of
            loading one (tests hand in a copy of one session-wide model).

    Raises:
        TrainingError: bad config or too little data.
    """
    started = time.perf_counter()
    config.validated()
    device = pick_device(device)
    base_encoder = base_encoder or build_encoder(base, cache=cache, device=device)
    data = prepare_data(frame, base_encoder, config)
    before = evaluate(base_encoder.encode, data.valset)
    run_id = run_id or new_run_id(runs_dir, config.profile)
    run_dir = Path(runs_dir) / run_id
    staging = staging_dir(Path(runs_dir), run_id)
    try:
        model = build_lora_model(base, config, device, model=model)
        params = Parameters.of(model[0].auto_model)
        train_started = time.perf_counter()
        history, steps = fit(
            model, data.triplets.frame, config, staging / "trainer", progress=progress
        )
        train_seconds = time.perf_counter() - train_started
        shutil.rmtree(staging / "trainer", ignore_errors=True)
        scale_update(model, config.update_scale)
        tuned, max_diff = _save_adapter_and_merged(
            model, base, config, run_id, staging, device, data, cache
        )
        after = evaluate(tuned.encode, data.valset)
        report = TrainingReport(
            run_id=run_id,
            created_at=datetime.now(UTC).isoformat(timespec="seconds"),
            base_model=base.name,
            base_sha256=base.sha256,
            config=asdict(config),
            lora_target_modules=sorted(model[0].auto_model.peft_config["default"].target_modules),
            parameters=params,
            data={**data.split.sizes(), "triplets": data.triplets.stats},
            validation=Validation(
                sizes=ValidationSizes(**data.valset.sizes()),
                before=RetrievalScores.model_validate(before),
                after=RetrievalScores.model_validate(after),
            ),
            steps=steps,
            warmup_steps=config.warmup_for(config.total_steps(len(data.triplets.frame))),
            loss_curve=history,
            adapter_check_max_abs_diff=max_diff,
            time_seconds=Timing(
                train=round(train_seconds, 1), total=round(time.perf_counter() - started, 1)
            ),
            hardware=Hardware.detect(device),
            paths=RunPaths(adapter=str(run_dir / "adapter"), merged=str(run_dir / "merged")),
        )
        report.write(staging / REPORT_NAME)
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


def new_run_id(runs_dir: Path, profile: str) -> str:
    """``<UTC time>-<profile>``, with a counter if that folder already exists."""
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    run_id, n = f"{stamp}-{profile}", 1
    while (Path(runs_dir) / run_id).exists():
        n += 1
        run_id = f"{stamp}-{profile}-{n}"
    return run_id


def staging_dir(runs_dir: Path, run_id: str) -> Path:
    """A fresh ``runs/.staging/<run_id>.<pid>``; staging folders of dead processes are removed."""
    root = runs_dir / ".staging"
    root.mkdir(parents=True, exist_ok=True)
    for entry in root.iterdir():
        pid = entry.name.rsplit(".", 1)[-1]
        if not (pid.isdigit() and _alive(int(pid))):
            shutil.rmtree(entry, ignore_errors=True)
    path = root / f"{run_id}.{os.getpid()}"
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir()
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
