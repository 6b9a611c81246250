"""The training report: what one run measured, as a typed object written and read here only.

``runs/<run_id>/training_report.json`` keeps the keys it has always had (``accuracy@1``,
``time_seconds``, …), so the reports of earlier runs still read. Every field but ``run_id`` has a
default, because older and hand-made reports lack some parts; the readers (CLI, pipeline, the UI
via :mod:`titlesearch.evaluate.artifacts`) show what is there. A file that is not JSON, not an
object, or holds a value of the wrong type is damaged: :meth:`TrainingReport.read` says so with
a :class:`~titlesearch.errors.TrainingError`.

Usage::

    report.write(run_dir / REPORT_NAME)
    report = TrainingReport.read(run_dir / REPORT_NAME)
    print("\\n".join(report.summary_lines()))
"""

from __future__ import annotations

import json
import os
import platform
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from titlesearch.atomic_write import write_json_atomic
from titlesearch.errors import TrainingError
from titlesearch.train.validation import METRIC_KEYS

REPORT_NAME = "training_report.json"


class ReportPart(BaseModel):
    """A part of the report: immutable, and keeps keys it does not know (other versions')."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    def as_dict(self) -> dict[str, Any]:
        """The JSON object of this part: its keys as on disk, only those that were given."""
        return self.model_dump(by_alias=True, exclude_unset=True)


class Parameters(ReportPart):
    """Trainable (LoRA) and total parameters, and the trainable share in %."""

    trainable: int | None = None
    total: int | None = None
    share_percent: float | None = None

    @classmethod
    def of(cls, model: Any) -> Parameters:
        """Count the parameters of a torch module (the transformer carrying the adapter)."""
        trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
        total = sum(p.numel() for p in model.parameters())
        share = round(100.0 * trainable / total, 3) if total else 0.0
        return cls(trainable=int(trainable), total=int(total), share_percent=share)


class RetrievalScores(ReportPart):
    """Validation retrieval (see :mod:`titlesearch.train.validation`), keyed ``accuracy@1``…."""

    accuracy_at_1: float | None = Field(None, alias="accuracy@1")
    accuracy_at_5: float | None = Field(None, alias="accuracy@5")
    mrr_at_10: float | None = Field(None, alias="mrr@10")


class ValidationSizes(ReportPart):
    """How many validation queries were ranked against how many clean titles."""

    queries: int
    corpus: int


class Validation(ReportPart):
    """The validation set's size and its scores before and after training."""

    sizes: ValidationSizes | None = None
    before: RetrievalScores = Field(default_factory=RetrievalScores)
    after: RetrievalScores = Field(default_factory=RetrievalScores)


class LossPoint(ReportPart):
    """The training loss logged at one step."""

    step: int
    loss: float


class Timing(ReportPart):
    """Seconds spent training, and on the whole run (data, validation, saving included)."""

    train: float | None = None
    total: float | None = None


class Hardware(ReportPart):
    """Where the run ran: device, CPU and GPU names, torch threads and version."""

    device: str | None = None
    cpu: str | None = None
    cpu_count: int | None = None
    gpu: str | None = None
    torch_threads: int | None = None
    torch: str | None = None
    platform: str | None = None

    @classmethod
    def detect(cls, device: str) -> Hardware:
        """Describe this machine as a run on ``device`` (``cpu``, ``cuda``, ``cuda:1``) sees it."""
        import torch

        return cls(
            device=device,
            cpu=_cpu_name(),
            cpu_count=os.cpu_count(),
            gpu=torch.cuda.get_device_name(0) if device.startswith("cuda") else None,
            torch_threads=torch.get_num_threads(),
            torch=torch.__version__,
            platform=platform.platform(),
        )

    @property
    def label(self) -> str:
        """The GPU's name, else the device; ``—`` when neither is known."""
        return str(self.gpu or self.device or "—")


class RunPaths(ReportPart):
    """Where the run saved the adapter alone and the merged model."""

    adapter: str | None = None
    merged: str | None = None


class TrainingReport(ReportPart):
    """Everything one training run recorded, as in ``training_report.json``.

    ``config`` holds the :class:`~titlesearch.train.config.TrainConfig` fields as they were
    (kept as a mapping so reports of older configs still read); ``data`` the split's sizes per
    side and the triplet mining's statistics.
    """

    run_id: str
    created_at: str | None = None
    base_model: str | None = None
    base_sha256: str | None = None
    config: dict[str, Any] = Field(default_factory=dict)
    lora_target_modules: list[str] = Field(default_factory=list)
    parameters: Parameters = Field(default_factory=Parameters)
    data: dict[str, Any] = Field(default_factory=dict)
    validation: Validation = Field(default_factory=Validation)
    steps: int | None = None
    warmup_steps: int | None = None
    loss_curve: list[LossPoint] = Field(default_factory=list)
    adapter_check_max_abs_diff: float | None = None
    time_seconds: Timing = Field(default_factory=Timing)
    hardware: Hardware = Field(default_factory=Hardware)
    paths: RunPaths = Field(default_factory=RunPaths)

    @field_validator("config", "data")
    @classmethod
    def _as_saved(cls, value: dict[str, Any]) -> dict[str, Any]:
        """Free-form parts as JSON keeps them (tuples become lists), so a report equals its
        saved copy."""
        return json.loads(json.dumps(value, default=str))

    @property
    def profile(self) -> str | None:
        """The training profile (``quick``, ``seed``) the run started from."""
        return self.config.get("profile")

    def write(self, path: Path) -> None:
        """Write the report as indented JSON, atomically (a reader never sees half a file)."""
        write_json_atomic(path, self.as_dict())

    @classmethod
    def read(cls, path: Path) -> TrainingReport:
        """The report in ``path``.

        Raises:
            TrainingError: the file is missing, unreadable, or damaged (not a JSON object of
                the report's shape, e.g. half-written by an older version).
        """
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as exc:
            raise TrainingError(f"cannot read the training report {path}: {exc}") from exc
        except ValueError as exc:
            raise TrainingError(f"the training report {path} is damaged: {exc}") from exc
        if not isinstance(data, dict):
            raise TrainingError(f"the training report {path} is damaged: not a JSON object")
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc'])) or 'report'}: {e['msg']}" for e in exc.errors()
            )
            raise TrainingError(f"the training report {path} is damaged: {problems}") from exc

    def summary_lines(self) -> list[str]:
        """The few lines a person wants after a run: accuracy before → after, share, time, paths.

        Expects a complete report, as :func:`titlesearch.train.run.train_adapter` makes.
        """
        before = self.validation.before.as_dict()
        after = self.validation.after.as_dict()
        sizes = self.validation.sizes or ValidationSizes(queries=0, corpus=0)
        params, seconds = self.parameters, self.time_seconds
        return [
            f"run {self.run_id} ({self.profile}, {self.base_model})",
            "validation "
            + ", ".join(f"{k} {before[k]:.3f} → {after[k]:.3f}" for k in METRIC_KEYS)
            + f" ({sizes.queries} queries, {sizes.corpus} titles)",
            f"trainable {params.trainable:,} of {params.total:,} parameters "
            f"({params.share_percent:.2f}%), {self.steps} steps in "
            f"{seconds.train:.0f}s training, {seconds.total:.0f}s in all "
            f"on {self.hardware.gpu or self.hardware.device}",
            f"adapter {self.paths.adapter}",
            f"merged  {self.paths.merged}",
        ]


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
