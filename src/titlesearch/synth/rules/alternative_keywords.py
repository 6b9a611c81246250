"""Category ``alternative_keywords``: the same job in other words (synonyms, "A (B)", "A/B").

Malaysian boards also name the job in Malay ("Operator Pengeluaran", often next to the English)
and in posting shorthand ("SWE", "RN"): both come from :mod:`titlesearch.shorthand` read in
reverse, the tables the query-time normaliser expands them with.
"""

from __future__ import annotations

import random
import re
from collections import defaultdict
from functools import cache

import titlesearch.synth.rules.asean_vocabulary as A
import titlesearch.synth.rules.vocabulary as V
from titlesearch.shorthand import MALAY, SHORTHAND
from titlesearch.synth.rules.draft import Draft, pick
from titlesearch.synth.rules.profile import LINK_WORDS, SeedContext, head_index

CATEGORY = "alternative_keywords"
DESCRIPTION = (
    "the same job in other words: synonyms, other common names, a second name after a slash "
    '("Medical Receptionist/Front Desk Coordinator"), Malay ("Operator Pengeluaran"), "SWE".'
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


# Malay puts these before the head ("Penolong Pengurus": assistant manager), other words after.
_MALAY_BEFORE = {"assistant": "penolong", "head": "ketua"}
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_ADJECTIVE = re.compile(r"(?:al|ed|ic|ive|ous|ary|ing|ful|able|ible)$")


@cache
def _english_to_malay() -> dict[str, tuple[str, ...]]:
    """English job words and phrases → their Malay names, from the normaliser's table."""
    found: dict[str, list[str]] = defaultdict(list)
    for malay, english in MALAY.items():
        found[english].append(malay)
    return {english: tuple(names) for english, names in found.items()}


def malay_title(title: str, rng: random.Random) -> str:
    """``title`` in Malay word order ("Senior Accounts Clerk" → "Kerani Akaun Kanan"), or "".

    The head (the longest known phrase that ends the title) must have a Malay name; one other
    word may stay English if it is not an adjective ("Juruteknik HVAC", "Kerani Showroom"), as
    on real boards.
    """
    words = title.split(" ")
    table = _english_to_malay()
    if not all(_WORD.fullmatch(w) for w in words) or head_index(words) != len(words) - 1:
        return ""
    lowered = [w.lower() for w in words]
    start = next((i for i in range(len(words)) if " ".join(lowered[i:]) in table), None)
    if start is None:
        return ""
    before: list[str] = []
    after: list[str] = []  # Malay modifiers follow the head, nearest first
    english, i = False, 0
    while i < start:
        # the longest known phrase from here: "Human Resources" → "Sumber Manusia"
        j = next((j for j in range(start, i, -1) if " ".join(lowered[i:j]) in table), i)
        if j == i + 1 and lowered[i] in _MALAY_BEFORE:
            before.append(_MALAY_BEFORE[lowered[i]])
        elif j > i:
            after.insert(0, rng.choice(table[" ".join(lowered[i:j])]))
        elif english or _ADJECTIVE.search(lowered[i]):
            return ""  # "Jurugambar Biological" is no one's way of writing it
        else:
            english = True
            after.insert(0, words[i])
        i = max(j, i + 1)
    head = rng.choice(table[" ".join(lowered[start:])])
    if head == "penolong":  # "pembantu" is the assistant as a job, "penolong" the rank
        head = "pembantu"
    return " ".join(w if w[:1].isupper() else w.title() for w in [*before, head, *after])


def alt_malay(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """The Malay name, alone or with the English: "Operator Pengeluaran / Production Operator"."""
    malay = malay_title(draft.core, rng)
    if not malay or malay.lower() == draft.core.lower():
        return False
    draft.core = pick(rng, A.BILINGUAL_FORMS).format(m=malay, e=draft.core)
    return True


@cache
def _expanded_shorthand() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]]]:
    """A pattern for every phrase that has posting shorthand, and phrase → the shorthand."""
    found: dict[str, list[str]] = defaultdict(list)
    for short, phrase in SHORTHAND.items():
        if " " in phrase:  # single words ("Mgr", "Tech") are the formatting category's
            found[phrase].append(short)
    phrases = sorted(found, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"[\s-]+") for p in phrases)
    pattern = re.compile(rf"\b(?:{body})\b", re.IGNORECASE)
    return pattern, {phrase: tuple(shorts) for phrase, shorts in found.items()}


def shorthand_form(short: str) -> str:
    """How postings write shorthand: "SWE", "F&B", "CDL-A", but "Fullstack", "Devops"."""
    return short.upper() if len(short) <= 4 or not short.isalpha() else short.capitalize()


def alt_shorthand(draft: Draft, seed: SeedContext, rng: random.Random) -> bool:
    """Posting shorthand for a phrase the title spells out: "Software Engineer" → "SWE"."""
    pattern, shorthand = _expanded_shorthand()
    matches = list(pattern.finditer(draft.core))
    if not matches:
        return False
    match = rng.choice(matches)
    phrase = re.sub(r"[\s-]+", " ", match.group(0).lower())
    short = shorthand_form(rng.choice(shorthand[phrase]))
    draft.core = f"{draft.core[: match.start()]}{short}{draft.core[match.end() :]}"
    return True


OPERATIONS = (
    (alt_parenthetical, lambda s: 5.0 if s.alt else 0.0),
    (alt_synonym, lambda s: 4.0),
    (alt_pair, lambda s: 1.2),
    (alt_word_order, lambda s: 2.0),
    (alt_drop_modifier, lambda s: 1.0),
    (alt_malay, lambda s: 2.5),
    (alt_shorthand, lambda s: 1.2),
)
