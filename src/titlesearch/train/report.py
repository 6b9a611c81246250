"""A run's folder and what it measured: validation retrieval, parameters, hardware, the report.

Validation contract: queries are validation jittered titles; the corpus is every distinct clean
title of the data (training seeds plus validation seeds); a hit is a corpus title of the query's
O*NET code. ``accuracy@k`` is the share of queries with a same-code title in the top k (so
``accuracy@1`` is code accuracy of nearest-title classification), ``mrr@10`` the mean reciprocal
rank of the first same-code title within the top 10 (0 beyond).
"""

from __future__ import annotations

import os
import platform
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

REPORT_NAME = "training_report.json"
METRIC_KEYS = ("accuracy@1", "accuracy@5", "mrr@10")


@dataclass(frozen=True)
class ValidationSet:
    """Queries with their codes and the corpus they are ranked against (see the module doc)."""

    queries: list[str]
    query_codes: np.ndarray
    corpus: list[str]
    corpus_codes: np.ndarray

    @classmethod
    def from_split(
        cls,
        train: pd.DataFrame,
        val: pd.DataFrame,
        *,
        max_queries: int | None = 2000,
        seed: int = 0,
    ) -> ValidationSet:
        """At most ``max_queries`` validation variants (a seeded sample); corpus = all seeds."""
        queries = val
        if max_queries is not None and len(val) > max_queries:
            queries = val.sample(n=max_queries, random_state=seed)
        seeds = pd.concat([train, val])[["seed_key", "seed_title", "onet_code"]]
        seeds = seeds.drop_duplicates("seed_key").sort_values("seed_key")
        return cls(
            queries=list(queries.jittered_title),
            query_codes=queries.onet_code.to_numpy(dtype=object),
            corpus=list(seeds.seed_title),
            corpus_codes=seeds.onet_code.to_numpy(dtype=object),
        )

    def sizes(self) -> dict[str, int]:
        return {"queries": len(self.queries), "corpus": len(self.corpus)}


def retrieval_metrics(
    query_vectors: np.ndarray,
    query_codes: np.ndarray,
    corpus_vectors: np.ndarray,
    corpus_codes: np.ndarray,
    *,
    chunk: int = 1024,
) -> dict[str, float]:
    """``accuracy@1``, ``accuracy@5`` and ``mrr@10`` of same-code retrieval (unit vectors in)."""
    k = min(10, len(corpus_codes))
    first_hit: list[np.ndarray] = []
    for start in range(0, len(query_vectors), chunk):
        sims = query_vectors[start : start + chunk] @ corpus_vectors.T
        top = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        top = np.take_along_axis(top, np.take_along_axis(-sims, top, axis=1).argsort(axis=1), 1)
        hits = corpus_codes[top] == query_codes[start : start + chunk, None]
        rank = np.where(hits.any(axis=1), hits.argmax(axis=1) + 1, 0)  # 0 = no hit in top k
        first_hit.append(rank)
    ranks = np.concatenate(first_hit) if first_hit else np.zeros(0, dtype=int)
    found = ranks > 0
    reciprocal = np.where(found, 1.0 / np.maximum(ranks, 1), 0.0)
    return {
        "accuracy@1": float(np.mean(found & (ranks <= 1))) if len(ranks) else 0.0,
        "accuracy@5": float(np.mean(found & (ranks <= 5))) if len(ranks) else 0.0,
        "mrr@10": float(reciprocal.mean()) if len(ranks) else 0.0,
    }


def evaluate(
    encode: Callable[[Sequence[str]], np.ndarray], valset: ValidationSet
) -> dict[str, float]:
    """Encode queries and corpus with ``encode`` (unit-length vectors) and score them."""
    queries = np.asarray(encode(valset.queries), dtype=np.float32)
    corpus = np.asarray(encode(valset.corpus), dtype=np.float32)
    metrics = retrieval_metrics(queries, valset.query_codes, corpus, valset.corpus_codes)
    return {key: round(value, 4) for key, value in metrics.items()}


def model_encoder(model: Any, batch_size: int = 128) -> Callable[[Sequence[str]], np.ndarray]:
    """``encode`` for a (possibly training) SentenceTransformer: unit vectors, no progress bar."""

    def encode(texts: Sequence[str]) -> np.ndarray:
        return model.encode(
            list(texts),
            batch_size=batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )

    return encode


def trainable_parameters(model: Any) -> dict[str, float | int]:
    """Trainable (LoRA) and total parameters of a torch module, and the trainable share in %."""
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    total = sum(p.numel() for p in model.parameters())
    return {
        "trainable": int(trainable),
        "total": int(total),
        "share_percent": round(100.0 * trainable / total, 3) if total else 0.0,
    }


def loss_curve(log_history: list[dict[str, Any]]) -> list[dict[str, float]]:
    """(step, loss) points from a Hugging Face trainer's ``state.log_history``."""
    return [
        {"step": int(entry["step"]), "loss": round(float(entry["loss"]), 5)}
        for entry in log_history
        if "loss" in entry and "step" in entry
    ]


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def hardware_info(device: str) -> dict[str, Any]:
    """Where the run ran: device, CPU and GPU names, torch threads and version."""
    import torch

    gpu = torch.cuda.get_device_name(0) if device.startswith("cuda") else None
    return {
        "device": device,
        "cpu": _cpu_name(),
        "cpu_count": os.cpu_count(),
        "gpu": gpu,
        "torch_threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "platform": platform.platform(),
    }


def summary_lines(report: dict[str, Any]) -> list[str]:
    """The few lines a person wants after a run: accuracy before → after, share, time, paths."""
    before, after = report["validation"]["before"], report["validation"]["after"]
    params = report["parameters"]
    lines = [
        f"run {report['run_id']} ({report['config']['profile']}, {report['base_model']})",
        "validation "
        + ", ".join(f"{k} {before[k]:.3f} → {after[k]:.3f}" for k in METRIC_KEYS)
        + f" ({report['validation']['sizes']['queries']} queries, "
        f"{report['validation']['sizes']['corpus']} titles)",
        f"trainable {params['trainable']:,} of {params['total']:,} parameters "
        f"({params['share_percent']:.2f}%), {report['steps']} steps in "
        f"{report['time_seconds']['train']:.0f}s training, "
        f"{report['time_seconds']['total']:.0f}s in all "
        f"on {report['hardware']['gpu'] or report['hardware']['device']}",
        f"adapter {report['paths']['adapter']}",
        f"merged  {report['paths']['merged']}",
    ]
    return lines


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
