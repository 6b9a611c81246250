"""Category ``job_context``: place, pay, shift, perks and hiring phrases around the title."""

from __future__ import annotations

import random
import re

from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.job_context import ctx_adjective, ctx_location, ctx_wrapper, pay_text


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
