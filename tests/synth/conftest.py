"""Fixtures of the generation tests: the O*NET corpus, and seed titles as operations see them."""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable

import pytest

from titlesearch.synth.contract import JitteredTitle
from titlesearch.synth.generate import sample_seeds
from titlesearch.synth.rules.draft import Draft, Op
from titlesearch.synth.rules.jitterer import RuleJitterer
from titlesearch.synth.rules.profile import SeedContext
from titlesearch.taxonomy import TitleRecord, load_taxonomy


@pytest.fixture(scope="session")
def corpus() -> list[TitleRecord]:
    return load_taxonomy().corpus()


@pytest.fixture(scope="session")
def seed_of(corpus) -> Callable[[str], SeedContext]:
    """The :class:`SeedContext` of an O*NET title (siblings from the whole corpus)."""
    jitterer = RuleJitterer(corpus)
    by_title = {record.title: record for record in corpus}
    return lambda title: jitterer.context(by_title[title])


@pytest.fixture(scope="session")
def renders() -> Callable[[Op, SeedContext, str], list[str]]:
    """What an operation makes of a title under 200 random streams (applying every time)."""

    def run(op: Op, seed: SeedContext, title: str) -> list[str]:
        made = []
        for i in range(200):
            draft = Draft(core=title)
            assert op(draft, seed, random.Random(i)), (op.__name__, title)
            made.append(draft.render())
        return made

    return run


@pytest.fixture(scope="session")
def spread_variants(corpus) -> list[tuple[TitleRecord, JitteredTitle]]:
    """Five variants each of 1,000 seeds spread over the codes (jitterer seed 11), with their
    seed records: what the frequency tests of the noise kinds count in."""
    jitterer = RuleJitterer(corpus, seed=11)
    seeds = sample_seeds(corpus, 1000, seed=3)
    return [(record, row) for record in seeds for row in jitterer.variants(record, 5)]


def _any_of(phrases: Iterable[str]) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b", re.IGNORECASE)


@pytest.fixture(scope="session")
def noise_share(spread_variants) -> Callable[[re.Pattern[str] | Iterable[str]], float]:
    """The share of :func:`spread_variants` showing a kind of noise their seed lacks, after
    checking that each of those variants keeps its seed's occupation.

    The kind is a pattern, or phrases (found as whole words, in any case).
    """

    def share(kind: re.Pattern[str] | Iterable[str]) -> float:
        pattern = kind if isinstance(kind, re.Pattern) else _any_of(kind)
        picked = [
            (record, row)
            for record, row in spread_variants
            if pattern.search(row.jittered_title) and not pattern.search(record.title)
        ]
        for record, row in picked:
            assert (row.seed_title, row.onet_code) == (record.title, record.onet_code), row
        return len(picked) / len(spread_variants)

    return share
