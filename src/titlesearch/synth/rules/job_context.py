"""Category ``job_context``: what boards add around a title (place, pay, shift, perks, hiring).

Context segments are " - " parts or parenthetical tails; several in a row may share a joiner
("Food Chemist - Dairy - Full-Time, Great Benefits!").
"""

from __future__ import annotations

import random

import titlesearch.synth.rules.vocabulary as V
from titlesearch.synth.rules.draft import Draft, pick
from titlesearch.synth.rules.profile import SeedContext

CATEGORY = "job_context"
DESCRIPTION = (
    "location, Remote/Hybrid/On-site, shift, pay, contract type, sign-on bonus, experience "
    'required, urgency, hiring phrases ("Now Hiring:", "Needed", "Join Our Team").'
)
ORDER = 40
# Context dominates real postings: the most likely extra noise, sometimes twice.
EXTRA_CHANCES = (0.7, 0.35)

# Groups whose own settings say more than a generic industry ("Hospital", not "Retail").
_SECTOR_GROUPS = frozenset({"25", "29", "31", "33", "35", "37", "39", "45", "47", "55"})


def add_segment(draft: Draft, text: str, context: bool, rng: random.Random) -> None:
    """Attach ``text`` as a " - " segment, or sometimes in parentheses right after the title."""
    if rng.random() < 0.3 and not draft.tail:
        draft.tail.append(f" ({text})")
    else:
        draft.segments.append((text, context))


def pay_text(group: str, rng: random.Random) -> str:
    """A pay phrase plausible for the major group: "$22/hr", "$95k-$120k", "Up to $30/hour"."""
    if rng.random() < 0.12:
        return rng.choice(V.PAY_VAGUE)
    hourly = group in V.PAY_HOURLY and (group not in V.PAY_SALARY or rng.random() < 0.5)
    if hourly:
        lo, hi = V.PAY_HOURLY[group]
        a = rng.randint(lo, hi)
        b = a + rng.randint(2, max(3, a // 4))
        form = pick(rng, V.HOURLY_FORMS)
        return form.format(a=a, b=b, c=rng.choice(("00", "25", "50", "75")))
    lo, hi = V.PAY_SALARY.get(group, (40, 120))
    a = rng.randint(lo, hi) // 5 * 5
    b = a + rng.randint(2, max(3, a // 20)) * 5
    return pick(rng, V.SALARY_FORMS).format(a=a, b=b)


def ctx_location(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Where: "Austin, TX", "(Denver, CO)", "in Tampa, FL", "Hybrid - Boston, MA", "Bay Area"."""
    city = rng.choice(V.CITIES)
    form = pick(rng, V.LOCATION_FORMS)
    text = form.format(city=city, state=city[-2:], region=rng.choice(V.REGIONS))
    if text.startswith("(") and draft.tail:
        draft.segments.append((text.strip("()"), True))
    elif text.startswith(("(", "in ")):
        draft.tail.append(" " + text)
    else:
        draft.segments.append((text, True))
    return True


def ctx_work_mode(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    add_segment(draft, pick(rng, V.WORK_MODES), True, rng)
    return True


def ctx_shift(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    health = seed.group in {"29", "31"} and rng.random() < 0.6
    add_segment(draft, rng.choice(V.HEALTH_SHIFTS if health else V.SHIFTS), True, rng)
    return True


def ctx_pay(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    draft.segments.append((pay_text(seed.group, rng), True))
    return True


def ctx_employment(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    kind = pick(rng, V.EMPLOYMENT_TYPES)
    if not draft.lead and rng.random() < 0.4:
        draft.lead = f"{kind} "
    else:
        add_segment(draft, kind, True, rng)
    return True


def ctx_experience(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    add_segment(draft, rng.choice(V.EXPERIENCE), True, rng)
    return True


def ctx_perk(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    perks = rng.sample(V.PERKS, 2 if rng.random() < 0.25 else 1)
    text = rng.choice((" & ", " + ", ", ")).join(perks)
    if rng.random() < 0.35 and not text.endswith("!"):
        text += "!"
    add_segment(draft, text, True, rng)
    return True


def ctx_marketing(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Employer pitch kept in the title: "Join Our Production Team!", "Great Team Environment"."""
    if rng.random() < 0.35:
        text = f"Join Our {rng.choice(V.TEAM_WORDS)} Team" + rng.choice(("!", "", "!"))
    else:
        text = rng.choice(V.MARKETING)
    draft.segments.append((text, True))
    return True


def ctx_adjective(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Postings describe the person or the hours first: "Experienced", "Full-Time"."""
    if draft.lead or draft.core.split(" ")[0].lower() in V.SENIORITY_WORDS:
        return False
    draft.lead = pick(rng, V.ADJECTIVES) + " "
    return True


def ctx_setting(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    settings = V.GROUP_SETTINGS.get(seed.group, V.GROUP_SETTINGS["43"])
    general = seed.group not in _SECTOR_GROUPS and rng.random() < 0.4
    setting = rng.choice(V.INDUSTRIES if general else settings)
    forms = V.INDUSTRY_FORMS if general else V.SETTING_FORMS
    if not draft.wrapper and rng.random() < 0.08:
        draft.wrapper = f"Join Our {setting} Team as {{a}} {{t}}"
    else:
        add_segment(draft, pick(rng, forms).format(x=setting), True, rng)
    return True


def ctx_wrapper(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Hiring phrases around the title: "Now Hiring: …", "… Needed", "Join Our Team as a …"."""
    if draft.wrapper:
        return False
    wrapper = pick(rng, V.WRAPPERS)
    if ", " in draft.core and not wrapper.endswith("{t}"):
        return False  # "Operator, Naphthalene Wanted" reads wrong; only leading phrases fit
    draft.wrapper = wrapper
    return True


OPERATIONS = (
    (ctx_location, lambda s: 1.0),
    (ctx_work_mode, lambda s: 1.2 if s.group in V.DESK_GROUPS else 0.0),
    (ctx_shift, lambda s: 0.4 if s.group in V.PROFESSIONAL_GROUPS - {"29"} else 1.5),
    (ctx_pay, lambda s: 1.5),
    (ctx_employment, lambda s: 2.0),
    (ctx_experience, lambda s: 1.5),
    (ctx_perk, lambda s: 4.5),
    (ctx_marketing, lambda s: 3.5),
    (ctx_adjective, lambda s: 2.0),
    (ctx_setting, lambda s: 3.5),
    (ctx_wrapper, lambda s: 7.0),
)
