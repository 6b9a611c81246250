"""Category ``seniority``: level words, Head of, deputies."""

from __future__ import annotations

import random
import re

from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.seniority import (
    sen_deputy,
    sen_grade,
    sen_head_of,
    sen_prefix,
    sen_suffix,
)


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


# Grades the US rules never wrote: "Gred 2", "Band 5", "L3", civil-service "N29" / "DG41".
GRADES = re.compile(r"\bgred\b|\bband \d|\bL\d\b|\b(?:dg|kp|[nwfjcslugh])\d\d\b", re.I)


def test_grades_appear_in_a_modest_share(noise_share):
    share = noise_share(GRADES)
    assert 0.01 < share < 0.10, share


def test_grades_follow_the_title_in_local_forms(seed_of, renders):
    def levels(title: str) -> set[str]:
        made = renders(sen_grade, seed_of(title), "Clerk")
        assert all(text.startswith("Clerk ") for text in made)
        return {text.removeprefix("Clerk ") for text in made}

    def schemes(title: str) -> set[str]:  # the civil-service scheme letters: "N" in "Gred N29"
        return {m.group(1) for level in levels(title) if (m := re.search(r"([A-Z]+)\d\d", level))}

    accountant = levels("Accountant")
    for form in (r"Gred \d", r"GRED \d", r"Grade \d", r"Level I+V?", r"L\d", r"Band \d"):
        assert any(re.fullmatch(form, level) for level in accountant), form
    assert any(re.fullmatch(r"Gred (\d) & Gred (\d)", level) for level in accountant)
    assert schemes("Accountant") == {"W"} and schemes("Civil Engineers") == {"J"}
    assert schemes("Chief Executives") == {"N"}  # administration, the default
