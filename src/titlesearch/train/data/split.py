"""Training data in, train/validation split out: grouped by clean title, stratified by O*NET code.

Data contract (the synthetic generator's output, one row per variant):
``jittered_title`` (the noisy, posting-like title), ``seed_title`` (the clean O*NET title it was
made from) and ``onet_code`` (the label); ``onet_title``, ``category`` and ``generator`` are kept
when present. All variants of one seed title land on the same side, so validation measures
titles the model never saw, not memorised seeds.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from titlesearch.errors import TrainingError
from titlesearch.taxonomy import normalize_title, tidy_title

REQUIRED_COLUMNS = ("jittered_title", "seed_title", "onet_code")
MIN_CODES = 2
MIN_SEED_TITLES = 10
_DATA_SUFFIXES = (".csv", ".parquet")


def newest_data_file(data_dir: Path) -> Path:
    """The most recently written ``synthetic*`` CSV/Parquet in ``data_dir`` (else any CSV/Parquet).

    Raises:
        TrainingError: there is none yet.
    """
    files = [
        p
        for p in Path(data_dir).glob("*")
        if p.is_file() and p.suffix.lower() in _DATA_SUFFIXES and not p.name.startswith(".")
    ]
    preferred = [p for p in files if p.name.startswith("synthetic")] or files
    if not preferred:
        raise TrainingError(
            f"no synthetic training data in {data_dir}; run `titlesearch generate` first "
            "(or pass --data FILE)"
        )
    return max(preferred, key=lambda p: p.stat().st_mtime)


def load_training_frame(path: Path) -> pd.DataFrame:
    """Read a ``titlesearch generate`` file and tidy it with :func:`prepare_frame`.

    Raises:
        DataFileError: the file is missing, unreadable or lacks one of the generator's columns.
        TrainingError: too little usable data (see :func:`check_enough`).
    """
    from titlesearch.synth.contract import OUTPUT_COLUMNS
    from titlesearch.synth.output import load_synthetic

    rows = load_synthetic(Path(path))
    return prepare_frame(pd.DataFrame([r.as_row() for r in rows], columns=list(OUTPUT_COLUMNS)))


def prepare_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Tidy an in-memory frame with the :data:`REQUIRED_COLUMNS` the same way files are."""
    frame = frame.copy()
    for column in REQUIRED_COLUMNS:
        frame[column] = frame[column].astype(str).map(tidy_title)
    if "onet_title" not in frame.columns:
        frame["onet_title"] = ""
    frame = frame[(frame.jittered_title != "") & (frame.seed_title != "") & (frame.onet_code != "")]
    frame = frame[
        frame.jittered_title.map(normalize_title) != frame.seed_title.map(normalize_title)
    ]
    frame = frame.assign(seed_key=frame.onet_code + "|" + frame.seed_title.map(normalize_title))
    frame = frame.drop_duplicates(["seed_key", "jittered_title"]).reset_index(drop=True)
    check_enough(frame)
    return frame


def check_enough(frame: pd.DataFrame) -> None:
    """Raise :class:`TrainingError` unless there are >= 2 codes and >= 10 seed titles."""
    codes, seeds = frame.onet_code.nunique(), frame.seed_key.nunique()
    if codes < MIN_CODES or seeds < MIN_SEED_TITLES:
        raise TrainingError(
            f"too little training data: {len(frame)} variants of {seeds} seed titles in "
            f"{codes} O*NET codes; need at least {MIN_SEED_TITLES} seed titles in {MIN_CODES} "
            "codes (generate more with `titlesearch generate`, or raise --limit-seeds)"
        )


def limit_seeds(frame: pd.DataFrame, n: int | None, seed: int = 0) -> pd.DataFrame:
    """Keep all variants of ``n`` seed titles drawn at random (deterministic in ``seed``)."""
    if n is None:
        return frame
    keys = np.array(sorted(frame.seed_key.unique()))
    if n >= len(keys):
        return frame
    picked = set(np.random.default_rng(seed).choice(keys, size=n, replace=False))
    limited = frame[frame.seed_key.isin(picked)].reset_index(drop=True)
    check_enough(limited)
    return limited


@dataclass(frozen=True)
class Split:
    """Training and validation rows; no seed title (normalized) is on both sides."""

    train: pd.DataFrame
    val: pd.DataFrame

    def sizes(self) -> dict[str, dict[str, int]]:
        """Rows (variants), seed titles and codes on each side, for reports."""
        return {
            name: {
                "variants": len(part),
                "seed_titles": int(part.seed_key.nunique()),
                "codes": int(part.onet_code.nunique()),
            }
            for name, part in (("train", self.train), ("val", self.val))
        }


def split_by_seed(frame: pd.DataFrame, val_fraction: float = 0.1, seed: int = 0) -> Split:
    """Hold out about ``val_fraction`` of each code's seed titles, with all their variants.

    Per code with ``n >= 2`` seed titles, ``n * val_fraction`` titles go to validation, the
    fractional part decided by a seeded coin so small codes contribute in expectation too;
    at least one title of every code stays in training, and codes with a single seed title
    stay entirely in training. A title (normalized) that is a seed of another code on the
    training side is moved back to training, so every validation seed title is unseen.

    Raises:
        TrainingError: ``val_fraction`` is outside (0, 0.5], or validation would be empty.
    """
    if not 0 < val_fraction <= 0.5:
        raise TrainingError(f"--val-fraction must be in (0, 0.5], got {val_fraction}")
    rng = np.random.default_rng(seed)
    seeds = frame[["seed_key", "onet_code"]].drop_duplicates().sort_values("seed_key")
    val_keys: set[str] = set()
    for _, group in seeds.groupby("onet_code", sort=True):
        keys = group.seed_key.to_numpy()
        if len(keys) < 2:
            continue
        exact = len(keys) * val_fraction
        count = min(math.floor(exact) + int(rng.random() < exact % 1), len(keys) - 1)
        if count:
            val_keys.update(rng.choice(keys, size=count, replace=False))
    in_val = frame.seed_key.isin(val_keys)
    title_of = frame.seed_title.map(normalize_title)
    trained_titles = set(title_of[~in_val])
    in_val &= ~title_of.isin(trained_titles)
    if not in_val.any():
        raise TrainingError(
            "no validation titles: every code has a single seed title, or --val-fraction "
            f"{val_fraction} is too small for {seeds.seed_key.size} seed titles"
        )
    return Split(
        train=frame[~in_val].reset_index(drop=True), val=frame[in_val].reset_index(drop=True)
    )
