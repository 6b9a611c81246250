"""Fixtures of the generation tests: the O*NET corpus, and seed titles as operations see them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

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
