"""What a seed title and its O*NET code offer the rule operations: head noun, words, siblings.

:class:`CodeProfile` is built once per code from its sibling titles (domain phrases, pair
partners); :class:`SeedContext` is one seed title as every operation sees it.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import titlesearch.synth.rules.vocabulary as V
from titlesearch.taxonomy import TitleRecord

PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
LINK_WORDS = frozenset({"of", "for", "in", "to"})
_NUMERALS = frozenset({"I", "II", "III", "IV", "V", "1", "2", "3"})
_STOP = frozenset({"and", "or", "of", "the", "for", "in", "&", "to", "a", "an", "with", "-"})
# Modifier words that say nothing about the domain: trimmed from the ends of domain phrases.
_GENERIC = frozenset({"registered", "certified", "licensed", "general", "staff", "chief", "other"})


def head_index(words: Sequence[str]) -> int:
    """Position of the head noun: the word before "of"/"for", else the last non-numeral word."""
    for i, word in enumerate(words[1:-1], start=1):
        if word.lower() in LINK_WORDS:
            return i - 1
    idx = len(words) - 1
    while idx > 0 and words[idx].upper() in _NUMERALS:
        idx -= 1
    return idx


def word_set(text: str) -> frozenset[str]:
    """Lower-cased words, split at spaces, hyphens and slashes ("Speech-Language" → 2 words)."""
    return frozenset(w for w in re.split(r"[\s\-/,()]+", text.lower()) if w)


def singular(word: str) -> str:
    """English singular of an occupational plural ("Secretaries" → "Secretary")."""
    if word.endswith("men"):
        return word[:-3] + "man"
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def occupation_singular(title: str) -> str:
    """A job title for an occupation: "Food Scientists and Technologists" → "Food Scientist"."""
    if "--" in title:
        helper, trade = title.split("--", 1)
        return f"{occupation_singular(trade)} {singular(helper)}"
    chunks = [c.strip() for c in re.split(r",|\band\b|\bor\b", title.split(", Except")[0])]
    chunks = [c for c in chunks if c and c.lower() not in {"all other", "metal", "plastic"}]
    for i, chunk in enumerate(chunks):
        words = [w for w in chunk.split() if w not in {"Related", "Other"}]
        if words and words[-1].endswith("s"):
            words[-1] = singular(words[-1])
            if i and len(words) == 1:
                return " ".join([*chunks[0].split(), words[-1]])
            return " ".join(words)
    return title


@dataclass(frozen=True)
class CodeProfile:
    """What an O*NET code offers as noise, taken from its sibling titles.

    Attributes:
        group: SOC major group, which picks plausible skills, settings and pay.
        minor: SOC minor group ("41-2", retail sales), for skills where the major is too coarse.
        domains: (phrase, lower-cased words) specialisations: "Embedded", "Food Safety".
        domain_weights: cumulative sampling weights; phrases whose words recur among the
            siblings ("Flight", "Elevator") are drawn more often than one-off words.
        partners: (title, lower-cased words) short sibling titles for "A/B" pairs.
        companions: short titles of *other* codes for double titles ("Cashier cum Stocker"):
            those of the same minor group, then those of the rest of the major group.
    """

    group: str
    domains: tuple[tuple[str, frozenset[str]], ...]
    domain_weights: tuple[float, ...]
    partners: tuple[tuple[str, frozenset[str]], ...]
    minor: str = ""
    companions: tuple[tuple[str, ...], tuple[str, ...]] = ((), ())


@dataclass(frozen=True)
class SeedContext:
    """One seed title as the operations see it.

    Attributes:
        title: the clean seed title.
        main: the title without a trailing parenthetical; ``alt`` is that parenthetical.
        start: the title a draft starts from (the singular for plural occupation names).
        words: lower-cased words of ``main`` (to keep domain words from repeating the title).
        profile: the seed's code's :class:`CodeProfile`.
    """

    title: str
    main: str
    alt: str
    start: str
    words: frozenset[str]
    profile: CodeProfile

    @property
    def group(self) -> str:
        return self.profile.group


_SHORT_TITLE = re.compile(r"[A-Z][A-Za-z'-]*(?: [A-Z][A-Za-z'-]*){0,2}")
_COMMON_WORD_TITLES = 30
"""A companion's words each appear in this many titles: "Kitchen Helper", not "Milk Condenser"."""


def short_titles(corpus: Sequence[TitleRecord]) -> dict[str, list[tuple[str, str]]]:
    """Short, common titles as (code, title), by major group: the companions of double titles.

    Occupation names in the singular ("Cashier"), and alternate titles of one to three
    capitalised words that are all common in titles ("Stock Clerk"); no commas, digits or
    acronyms in brackets.
    """
    frequency = Counter(w for record in corpus for w in word_set(record.title))
    found: dict[str, list[tuple[str, str]]] = {}
    for record in corpus:
        title = record.title
        if title == record.onet_title:
            title = occupation_singular(title)
        elif any(frequency[w] < _COMMON_WORD_TITLES for w in word_set(title)):
            continue
        if _SHORT_TITLE.fullmatch(title) and "Occupation" not in title:
            found.setdefault(record.onet_code[:2], []).append((record.onet_code, title))
    return found


def companions(
    code: str, by_group: dict[str, list[tuple[str, str]]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Short titles of other codes, none of ``code``'s own: (same minor group, rest of the
    major group)."""
    group = by_group.get(code[:2], [])
    own = {title for other, title in group if other == code}
    near: list[str] = []
    far: list[str] = []
    for other, title in group:
        if title not in own:
            (near if other[:4] == code[:4] else far).append(title)
    return tuple(near), tuple(far)


def build_profile(
    code: str,
    titles: Iterable[str],
    occupation: str,
    companion_titles: tuple[tuple[str, ...], tuple[str, ...]] = ((), ()),
) -> CodeProfile:
    """Domain phrases and pair partners of one O*NET code, from its titles' modifiers.

    "Embedded Software Developer" contributes the modifier "Embedded Software"; words that are
    head nouns of the code ("Developer", "Nurse") or level words are trimmed off the phrase.
    """
    parsed: list[list[str]] = []
    for title in {*titles, occupation_singular(occupation)} - {occupation}:
        match = PAREN.match(title)
        words = (match.group(1) if match else title).replace(",", "").split()
        while len(words) > 1 and words[0].lower() in V.SENIORITY_WORDS:
            words = words[1:]
        if words:
            parsed.append(words)
    heads = {words[head_index(words)].lower() for words in parsed}
    frequency = Counter(w.lower() for words in parsed for w in set(words))
    domains: dict[str, tuple[str, frozenset[str]]] = {}
    partners: dict[str, tuple[str, frozenset[str]]] = {}
    for words in sorted(parsed):
        lowered = word_set(" ".join(words)) - _STOP
        if len(words) <= 3:
            partners.setdefault(" ".join(words).lower(), (" ".join(words), lowered))
        hi = head_index(words)
        modifier = words[hi + 2 :] if hi + 1 < len(words) - 1 else words[:hi]
        while modifier and (modifier[-1].lower() in heads | _STOP | _GENERIC):
            modifier = modifier[:-1]
        while modifier and modifier[0].lower() in _STOP | _GENERIC:
            modifier = modifier[1:]
        if 1 <= len(modifier) <= 3 and not any(ch.isdigit() for ch in "".join(modifier)):
            phrase = " ".join(modifier)
            domains.setdefault(phrase.lower(), (phrase, word_set(phrase)))
    weights = [max(frequency[w] for w in words) for _, words in domains.values()]
    return CodeProfile(
        code[:2],
        tuple(domains.values()),
        tuple(itertools.accumulate(weights)),
        tuple(partners.values()),
        code[:4],
        companion_titles,
    )


def seed_context(record: TitleRecord, profile: CodeProfile) -> SeedContext:
    """What the operations need to know about one seed title of the code ``profile`` describes."""
    match = PAREN.match(record.title)
    main, alt = (match.group(1), match.group(2)) if match else (record.title, "")
    plural_name = record.title == record.onet_title
    start = occupation_singular(record.title) if plural_name else record.title
    words = word_set(start if plural_name else main)
    return SeedContext(record.title, main, alt, start, words, profile)
