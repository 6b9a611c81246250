"""Category ``alternative_keywords``: the same job named otherwise."""

from __future__ import annotations

import random

from titlesearch.synth.rules.alternative_keywords import (
    alt_drop_modifier,
    alt_parenthetical,
    alt_synonym,
    alt_word_order,
)
from titlesearch.synth.rules.draft import Draft


def test_word_order_swaps_the_of_form_both_ways(seed_of):
    seed = seed_of("Construction Manager")
    draft = Draft(core="Director of Nursing")
    assert alt_word_order(draft, seed, random.Random(0)) and draft.core == "Nursing Director"
    assert alt_word_order(draft, seed, random.Random(0)) and draft.core == "Director of Nursing"
    assert not alt_word_order(Draft(core="Line Cook"), seed, random.Random(0))


def test_parenthetical_keeps_one_side(seed_of):
    seed = seed_of("Speech-Language Pathology Assistant (SLPA)")
    for i in range(10):
        draft = Draft(core=seed.title)
        assert alt_parenthetical(draft, seed, random.Random(i))
        assert draft.core in {"Speech-Language Pathology Assistant", "SLPA"}
    assert not alt_parenthetical(Draft(core="Accountant"), seed_of("Accountant"), random.Random(0))


def test_synonym_swaps_the_head_noun_only_where_it_keeps_the_job(seed_of):
    seed = seed_of("Nursing Assistant")
    draft = Draft(core="Nursing Assistant")
    assert alt_synonym(draft, seed, random.Random(0))
    assert draft.core in {"Nursing Aide", "Nursing Helper"}
    assert not alt_synonym(Draft(core="Physician Assistant"), seed, random.Random(0))


def test_drop_modifier_shortens_long_titles_only():
    draft = Draft(core="Commercial Construction Superintendent")
    assert alt_drop_modifier(draft, None, random.Random(0))  # type: ignore[arg-type]
    assert draft.core == "Construction Superintendent"
    assert not alt_drop_modifier(draft, None, random.Random(0))  # type: ignore[arg-type]
