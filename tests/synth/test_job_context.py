"""Category ``job_context``: place, pay, shift, perks and hiring phrases around the title."""

from __future__ import annotations

import random
import re

import titlesearch.synth.rules.asean_vocabulary as A
from titlesearch.shorthand import LANGUAGES
from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.job_context import (
    ctx_adjective,
    ctx_contract_note,
    ctx_language,
    ctx_location,
    ctx_trainee,
    ctx_wrapper,
    pay_text,
)
from titlesearch.synth.rules.seniority import OPERATIONS as SENIORITY_OPERATIONS


def test_pay_is_hourly_for_hourly_groups_and_salary_for_professionals():
    hourly = [pay_text("35", random.Random(i)) for i in range(100)]  # food preparation
    salary = [pay_text("15", random.Random(i)) for i in range(100)]  # computing
    assert sum(bool(re.search(r"/h(ou)?r|per hour", p, re.I)) for p in hourly) > 70
    assert not any(re.search(r"/h(ou)?r|per hour", p, re.I) for p in salary)
    assert sum(bool(re.search(r"\$\d+(k|K|,000)", p)) for p in salary) > 70


def test_wrapper_is_added_once(seed_of):
    seed = seed_of("Line Cook")
    draft = Draft(core="Line Cook")
    assert ctx_wrapper(draft, seed, random.Random(0)) and "{t}" in draft.wrapper
    assert "Line Cook" in draft.render() and draft.render() != "Line Cook"
    assert not ctx_wrapper(draft, seed, random.Random(1))


def test_location_names_a_place(seed_of):
    seed = seed_of("Line Cook")
    for i in range(20):
        draft = Draft(core="Line Cook")
        assert ctx_location(draft, seed, random.Random(i))
        assert draft.render().startswith("Line Cook") and draft.render() != "Line Cook"


def test_adjective_not_before_a_level_word(seed_of):
    seed = seed_of("Accountant")
    assert not ctx_adjective(Draft(core="Senior Accountant"), seed, random.Random(0))
    draft = Draft(core="Accountant")
    assert ctx_adjective(draft, seed, random.Random(0)) and draft.render().endswith(" Accountant")


def test_malaysian_places_appear_in_a_modest_share(noise_share):
    places = noise_share([*A.CITIES, *A.MALLS])
    assert 0.02 < places < 0.15, places
    assert 0.003 < noise_share(re.compile(r" @ ")) < 0.05  # "Retail Assistant @ Sunway Pyramid"


def test_employers_appear_in_a_modest_share(noise_share):
    names = {name for names in A.EMPLOYERS.values() for name in names}
    share = noise_share([*names, *A.EMPLOYERS_ANY, *A.EMPLOYER_KINDS])
    assert 0.015 < share < 0.12, share


def test_language_requirements_appear_in_a_modest_share(noise_share):
    names = "|".join(name for name in LANGUAGES if name != "bilingual")
    # "(Mandarin Speaker)", "- Japanese Speaking", "(Cantonese)", "Thai & English"
    share = noise_share(re.compile(rf"\b(?:{names})\b(?: speak|\)| &| /| -|$)", re.I))
    assert 0.008 < share < 0.08, share
    assert set(A.LANGUAGE_WEIGHTS) <= set(LANGUAGES)  # weights for the normaliser's names only


def test_language_forms(seed_of, renders):
    texts = renders(ctx_language, seed_of("Retail Salespersons"), "Sales Associate")
    assert "Sales Associate (Mandarin Speaker)" in texts
    assert any(re.fullmatch(r"Sales Associate - \w+ Speaking", t) for t in texts)
    assert any(re.fullmatch(r"\w+ Speaking Sales Associate", t) for t in texts)


def test_internships_appear_in_a_modest_share(noise_share):
    share = noise_share(re.compile(r"\bintern(ship)?\b|trainee|fresh graduate|programme", re.I))
    assert 0.01 < share < 0.08, share


def test_trainee_programmes_fit_the_job_and_take_no_level_on_top(seed_of):
    accountant, manager = seed_of("Accountant"), seed_of("Construction Manager")
    wrappers = set()
    for i in range(100):
        draft = Draft(core="Construction Manager")
        assert ctx_trainee(draft, manager, random.Random(i)) and draft.trainee
        assert draft.wrapper in dict(A.GRADUATE_FORMS)  # a management trainee, not an intern
        draft = Draft(core="Accountant")
        assert ctx_trainee(draft, accountant, random.Random(i))
        wrappers.add(draft.wrapper)
        for op, _ in SENIORITY_OPERATIONS:  # "Internship - Senior Accountant" never
            assert not op(draft, accountant, random.Random(i))
    assert {"Internship - {t}", "{t} Intern", "Management Trainee - {t}"} <= wrappers
    assert not ctx_trainee(Draft(core="Senior Accountant"), accountant, random.Random(0))
    assert not ctx_trainee(
        Draft(core="Chief Executive"), seed_of("Chief Executives"), random.Random(0)
    )


def test_contract_notes_appear_in_a_modest_share(noise_share, seed_of, renders):
    # only the new notes: "(Contract)" and "Urgent" wrappers were there before
    notes = re.compile(r"\[urgent\]|\(urgent|\d+ months|1 year contract|fixed term|urgent!!", re.I)
    share = noise_share(notes)
    assert 0.005 < share < 0.08, share
    texts = set(renders(ctx_contract_note, seed_of("Cashiers"), "Cashier"))
    assert {"Cashier (Contract)", "Cashier [Urgent]", "Contract Cashier"} <= texts
    assert any(re.fullmatch(r"Cashier \(\d+ months\)", t) for t in texts)
