"""Category ``skills``: specialisations and credentials that stay inside the occupation."""

from __future__ import annotations

import random
import re

import pytest

from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.jitterer import RuleJitterer
from titlesearch.synth.rules.skills import place, skill_credential, skill_domain


@pytest.fixture(scope="module")
def jitterer(corpus) -> RuleJitterer:
    return RuleJitterer(corpus, seed=7)


def test_skills_stay_inside_the_occupation(jitterer, corpus):
    nurse = next(r for r in corpus if r.title == "Registered Nurse (RN)")
    dev = next(r for r in corpus if r.title == "Software Developer")
    nurse_rows = [v for _ in range(1) for v in jitterer.variants(nurse, 20)]
    dev_rows = jitterer.variants(dev, 20)
    assert not any("Python" in r.jittered_title or "AWS" in r.jittered_title for r in nurse_rows)
    assert not any(re.search(r"\bPRN\b|Med/Surg", r.jittered_title) for r in dev_rows)


def test_place_puts_a_prefix_after_a_level_word():
    draft = Draft(core="Lead Roofer")
    place(draft, "{s} {t}", "Commercial", random.Random(0), context=False)
    assert draft.core == "Lead Commercial Roofer"
    draft = Draft(core="Roofer")
    place(draft, " - {s}", "Commercial", random.Random(0), context=False)
    assert draft.render() == "Roofer - Commercial"


def test_domain_comes_from_sibling_titles_not_the_title_itself(seed_of):
    seed = seed_of("Software Developer")
    domains = {phrase for phrase, _ in seed.profile.domains}
    for i in range(20):
        draft = Draft(core=seed.start)
        assert skill_domain(draft, seed, random.Random(i))
        added = draft.render().replace(seed.start, "")
        assert any(phrase in added for phrase in domains), draft.render()


def test_credential_fits_the_group(seed_of):
    seed = seed_of("Registered Nurse (RN)")
    texts = set()
    for i in range(30):
        draft = Draft(core="Registered Nurse")
        assert skill_credential(draft, seed, random.Random(i))
        texts.add(draft.render())
    assert not any("Python" in text or "CDL" in text for text in texts)
