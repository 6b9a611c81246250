"""Category ``job_context``: what boards add around a title (place, pay, shift, perks, hiring).

Context segments are " - " parts or parenthetical tails; several in a row may share a joiner
("Food Chemist - Dairy - Full-Time, Great Benefits!"). About a fifth of the picks add what
Malaysian and Singaporean boards add instead: "@ Sunway Pyramid", "- Starbucks",
"(Mandarin Speaker)", "Internship - …", "(Contract)".
"""

from __future__ import annotations

import random
from functools import cache

import titlesearch.synth.rules.asean_vocabulary as A
import titlesearch.synth.rules.vocabulary as V
from titlesearch.shorthand import LANGUAGES
from titlesearch.synth.rules.draft import Draft, pick, place
from titlesearch.synth.rules.profile import SeedContext

CATEGORY = "job_context"
DESCRIPTION = (
    "location, Remote/Hybrid/On-site, shift, pay, contract type, sign-on bonus, experience, "
    'urgency, employer, language ("Mandarin Speaker"), internship, hiring phrases '
    '("Now Hiring:", "Needed").'
)
ORDER = 40
# Context dominates real postings: the most likely extra noise, sometimes twice.
EXTRA_CHANCES = (0.7, 0.35)

# Groups whose own settings say more than a generic industry ("Hospital", not "Retail").
_SECTOR_GROUPS = frozenset({"25", "29", "31", "33", "35", "37", "39", "45", "47", "55"})
# An intern or trainee is never one of these; "Senior Accountant Intern" contradicts itself.
_SENIOR = frozenset({
    "chief", "director", "president", "head", "superintendent", "senior", "sr", "sr.", "snr",
    "lead", "principal", "master", "staff", "experienced", "journeyman",
})  # fmt: skip
# Customer-facing groups, where postings ask for languages and take interns most.
_CUSTOMER_FACING_GROUPS = frozenset({"35", "39", "41", "43"})


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


def attach(draft: Draft, form: str, value: str, rng: random.Random) -> bool:
    """Put ``form`` (with ``value`` for "{s}") after the title, or before it if it ends in " "."""
    text = form.format(s=value)
    if form.endswith(" "):
        if draft.lead:
            return False
        draft.lead = text
    elif form.startswith(" | "):  # kept as written: "Sales Associate | Uniqlo"
        draft.tail.append(text)
    else:
        place(draft, form, value, rng, context=True)
    return True


def ctx_local_place(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """A Malaysian or Singaporean place: "@ Sunway Pyramid", "- Kuala Lumpur", "(Shah Alam)"."""
    malls = seed.group in A.MALL_GROUPS and rng.random() < 0.4
    return attach(draft, pick(rng, A.PLACE_FORMS), rng.choice(A.MALLS if malls else A.CITIES), rng)


def ctx_employer(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """The employer in the title: "Barista - Starbucks", "Sales Associate | Uniqlo", "(MNC)"."""
    if rng.random() < 0.2:  # "Audit Senior (MNC)", never "@ MNC"
        return attach(draft, rng.choice((" ({s})", " - {s}")), rng.choice(A.EMPLOYER_KINDS), rng)
    employer = rng.choice(A.EMPLOYERS.get(seed.group, A.EMPLOYERS_ANY))
    if rng.random() < 0.15:  # "Store Manager - IOI Puchong", "Parkson, Putrajaya"
        employer += rng.choice((" ", ", ")) + rng.choice(A.CITIES)
    return attach(draft, pick(rng, A.EMPLOYER_FORMS), employer, rng)


@cache
def _languages() -> tuple[tuple[str, float], ...]:
    return tuple(
        (name.title(), A.LANGUAGE_WEIGHTS.get(name, 0.2))
        for name in LANGUAGES
        if name != "bilingual"  # an adjective, and the US rules already use it
    )


def ctx_language(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """A language requirement: "(Mandarin Speaker)", "- Japanese Speaking", "(Cantonese)"."""
    first, second = pick(rng, _languages()), pick(rng, _languages())
    phrase = pick(rng, A.LANGUAGE_PHRASES)
    if "{m}" in phrase and first == second:
        phrase = "{l} Speaker"
    text = phrase.format(l=first, m=second)
    if phrase == "{l} Speaking" and rng.random() < 0.25:  # "Japanese Speaking Consultant"
        return attach(draft, "{s} ", text, rng)
    return attach(draft, pick(rng, A.LANGUAGE_FORMS), text, rng)


def ctx_trainee(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """An internship or trainee programme: "Internship - …", "… Intern", "Management Trainee"."""
    first = draft.core.split(" ")[0].lower()
    if draft.wrapper or draft.level or first in _SENIOR or seed.words & _SENIOR:
        return False
    # Managers start as management trainees, not interns.
    if "manager" in seed.words or (seed.group in V.DESK_GROUPS and rng.random() < 0.3):
        wrapper = pick(rng, A.GRADUATE_FORMS)
    else:
        wrapper = pick(rng, A.INTERN_FORMS)
    if ", " in draft.core and not wrapper.endswith("{t}"):
        return False  # "Operator, Naphthalene Intern" reads wrong, as in ctx_wrapper
    draft.wrapper, draft.trainee = wrapper, True
    return True


def ctx_contract_note(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Contract and urgency notes: "(Contract)", "(6 months)", "[Urgent]", "Contract …"."""
    form = pick(rng, A.CONTRACT_NOTES).replace("{n}", str(rng.choice(A.CONTRACT_MONTHS)))
    return attach(draft, form, "", rng)


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
    (ctx_local_place, lambda s: 2.0),
    (ctx_employer, lambda s: 1.5),
    (ctx_language, lambda s: 1.2 if s.group in V.DESK_GROUPS | _CUSTOMER_FACING_GROUPS else 0.3),
    (ctx_trainee, lambda s: 1.2 if s.group in V.DESK_GROUPS | _CUSTOMER_FACING_GROUPS else 0.5),
    (ctx_contract_note, lambda s: 1.2),
)
