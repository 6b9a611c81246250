"""Reading points back: retrieve by id, scroll in id order, ids a resumed build skips."""

from __future__ import annotations

import numpy as np
from comparator import compare_engines
from store_data import POINTS

from titlesearch.store.base import TitleStore


def test_retrieve_keeps_order_and_drops_unknown(loaded: TitleStore) -> None:
    wanted = [POINTS[42].id, "00000000-0000-0000-0000-000000000000", POINTS[5].id, "junk"]
    records = loaded.retrieve(wanted, with_vectors=True)
    assert [r.id for r in records] == [POINTS[42].id, POINTS[5].id]
    assert records[0].payload == POINTS[42].payload
    assert set(records[1].vectors) == {"base"}  # point 5 has no tuned vector
    np.testing.assert_allclose(records[0].vectors["tuned"], POINTS[42].vectors["tuned"], atol=1e-6)
    assert loaded.retrieve([POINTS[1].id])[0].vectors == {}


def test_retrieve_and_scroll_are_congruent(built: dict[str, TitleStore]) -> None:
    some = [POINTS[i].id for i in (9, 3, 400)]
    compare_engines(built, lambda s: s.retrieve(some))
    compare_engines(built, lambda s: s.retrieve(some, with_vectors=True))
    pages = compare_engines(built, lambda s: list(s.scroll(batch_size=100)))
    assert sum(len(page) for page in pages) == len(POINTS)
    compare_engines(built, lambda s: list(s.scroll(with_vectors=True, batch_size=64))[:2])
    compare_engines(built, lambda s: s.existing_ids("v1"))


def test_scroll_and_existing_ids(loaded: TitleStore) -> None:
    batches = list(loaded.scroll(batch_size=64))
    assert [len(b) for b in batches[:-1]] == [64] * (len(batches) - 1)
    ids = [p.id for batch in batches for p in batch]
    assert ids == sorted(p.id for p in POINTS)
    assert loaded.existing_ids("v1") == set(ids)
    assert set(next(iter(loaded.scroll(with_vectors=True, batch_size=5)))[0].vectors) <= {
        "base",
        "tuned",
    }
