"""Category ``seniority``: level words before or after the title, "Head of …", deputies, grades.

Grades are written the Malaysian and Singaporean way too ("Gred 2", "N29", "L3", "Band 5").
None of this is added on top of an internship or trainee programme.
"""

from __future__ import annotations

import functools
import random

import titlesearch.synth.rules.asean_vocabulary as A
import titlesearch.synth.rules.vocabulary as V
from titlesearch.synth.rules.draft import Draft, Op, pick
from titlesearch.synth.rules.profile import SeedContext, head_index

CATEGORY = "seniority"
DESCRIPTION = (
    "a level: Junior, Senior, Sr., Lead, Principal, Staff, I/II/III, Head of, Associate, "
    'Trainee, Apprentice, Journeyman, Entry-Level, a grade ("Grade 3", "Gred 2", "L3").'
)
ORDER = 20
EXTRA_CHANCES = (0.15,)


def _level_table(group: str) -> tuple[tuple[str, float], ...]:
    table = V.LEVEL_PREFIXES["any"]
    if group in V.PROFESSIONAL_GROUPS:
        table += V.LEVEL_PREFIXES["professional"]
    if group in V.TRADES_GROUPS:
        table += V.LEVEL_PREFIXES["trades"]
    if group in V.HOURLY_GROUPS and group not in V.TRADES_GROUPS:
        table += V.LEVEL_PREFIXES["service"]
    return table


def sen_prefix(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Add "Senior"/"Jr."/"Lead"/"Journeyman"…, or swap/remove a level word the title has."""
    words = draft.core.split(" ")
    prefix = pick(rng, _level_table(seed.group))
    if len(words) > 1 and words[0].lower() in V.SENIORITY_WORDS:
        if prefix.lower() == words[0].lower() or rng.random() < 0.3:
            draft.core = " ".join(words[1:])
        else:
            draft.core = " ".join([prefix, *words[1:]])
    else:
        draft.core = f"{prefix} {draft.core}"
    return True


def sen_suffix(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Levels after the title: "Accountant II", "Engineer III", "Technician - Level II"."""
    return set_level(draft, pick(rng, V.LEVEL_SUFFIXES))


def sen_grade(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Grades as Malaysian boards write them: "Gred 2", "Grade 3", "N29", "L3", "Band 5"."""
    n = rng.randint(1, 5)
    scheme = A.CIVIL_SERVICE_SCHEMES.get(seed.group, "N")
    form = pick(rng, A.GRADE_FORMS)
    grade = rng.choice(A.CIVIL_SERVICE_GRADES)
    return set_level(draft, form.format(n=n, m=n + 1, r=rng.choice(A.ROMAN), c=scheme, g=grade))


def set_level(draft: Draft, level: str) -> bool:
    if level == draft.level:
        return False
    draft.level = level
    return True


def sen_head_of(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Head-of titles: "Construction Manager" → "Head of Construction"."""
    words = draft.core.split(" ")
    if "of" in words[1:-1]:
        draft.core = "Head " + " ".join(words[words.index("of") :])
        return True
    if len(words) > 1 and words[-1] in V.MANAGER_HEADS and "and" not in words:
        draft.core = f"Head of {' '.join(words[:-1])}"
        return True
    return False


def sen_deputy(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Second-in-command titles for managers: "Assistant Store Manager", "Deputy Director"."""
    words = draft.core.split(" ")
    if words[head_index(words)] not in V.MANAGER_HEADS or words[0] in {"Assistant", "Deputy"}:
        return False
    draft.core = f"{rng.choice(('Assistant', 'Deputy', 'Associate'))} {draft.core}"
    return True


def not_for_trainees(op: Op) -> Op:
    """The operation changes nothing on an internship ("Internship - Senior Accountant")."""

    @functools.wraps(op)
    def checked(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
        return not draft.trainee and op(draft, seed, rng)

    return checked


OPERATIONS = tuple(
    (not_for_trainees(op), weight)
    for op, weight in (
        (sen_prefix, lambda s: 6.0),
        (sen_suffix, lambda s: 1.0),
        (sen_head_of, lambda s: 1.5),
        (sen_deputy, lambda s: 0.7),
        (sen_grade, lambda s: 1.2),
    )
)
