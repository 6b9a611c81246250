"""Rule operations on the title itself (other words, levels, skills) and the category table.

An operation edits a :class:`Draft` in place and returns whether it changed anything, so a
category can fall back to another of its operations when one does not apply to a title. The
posting dress (context, formatting) lives in :mod:`titlesearch.synth.rules.posting`.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import cache

from titlesearch.synth.contract import JitterCategory
from titlesearch.synth.rules import vocabulary as V
from titlesearch.synth.rules.draft import (
    LINK_WORDS,
    CodeProfile,
    Draft,
    Op,
    SeedContext,
    head_index,
    pick,
    place,
)
from titlesearch.synth.rules.posting import (
    ctx_adjective,
    ctx_employment,
    ctx_experience,
    ctx_location,
    ctx_marketing,
    ctx_pay,
    ctx_perk,
    ctx_setting,
    ctx_shift,
    ctx_work_mode,
    ctx_wrapper,
    fmt_abbreviate,
    fmt_expand,
    fmt_invert,
    fmt_job_code,
    fmt_punctuation,
    formatting_main,
)

# --- alternative keywords -------------------------------------------------------------------


def alt_parenthetical(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """One side of "A (B)": "Speech-Language Pathology Assistant (SLPA)" → "SLPA"."""
    options = [o for o in (seed.main, seed.alt, f"{seed.alt} - {seed.main}") if o != draft.core]
    if not seed.alt or not options:
        return False
    draft.core = rng.choice(options[:2])
    return True


def alt_synonym(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Swap the head noun for a same-job synonym: Assistant → Aide, Clerk → Specialist."""
    words = draft.core.split(" ")
    hi = head_index(words)
    head = words[hi].strip(",.")
    phrase = f"{words[hi - 1]} {head}".lower() if hi else ""
    if phrase in V.SYNONYM_BLOCK:
        return False
    options = V.HEAD_SYNONYMS.get(f"{head}|{words[hi - 1]}" if hi else "", ())
    options = options or V.HEAD_SYNONYMS.get(head, ())
    if not options:
        return False
    words[hi] = rng.choice(options)
    draft.core = " ".join(words)
    return True


def alt_pair(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Name the job twice, as postings do: "Bench Chemist/Physiological Chemist"."""
    partners = seed.profile.partners
    if "/" in draft.core or " or " in draft.core or not partners:
        return False
    core = draft.core.lower()
    for partner, words in rng.sample(partners, min(12, len(partners))):
        if words & seed.words and partner.lower() not in core and core not in partner.lower():
            joint = rng.choice(("/", "/", " / ", " or "))
            first, second = (draft.core, partner) if rng.random() < 0.6 else (partner, draft.core)
            draft.core = f"{first}{joint}{second}"
            return True
    return False


def alt_word_order(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Swap the "of" form: "Director of Nursing" ↔ "Nursing Director" (manager-like heads)."""
    words = draft.core.split(" ")
    if "of" in words[1:-1]:
        i = words.index("of")
        draft.core = " ".join(words[i + 1 :] + words[:i])
        return True
    hi = head_index(words)
    if hi == len(words) - 1 and hi and words[hi] in V.OF_HEADS and "and" not in words:
        draft.core = f"{words[hi]} of {' '.join(words[:hi])}"
        return True
    return False


def alt_drop_modifier(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Postings shorten long titles: "Commercial Construction Superintendent" → drop a modifier."""
    words = draft.core.split(" ")
    if len(words) < 3 or any(w.lower() in LINK_WORDS or w == "and" for w in words):
        return False
    del words[0]
    draft.core = " ".join(words)
    return True


# --- seniority ------------------------------------------------------------------------------


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
    level = pick(rng, V.LEVEL_SUFFIXES)
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


# --- skills ---------------------------------------------------------------------------------


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


Weighted = tuple["Op", Callable[[SeedContext], float]]

CATEGORY_OPERATIONS: dict[JitterCategory, tuple[Weighted, ...]] = {
    JitterCategory.ALTERNATIVE_KEYWORDS: (
        (alt_parenthetical, lambda s: 5.0 if s.alt else 0.0),
        (alt_synonym, lambda s: 4.0),
        (alt_pair, lambda s: 1.2),
        (alt_word_order, lambda s: 2.0),
        (alt_drop_modifier, lambda s: 1.0),
    ),
    JitterCategory.SENIORITY: (
        (sen_prefix, lambda s: 6.0),
        (sen_suffix, lambda s: 1.0),
        (sen_head_of, lambda s: 1.5),
        (sen_deputy, lambda s: 0.7),
    ),
    JitterCategory.SKILLS: (
        (skill_domain, lambda s: 5.0),
        (skill_credential, lambda s: 4.0),
    ),
    JitterCategory.JOB_CONTEXT: (
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
    ),
    JitterCategory.FORMATTING: (
        (formatting_main(fmt_abbreviate), lambda s: 5.0),
        (formatting_main(fmt_expand), lambda s: 4.0),
        (formatting_main(fmt_invert), lambda s: 2.0),
        (formatting_main(fmt_job_code), lambda s: 1.0),
        (formatting_main(fmt_punctuation), lambda s: 1.5),
    ),
}
"""Operations of each category with a weight that may depend on the seed (0 = not applicable)."""


@cache
def _operations(category: JitterCategory, group: str, alt: bool) -> tuple[tuple[Op, float], ...]:
    """The category's applicable operations and weights (which depend on group and alt only)."""
    profile = CodeProfile(group, (), (), ())
    probe = SeedContext("", "", "x" if alt else "", "", frozenset(), profile)
    weighted = ((op, weight(probe)) for op, weight in CATEGORY_OPERATIONS[category])
    return tuple((op, w) for op, w in weighted if w > 0)


def apply_category(
    category: JitterCategory, draft: Draft, seed: SeedContext, rng: random.Random
) -> bool:
    """Try the category's operations in weighted random order until one changes the draft."""
    candidates = list(_operations(category, seed.group, bool(seed.alt)))
    while candidates:
        index = rng.choices(range(len(candidates)), weights=[w for _, w in candidates])[0]
        op, _ = candidates.pop(index)
        if op(draft, seed, rng):
            return True
    return False
