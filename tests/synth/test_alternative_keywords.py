"""Category ``alternative_keywords``: the same job named otherwise."""

from __future__ import annotations

import random
import re

from titlesearch.posting import normalize_posting
from titlesearch.shorthand import MALAY
from titlesearch.synth.contract import JitterCategory
from titlesearch.synth.generate import sample_seeds
from titlesearch.synth.rules.alternative_keywords import (
    alt_drop_modifier,
    alt_malay,
    alt_parenthetical,
    alt_shorthand,
    alt_synonym,
    alt_word_order,
    malay_title,
)
from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.jitterer import RuleJitterer


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


def test_malay_names_take_malay_word_order():
    rng = random.Random(0)
    assert malay_title("Production Operator", rng) == "Operator Pengeluaran"
    assert malay_title("Senior Accounts Clerk", rng) == "Kerani Akaun Kanan"
    assert malay_title("Assistant Sales Manager", rng) == "Penolong Pengurus Jualan"
    assert malay_title("Human Resources Assistant", rng) == "Pembantu Sumber Manusia"
    assert malay_title("Maintenance Technician", rng) == "Juruteknik Maintenance"  # one noun
    assert malay_title("Biological Photographer", rng) == ""  # not an English adjective
    assert malay_title("Machine Operator", rng) == ""  # no Malay name for the head
    assert malay_title("Director of Nursing", rng) == ""


def test_malay_names_read_back_as_the_seed():
    for english in ("Production Operator", "Security Guard", "Truck Driver", "Cashier"):
        assert normalize_posting(malay_title(english, random.Random(0))) == english.lower()


def test_malay_alone_or_next_to_the_english(seed_of, renders):
    seed = seed_of("Production Operator")
    made = renders(alt_malay, seed, "Production Operator")
    expected = {
        "Operator Pengeluaran",
        "Operator Pengeluaran / Production Operator",
        "Production Operator (Operator Pengeluaran)",
    }
    assert expected <= set(made)
    bilingual = sum("Production Operator" in text for text in made) / len(made)
    assert 0.3 < bilingual < 0.8, bilingual
    assert not alt_malay(Draft(core="Machine Operator"), seed, random.Random(0))


def test_malay_titles_appear_in_a_modest_share(noise_share):
    english = {word for phrase in MALAY.values() for word in phrase.split()}
    malay = {word for phrase in MALAY for word in phrase.split() if len(word) > 3} - english
    share = noise_share(malay)
    assert 0.003 < share < 0.05, share


def test_shorthand_only_where_the_title_spells_it_out(seed_of):
    seed = seed_of("Software Engineer")
    for core, expected in [
        ("Senior Software Engineer", {"Senior SWE"}),
        ("Food and Beverage Manager", {"F&B Manager", "FNB Manager"}),
        ("Speech-Language Pathologist", {"SLP"}),
        ("Full Stack Developer", {"Fullstack Developer"}),
    ]:
        for i in range(10):
            draft = Draft(core=core)
            assert alt_shorthand(draft, seed, random.Random(i)) and draft.core in expected
            assert normalize_posting(draft.core) == normalize_posting(core).replace("-", " ")
    assert not alt_shorthand(Draft(core="Line Cook"), seed, random.Random(0))
    assert not alt_shorthand(Draft(core="Senior Manager"), seed, random.Random(0))  # formatting's


def test_shorthand_appears_in_a_modest_share_of_titles_that_spell_it_out(corpus):
    spelled = re.compile(
        r"software engineer|registered nurse|human resources|customer service|quality assurance",
        re.I,
    )
    short = re.compile(r"\b(SWE|RN|HR|CS|CSR|QA)\b")
    jitterer = RuleJitterer(corpus, seed=11)
    records = [
        r
        for r in sample_seeds(corpus, 20000, seed=4)
        if spelled.search(r.title) and not short.search(r.title)  # not "… (HR Assistant)"
    ]
    rows = [
        (record, row)
        for record in records
        for row in jitterer.variants(record, 5, [JitterCategory("alternative_keywords")])
    ]
    assert len(records) > 30 and all(row.onet_code == r.onet_code for r, row in rows)
    share = sum(bool(short.search(row.jittered_title)) for _, row in rows) / len(rows)
    assert 0.03 < share < 0.4, share
