"""Category ``seniority``: level words, Head of, deputies."""

from __future__ import annotations

import random

from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.seniority import sen_deputy, sen_head_of, sen_prefix, sen_suffix


def test_head_of_replaces_a_manager_or_director(seed_of):
    seed = seed_of("Construction Manager")
    draft = Draft(core="Construction Manager")
    assert sen_head_of(draft, seed, random.Random(0)) and draft.core == "Head of Construction"
    draft = Draft(core="Director of Nursing")
    assert sen_head_of(draft, seed, random.Random(0)) and draft.core == "Head of Nursing"
    assert not sen_head_of(Draft(core="Line Cook"), seed, random.Random(0))


def test_deputy_only_for_managers_once(seed_of):
    seed = seed_of("Store Manager")
    draft = Draft(core="Store Manager")
    assert sen_deputy(draft, seed, random.Random(0))
    assert draft.core.split(" ", 1) in (
        [word, "Store Manager"] for word in ("Assistant", "Deputy", "Associate")
    )
    assert not sen_deputy(Draft(core="Assistant Store Manager"), seed, random.Random(0))
    assert not sen_deputy(Draft(core="Line Cook"), seed, random.Random(0))


def test_prefix_levels_fit_the_group(seed_of):
    def prefixes(title: str) -> set[str]:
        seed = seed_of(title)
        cores = set()
        for i in range(300):
            draft = Draft(core=title)
            sen_prefix(draft, seed, random.Random(i))
            cores.add(draft.core.removesuffix(f" {title}"))
        return cores

    assert "Journeyman" in prefixes("Construction Laborer") and "Senior" in prefixes("Accountant")
    assert "Journeyman" not in prefixes("Accountant")


def test_prefix_swaps_or_drops_an_existing_level(seed_of):
    seed = seed_of("Accountant")
    for i in range(20):
        draft = Draft(core="Senior Accountant")
        assert sen_prefix(draft, seed, random.Random(i))
        assert draft.core != "Senior Accountant" and draft.core.endswith("Accountant")
        assert "Senior Senior" not in draft.core


def test_suffix_sets_a_level_after_the_title(seed_of):
    draft = Draft(core="Accountant")
    assert sen_suffix(draft, seed_of("Accountant"), random.Random(1))
    assert draft.level and draft.render() == f"Accountant{draft.level}"
