"""Training batches in which no O*NET code appears twice, so in-batch negatives are never false.

``MultipleNegativesRankingLoss`` scores every other row's positive and negative in a batch as a
negative of each anchor. With 1,016 codes and 64 rows a batch, about two rows per batch share a
code by chance (the birthday bound), so a title would be pushed away from a title of its own
occupation. :class:`CodeAwareBatchSampler` keeps each code (the anchor's and the mined
negative's) and each text at most once per batch; sentence-transformers' own
``NoDuplicatesBatchSampler`` guards only against repeated texts.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator, Sequence
from functools import partial
from typing import Any

import pandas as pd
from sentence_transformers.base.sampler import DefaultBatchSampler

# Passes over the data one epoch may take to yield the batches it promised (``len``): a pass
# ends early when the rows left are of too few codes to fill a batch.
_MAX_PASSES = 20


class CodeAwareBatchSampler(DefaultBatchSampler):
    """Shuffled batches with every key (code or text) at most once; order is seeded per epoch.

    Args:
        dataset: the training dataset (only its length is used).
        batch_size, drop_last, valid_label_columns, generator, seed: as sentence-transformers'
            trainer passes them to every batch sampler.
        keys: per dataset row, the keys that row claims in its batch (its codes and texts).
    """

    def __init__(
        self,
        dataset: Any,
        batch_size: int,
        drop_last: bool,
        valid_label_columns: list[str] | None = None,
        generator: Any = None,
        seed: int = 0,
        *,
        keys: Sequence[frozenset[str]],
    ) -> None:
        super().__init__(
            dataset,
            batch_size=batch_size,
            drop_last=drop_last,
            valid_label_columns=valid_label_columns,
            generator=generator,
            seed=seed,
        )
        if len(keys) != len(dataset):
            raise ValueError(f"{len(keys)} key sets for {len(dataset)} rows")
        self.keys = list(keys)

    def __iter__(self) -> Iterator[list[int]]:
        if self.generator is not None and self.seed is not None:
            self.generator.manual_seed(self.seed + self.epoch)
        wanted, yielded = len(self), 0
        for _ in range(_MAX_PASSES):
            for batch in self._one_pass():
                yield batch
                yielded += 1
                if yielded >= wanted:
                    return

    def _one_pass(self) -> Iterator[list[int]]:
        """One shuffled pass: a row that clashes with its batch waits at the back of the queue;
        the pass ends when the rows left cannot fill a batch without a repeat."""
        import torch

        queue = deque(torch.randperm(len(self.keys), generator=self.generator).tolist())
        while queue:
            batch: list[int] = []
            taken: set[str] = set()
            for _ in range(len(queue)):  # each row left is looked at once at most
                row = queue.popleft()
                if taken.isdisjoint(self.keys[row]):
                    batch.append(row)
                    taken.update(self.keys[row])
                    if len(batch) == self.batch_size:
                        break
                else:
                    queue.append(row)
            if len(batch) < self.batch_size:
                if batch and not self.drop_last:
                    yield batch
                return
            yield batch


def row_keys(frame: pd.DataFrame, text_columns: Sequence[str]) -> list[frozenset[str]]:
    """Per row: its ``onet_code`` and ``negative_code`` (when present) and its texts."""
    code_columns = [c for c in ("onet_code", "negative_code") if c in frame.columns]
    columns = [frame[c].astype(str).map(lambda v: "code:" + v) for c in code_columns]
    columns += [frame[c].astype(str).map(lambda v: "text:" + v) for c in text_columns]
    return [frozenset(values) for values in zip(*columns, strict=True)]


def code_aware_sampler(frame: pd.DataFrame, text_columns: Sequence[str]) -> Any:
    """The factory the trainer's ``batch_sampler`` argument takes, bound to ``frame``'s rows."""
    return partial(CodeAwareBatchSampler, keys=row_keys(frame, text_columns))
