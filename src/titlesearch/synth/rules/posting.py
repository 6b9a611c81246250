"""Rule operations that dress a title as a job posting: job context and formatting.

Context is what boards add around a title (hiring phrases, pay, shifts, places, perks);
formatting is how they write it (abbreviations, inverted word order, separators, req numbers).
"""

from __future__ import annotations

import random

from titlesearch.synth.rules import vocabulary as V
from titlesearch.synth.rules.draft import (
    Draft,
    Op,
    SeedContext,
    abbreviate,
    add_segment,
    expand,
    head_index,
    pay_text,
    pick,
)

# Groups whose own settings say more than a generic industry ("Hospital", not "Retail").
_SECTOR_GROUPS = frozenset({"25", "29", "31", "33", "35", "37", "39", "45", "47", "55"})


# --- job context ----------------------------------------------------------------------------


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


# --- formatting -----------------------------------------------------------------------------


def fmt_abbreviate(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Shorten words as postings do: "Senior Software Engineer" → "Sr. SWE"."""
    core = abbreviate(draft.core, rng)
    changed, draft.core = core != draft.core, core
    return changed


def fmt_expand(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Spell abbreviations out: "HVAC Tech" → "HVAC Technician", "RN" → "Registered Nurse"."""
    core = expand(draft.core, rng)
    changed, draft.core = core != draft.core, core
    return changed


def fmt_invert(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Head first, as in HR systems: "Sales Manager" → "Manager, Sales"."""
    words = draft.core.split(" ")
    hi = head_index(words)
    if hi != len(words) - 1 or hi == 0 or "/" in draft.core or " or " in draft.core:
        return False
    if draft.wrapper and not draft.wrapper.endswith("{t}"):
        return False
    rest = " ".join(words[:hi])
    form = rng.choices((", {r}", " - {r}", " ({r})"), weights=(5, 1, 1.5))[0]
    draft.core = words[hi] + form.format(r=rest)
    return True


def fmt_job_code(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    if draft.code:
        return False
    digits = {f"n{k}": str(rng.randrange(10 ** (k - 1), 10**k)) for k in range(3, 8)}
    draft.code = pick(rng, V.JOB_CODE_FORMS).format(yy=rng.randrange(19, 26), **digits)
    return True


def fmt_punctuation(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Hyphens and conjunctions: "Speech-Language" → "Speech Language", " and " → " & "."""
    core = draft.core
    if " and " in core:
        core = core.replace(" and ", rng.choice((" & ", "/", " + ")), 1)
    elif "&" in core:
        core = core.replace("&", "and", 1)
    elif "-" in core:  # every hyphen of one word: "Right-of-Way" → "Right of Way"
        words = core.split(" ")
        i = next(i for i, word in enumerate(words) if "-" in word)
        words[i] = words[i].replace("-", rng.choice((" ", "")))
        core = " ".join(words)
    if core == draft.core:
        return False
    draft.core = core
    return True


def formatting_main(op: Op) -> Op:
    """As a main operation, formatting also restyles separators or casing now and then."""

    def styled(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
        if not op(draft, seed, rng):
            return False
        if rng.random() < 0.5:
            draft.sep = pick(rng, V.SEPARATORS[1:])
            draft.joiner = rng.choice(("", ", ", " | "))
        if rng.random() < 0.06:
            draft.case = "upper" if rng.random() < 0.7 else "lower"
        return True

    styled.__name__ = op.__name__
    return styled
