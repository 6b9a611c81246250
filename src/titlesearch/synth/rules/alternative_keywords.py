"""Category ``alternative_keywords``: the same job in other words (synonyms, "A (B)", "A/B")."""

from __future__ import annotations

import random

import titlesearch.synth.rules.vocabulary as V
from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.profile import LINK_WORDS, SeedContext, head_index

CATEGORY = "alternative_keywords"
DESCRIPTION = (
    "the same job in other words: synonyms, other common names, a second name after a slash "
    '("Medical Receptionist/Front Desk Coordinator").'
)
ORDER = 10
EXTRA_CHANCES = (0.08,)


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


OPERATIONS = (
    (alt_parenthetical, lambda s: 5.0 if s.alt else 0.0),
    (alt_synonym, lambda s: 4.0),
    (alt_pair, lambda s: 1.2),
    (alt_word_order, lambda s: 2.0),
    (alt_drop_modifier, lambda s: 1.0),
)
