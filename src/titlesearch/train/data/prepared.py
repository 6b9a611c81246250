"""One dataset made ready for training under one config: limited, split, triplets mined, and
the validation set built; a run uses it once, an Optuna study shares it across trials.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from titlesearch.encoders import Encoder
from titlesearch.train.config import TrainConfig
from titlesearch.train.data.split import Split, limit_seeds, split_by_seed
from titlesearch.train.data.triplets import TripletSet, build_triplets
from titlesearch.train.validation import ValidationSet


@dataclass(frozen=True)
class PreparedData:
    """Split, triplets and validation set of one dataset under one config (reused by HPO)."""

    split: Split
    triplets: TripletSet
    valset: ValidationSet


def prepare_data(frame: pd.DataFrame, base_encoder: Encoder, config: TrainConfig) -> PreparedData:
    """Limit, split, mine negatives and build the validation set, as ``config`` says.

    Args:
        frame: synthetic rows tidied by :func:`~titlesearch.train.data.split.prepare_frame`.
        base_encoder: the base model's encoder; hard negatives are mined with it.
        config: ``limit_seeds``, ``val_fraction``, ``negatives``, ``positives``, ``negative_pool``,
            ``negative_skip``, ``max_eval_queries`` and ``seed`` are used.

    Returns:
        The split, the triplets and the validation set.

    Raises:
        TrainingError: too little data, or bad negative-mining options.
    """
    frame = limit_seeds(frame, config.limit_seeds, config.seed)
    split = split_by_seed(frame, config.val_fraction, config.seed)
    triplets = build_triplets(
        split.train,
        negatives=config.negatives,  # type: ignore[arg-type]
        positives=config.positives,  # type: ignore[arg-type]
        encoder=base_encoder,
        pool=config.negative_pool,
        skip=config.negative_skip,
        seed=config.seed,
    )
    valset = ValidationSet.from_split(
        split.train, split.val, max_queries=config.max_eval_queries, seed=config.seed
    )
    return PreparedData(split, triplets, valset)
