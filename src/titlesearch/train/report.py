"""A run's folder and what it measured besides validation: parameters, hardware, the report.

Validation retrieval lives in :mod:`titlesearch.train.validation`.
"""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any

from titlesearch.train.validation import METRIC_KEYS

REPORT_NAME = "training_report.json"


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
