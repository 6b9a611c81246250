"""Category ``skills``: specialisations from sibling titles, technologies and credentials."""

from __future__ import annotations

import random

import titlesearch.synth.rules.vocabulary as V
from titlesearch.synth.rules.draft import Draft, pick, place
from titlesearch.synth.rules.profile import SeedContext

CATEGORY = "skills"
DESCRIPTION = (
    "technologies, certifications, domains or specialisations that fit this occupation "
    '("Python/AWS", "CDL-A", "ICU", "Commercial Projects").'
)
ORDER = 30
EXTRA_CHANCES = (0.45,)


def skill_domain(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """A specialisation from sibling titles: "Software Developer - Embedded Systems"."""
    profile = seed.profile
    if not profile.domains:
        return False
    chosen: list[str] = []
    for phrase, words in rng.choices(profile.domains, cum_weights=profile.domain_weights, k=8):
        if words & seed.words or phrase.lower() in draft.core.lower() or phrase in chosen:
            continue
        chosen.append(phrase)
        if len(chosen) == 2 or rng.random() < 0.7:
            break
    if not chosen:
        return False
    if len(chosen) == 2:  # "Food Chemist - Flavor Chemistry, Sensory Analysis"
        place(draft, " - {s}", rng.choice((", ", " & ", ", ")).join(chosen), rng, context=False)
    else:
        form = pick(rng, V.DOMAIN_FORMS) if len(chosen[0].split()) < 3 else " - {s}"
        place(draft, form, chosen[0], rng, context=False)
    return True


def skill_credential(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """A technology or credential typical of the major group: "(Python, AWS)", "- CDL-A"."""
    skills = V.MINOR_GROUP_SKILLS.get(seed.profile.minor) or V.GROUP_SKILLS.get(seed.group, ())
    skills = skills or V.GROUP_SKILLS["43"]
    chosen = rng.sample(skills, 2 if rng.random() < 0.25 else 1)
    value = rng.choice(("/", ", ", " & ")).join(chosen)
    form = pick(rng, V.SKILL_FORMS)
    if len(chosen) > 1 and form.startswith("{s} "):
        form = " - {s}"
    place(draft, form, value, rng, context=False)
    return True


OPERATIONS = (
    (skill_domain, lambda s: 5.0),
    (skill_credential, lambda s: 4.0),
)
