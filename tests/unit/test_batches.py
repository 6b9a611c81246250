"""The code-aware batch sampler: no O*NET code or text twice in a batch, seeded per epoch."""

import pandas as pd
import torch

from titlesearch.train.data.batches import CodeAwareBatchSampler, code_aware_sampler, row_keys

COLUMNS = ("anchor", "positive", "negative")


def _frame(codes: int, per_code: int) -> pd.DataFrame:
    rows = [
        {
            "anchor": f"variant {c}-{i}",
            "positive": f"title {c}-{i % 3}",
            "negative": f"title {(c + 1) % codes}-0",
            "onet_code": f"code-{c}",
            "negative_code": f"code-{(c + 1) % codes}",
        }
        for c in range(codes)
        for i in range(per_code)
    ]
    return pd.DataFrame(rows)


def _sampler(frame: pd.DataFrame, batch_size: int, seed: int = 0) -> CodeAwareBatchSampler:
    factory = code_aware_sampler(frame, COLUMNS)
    return factory(
        list(range(len(frame))),
        batch_size=batch_size,
        drop_last=False,
        generator=torch.Generator(),
        seed=seed,
    )


def test_no_code_and_no_text_twice_in_a_batch():
    frame = _frame(codes=200, per_code=5)
    keys = row_keys(frame, COLUMNS)
    batches = list(_sampler(frame, batch_size=16))
    assert len(batches) > 40
    for batch in batches:
        claimed = [k for row in batch for k in keys[row]]
        assert len(claimed) == len(set(claimed))
        codes = [frame.onet_code[r] for r in batch] + [frame.negative_code[r] for r in batch]
        assert len(codes) == len(set(codes))
    seen = [row for batch in batches for row in batch]
    assert len(seen) == len(set(seen))  # no row twice in an epoch
    assert len(seen) > 0.9 * len(frame)


def test_order_is_seeded_and_changes_with_the_epoch():
    frame = _frame(codes=50, per_code=2)
    first, again = _sampler(frame, 8), _sampler(frame, 8)
    assert list(first) == list(again)
    again.set_epoch(1)
    assert list(first) != list(again)


def test_an_epoch_yields_its_promised_batches_when_one_code_dominates():
    # A third of the rows share one code (hard negatives pile onto popular codes, too): a
    # pass runs out of other codes early, so the epoch takes further passes to keep its length,
    # as the trainer's step count and learning-rate schedule rely on it.
    big = _frame(codes=1, per_code=120).assign(onet_code="code-big")
    big["negative_code"] = [f"code-{i % 60}" for i in range(len(big))]
    frame = pd.concat([_frame(codes=60, per_code=4), big]).reset_index(drop=True)
    keys = row_keys(frame, COLUMNS)
    sampler = _sampler(frame, batch_size=16)
    batches = list(sampler)
    assert len(batches) == len(sampler) == len(frame) // 16 + 1
    for batch in batches:
        claimed = [k for row in batch for k in keys[row]]
        assert len(claimed) == len(set(claimed))
        assert sum(frame.onet_code[r] == "code-big" for r in batch) <= 1


def test_a_single_code_gives_batches_of_one():
    frame = _frame(codes=1, per_code=30)
    batches = list(_sampler(frame, batch_size=4))
    assert len(batches) == 8 and all(len(b) == 1 for b in batches)
