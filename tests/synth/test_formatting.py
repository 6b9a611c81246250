"""Category ``formatting``: abbreviations both ways, inverted order, punctuation, req numbers."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.formatting import (
    abbreviate,
    expand,
    fmt_double_title,
    fmt_invert,
    fmt_job_code,
    fmt_punctuation,
    fmt_typo,
    formatting_main,
    typo,
)
from titlesearch.synth.rules.profile import companions, short_titles, word_set


def test_abbreviations_work_both_ways():
    rng = random.Random(0)
    assert abbreviate("Registered Nurse", rng) == "RN"
    for i in range(5):
        expanded = expand("Sr. Acct. Mgr", random.Random(i))
        assert expanded != "Sr. Acct. Mgr"
        assert set(expanded.split()) & {"Senior", "Accountant", "Manager"}
    shortened = {abbreviate("Senior Software Engineer", random.Random(i)) for i in range(20)}
    assert "SWE" in " ".join(shortened) or "Sr." in " ".join(shortened)


def test_invert_puts_the_head_first(seed_of):
    seed = seed_of("Sales Manager")
    cores = set()
    for i in range(30):
        draft = Draft(core="Sales Manager")
        assert fmt_invert(draft, seed, random.Random(i))
        cores.add(draft.core)
    assert cores <= {"Manager, Sales", "Manager - Sales", "Manager (Sales)"}
    assert "Manager, Sales" in cores
    assert not fmt_invert(Draft(core="Accountant"), seed, random.Random(0))


def test_punctuation_changes_hyphens_and_conjunctions(seed_of):
    seed = seed_of("Accountant")
    draft = Draft(core="Speech-Language Pathologist")
    assert fmt_punctuation(draft, seed, random.Random(0))
    assert draft.core in {"Speech Language Pathologist", "SpeechLanguage Pathologist"}
    draft = Draft(core="Food Scientists and Technologists")
    assert fmt_punctuation(draft, seed, random.Random(0)) and " and " not in draft.core
    assert not fmt_punctuation(Draft(core="Accountant"), seed, random.Random(0))


def test_job_code_once_and_main_formatting_keeps_the_operation_name(seed_of):
    seed = seed_of("Accountant")
    draft = Draft(core="Accountant")
    assert fmt_job_code(draft, seed, random.Random(0)) and draft.render() != "Accountant"
    assert not fmt_job_code(draft, seed, random.Random(1))
    assert formatting_main(fmt_invert).__name__ == "fmt_invert"


def edits(a: str, b: str) -> int:
    """Optimal-string-alignment distance: insertions, deletions, substitutions, swaps."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(
                d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])
            )
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_a_typo_is_one_edit_in_one_long_word(seed_of):
    seed = seed_of("Accountant")
    for word in ("Executive", "Manager", "ASSISTANT", "Cashier"):
        for i in range(50):
            slipped = typo(word, random.Random(i))
            assert edits(word, slipped) == 1 and slipped[0] == word[0], slipped
    for i in range(50):
        draft = Draft(core="Senior HR Manager")
        assert fmt_typo(draft, seed, random.Random(i))
        words = zip(["Senior", "HR", "Manager"], draft.core.split(), strict=True)
        changed = [(before, after) for before, after in words if before != after]
        assert len(changed) == 1 and len(changed[0][0]) >= 5 and edits(*changed[0]) == 1
    assert not fmt_typo(Draft(core="HR Mgr"), seed, random.Random(0))  # no word of 5 letters


def test_typos_appear_in_a_modest_share(spread_variants, corpus):
    known = {word for record in corpus for word in word_set(record.title)}
    with_typo = 0
    for record, row in spread_variants:
        seed_words = word_set(record.title)
        new_words = {w for w in word_set(row.jittered_title) if w not in known and len(w) >= 4}
        if any(edits(w, s) == 1 for w in new_words for s in seed_words if len(s) >= 5):
            with_typo += 1
            assert row.onet_code == record.onet_code
    share = with_typo / len(spread_variants)
    assert 0.003 < share < 0.05, share


def test_capitals_are_common_but_not_the_rule(noise_share):
    share = noise_share(re.compile(r"^[^a-z]+$"))
    assert 0.02 < share < 0.12, share  # about 1% before; a fifth of real vacancy titles


def test_double_titles_appear_in_a_modest_share(noise_share):
    share = noise_share(re.compile(r"\bcum\b", re.I))
    assert 0.005 < share < 0.06, share


def test_companions_come_from_other_codes_of_the_same_major_group(corpus):
    by_group = short_titles(corpus)
    near, far = companions("41-2011.00", by_group)  # cashiers
    codes = {title: {c for c, t in by_group["41"] if t == title} for title in {*near, *far}}
    assert "Cashier" not in near + far and "Retail Salesperson" in near  # not its own titles
    assert all(any(c[:4] == "41-2" and c != "41-2011.00" for c in codes[t]) for t in near)
    assert all(any(c[:4] != "41-2" for c in codes[t]) for t in far)


@pytest.mark.parametrize("title", ["Cashiers", "Software Developers"])
def test_double_titles_join_a_companion(seed_of, renders, title):
    seed = seed_of(title)
    near, far = seed.profile.companions
    for text in renders(fmt_double_title, seed, seed.start):
        first, second = re.split(r" cum | Cum | / |/| & | \| | and ", text)
        whole = {first, second}
        shared = {f"{first} {second.split()[-1]}", second}  # "Software cum Web Developer"
        assert any(
            seed.start in names and len(names) == 2 and (names - {seed.start}) <= {*near, *far}
            for names in (whole, shared)
        ), text
    assert not fmt_double_title(Draft(core="Cashier/Checker"), seed, random.Random(0))


def test_double_titles_share_a_head_noun(seed_of, renders):
    seed = seed_of("Cashiers")
    profile = dataclasses.replace(seed.profile, companions=(("Admin Assistant",), ()))
    made = set(
        renders(fmt_double_title, dataclasses.replace(seed, profile=profile), "Sales Assistant")
    )
    assert {"Sales cum Admin Assistant", "Sales Assistant cum Admin Assistant"} <= made
