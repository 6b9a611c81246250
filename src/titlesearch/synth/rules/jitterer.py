"""Offline rule jitterer: deterministic, posting-style variants of clean O*NET titles.

Each variant applies one main operation of its :class:`JitterCategory` plus 0–2 extra ones from
other categories, then renders like a job board would ("Sr. Food Chemist - Dairy - $95k-$120k").
Domain words come from the *other* titles of the same O*NET code, so specialisations stay inside
the occupation. The random stream is derived from (seed, code, title): a title's variants do not
depend on which other titles are generated with it, so slices and resumed runs agree.
"""

from __future__ import annotations

import itertools
import random
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from titlesearch.synth.contract import JitterCategory, JitteredTitle, VariantFilter
from titlesearch.synth.rules import vocabulary as V
from titlesearch.synth.rules.draft import (
    PAREN,
    CodeProfile,
    SeedContext,
    head_index,
    start_draft,
    word_set,
)
from titlesearch.synth.rules.ops import apply_category
from titlesearch.taxonomy import TitleRecord

_STOP = frozenset({"and", "or", "of", "the", "for", "in", "&", "to", "a", "an", "with", "-"})
# Modifier words that say nothing about the domain: trimmed from the ends of domain phrases.
_GENERIC = frozenset({"registered", "certified", "licensed", "general", "staff", "chief", "other"})
# Chance that a variant also gets noise of another category on top of its main one. Context and
# a domain dominate, as in real postings ("Food Chemist - Dairy - Full-Time, Great Benefits!").
_EXTRA_CHANCES = (
    (JitterCategory.JOB_CONTEXT, 0.7),
    (JitterCategory.SKILLS, 0.45),
    (JitterCategory.JOB_CONTEXT, 0.35),
    (JitterCategory.SENIORITY, 0.15),
    (JitterCategory.FORMATTING, 0.08),
    (JitterCategory.ALTERNATIVE_KEYWORDS, 0.08),
)
_MAX_EXTRAS = 2


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


def build_profile(code: str, titles: Iterable[str], occupation: str) -> CodeProfile:
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
    )


class RuleJitterer:
    """Make posting-style variants of seed titles with word lists and O*NET sibling titles.

    Args:
        corpus: titles that define each code's siblings (normally the whole O*NET corpus;
            seeds passed to :meth:`variants` need not be in it).
        seed: random seed; the same seed gives the same variants for a title.
    """

    name = "rules"

    def __init__(self, corpus: Sequence[TitleRecord], *, seed: int = 0) -> None:
        self.seed = seed
        self._siblings: dict[str, list[str]] = defaultdict(list)
        self._occupations: dict[str, str] = {}
        for record in corpus:
            self._siblings[record.onet_code].append(record.title)
            self._occupations.setdefault(record.onet_code, record.onet_title)
        self._profiles: dict[str, CodeProfile] = {}

    def _profile(self, record: TitleRecord) -> CodeProfile:
        code = record.onet_code
        if code not in self._profiles:
            occupation = self._occupations.get(code, record.onet_title)
            siblings = self._siblings.get(code, [record.title])
            self._profiles[code] = build_profile(code, siblings, occupation)
        return self._profiles[code]

    def context(self, record: TitleRecord) -> SeedContext:
        """What the operations need to know about one seed title."""
        profile = self._profile(record)
        match = PAREN.match(record.title)
        main, alt = (match.group(1), match.group(2)) if match else (record.title, "")
        plural_name = record.title == record.onet_title
        start = occupation_singular(record.title) if plural_name else record.title
        words = word_set(start if plural_name else main)
        return SeedContext(record.title, main, alt, start, words, profile)

    def variants(
        self,
        record: TitleRecord,
        per_title: int,
        categories: Sequence[JitterCategory] = tuple(JitterCategory),
        checker: VariantFilter | None = None,
    ) -> list[JitteredTitle]:
        """Up to ``per_title`` distinct variants of ``record``, categories taken in rotation.

        Args:
            record: the clean seed title and its occupation.
            per_title: how many variants to make.
            categories: main categories to rotate through (from a per-title random start).
            checker: shared filter that counts dropped proposals; a fresh one if None.
        """
        rng = random.Random(zlib.crc32(f"{self.seed}|{record.onet_code}|{record.title}".encode()))
        seed = self.context(record)
        checker = checker or VariantFilter()
        slot, failures = rng.randrange(len(categories)), 0
        seen: set[str] = set()
        rows: list[JitteredTitle] = []
        while len(rows) < per_title and failures < 4 * per_title + 4:
            category = categories[slot % len(categories)]
            draft = start_draft(seed, rng)
            if apply_category(category, draft, seed, rng):
                extras = [c for c, p in _EXTRA_CHANCES if c is not category and rng.random() < p]
                for extra in extras[:_MAX_EXTRAS]:
                    apply_category(extra, draft, seed, rng)
                text = draft.fit()
                kept = checker.accept(record.title, text, category, seen) if text else None
                if kept:
                    rows.append(
                        JitteredTitle(
                            kept[0],
                            record.title,
                            record.onet_code,
                            record.onet_title,
                            category.value,
                            self.name,
                        )
                    )
                    slot += 1
                    continue
            failures += 1
            if failures % 3 == 0:  # this category keeps failing for this title: move on
                slot += 1
        return rows
