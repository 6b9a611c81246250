"""What decides a training run: :class:`TrainConfig` (its fields' help text documents the CLI
options) and the named :data:`PROFILES` it starts from.

Plain data with validation only; nothing here loads a model or touches the disk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from titlesearch.errors import TrainingError
from titlesearch.train.data.triplets import NEGATIVE_MODES, POSITIVE_MODES

LOSSES = ("mnrl", "triplet")
BATCH_MODES = ("one-code", "no-duplicates")


def _opt(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run; field help doubles as CLI documentation."""

    profile: str = _opt("quick", "quick (all-MiniLM-L6-v2) or seed (all-mpnet-base-v2).")
    loss: str = _opt("mnrl", "mnrl (MultipleNegativesRankingLoss) or triplet (TripletLoss).")
    negatives: str = _opt("hard", "hard: nearest title of another code; random: any other code.")
    positives: str = _opt(
        "code",
        "code: half the variants and every clean title paired with another title of "
        "the same code; seed: each variant with its own clean title.",
    )
    batches: str = _opt(
        "one-code",
        "mnrl batches: one-code (no code or text twice, so no in-batch negative "
        "shares the anchor's code) or no-duplicates (no text twice).",
    )
    negative_pool: int = _opt(5, "Distinct negatives per seed title, cycled by its variants.")
    negative_skip: int = _opt(0, "Nearest other-code titles to skip (likely near-synonyms).")
    r: int = _opt(16, "LoRA rank.")
    alpha: int = _opt(32, "LoRA alpha (scaling = alpha / r).")
    dropout: float = _opt(0.1, "LoRA dropout, 0 <= p < 1.")
    lr: float = _opt(5e-4, "Peak learning rate (linear warmup, then linear decay).")
    batch_size: int = _opt(64, "Triplets per step.")
    margin: float = _opt(0.25, "TripletLoss margin in cosine distance (unused by mnrl).")
    warmup: int = _opt(30, "Warmup steps; capped at half the run's steps.")
    epochs: float | None = _opt(None, "Passes over the triplets (used when max_steps is unset).")
    max_steps: int | None = _opt(300, "Training steps; overrides epochs.")
    update_scale: float = _opt(
        0.7,
        "Share of the trained LoRA update the saved adapter keeps: a weight-space blend of the "
        "tuned and base models (WiSE-FT), 1 keeps all of it. 0.7 (with lr 5e-4) measured best "
        "on both development sets with the quick profile.",
    )
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
            (
                self.positives in POSITIVE_MODES,
                f"--positives must be one of {', '.join(POSITIVE_MODES)}, got {self.positives!r}",
            ),
            (
                self.batches in BATCH_MODES,
                f"--batches must be one of {', '.join(BATCH_MODES)}, got {self.batches!r}",
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
            (
                0 < self.update_scale <= 1,
                f"--update-scale must be in (0, 1], got {self.update_scale}",
            ),
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
        """Steps the run takes: ``max_steps``, else ``epochs`` passes over ``n_triplets``."""
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
        update_scale=1.0,  # the blend is measured on the quick profile only
    ),
}  # fmt: skip
