"""A variant under construction, and the string helpers the rule operations share.

:class:`Draft` keeps the parts of a posting title apart (core title, level, tails like
"(Remote)", " - " segments, hiring wrapper, requisition code) so operations can be combined in
any order and the result still renders the way job boards write titles.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cache

from titlesearch.synth.contract import MAX_VARIANT_CHARS
from titlesearch.synth.rules import vocabulary as V

PAREN = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
LINK_WORDS = frozenset({"of", "for", "in", "to"})
_NUMERALS = frozenset({"I", "II", "III", "IV", "V", "1", "2", "3"})


@cache
def _cumulative(table: tuple[tuple[str, float], ...]) -> tuple[list[str], list[float]]:
    items, cum, total = [], [], 0.0
    for item, weight in table:
        total += weight
        items.append(item)
        cum.append(total)
    return items, cum


def pick(rng: random.Random, table: tuple[tuple[str, float], ...]) -> str:
    """One item of a ``((item, weight), ...)`` table, drawn by weight."""
    items, cum = _cumulative(table)
    return rng.choices(items, cum_weights=cum)[0]


def head_index(words: Sequence[str]) -> int:
    """Position of the head noun: the word before "of"/"for", else the last non-numeral word."""
    for i, word in enumerate(words[1:-1], start=1):
        if word.lower() in LINK_WORDS:
            return i - 1
    idx = len(words) - 1
    while idx > 0 and words[idx].upper() in _NUMERALS:
        idx -= 1
    return idx


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
    """

    group: str
    domains: tuple[tuple[str, frozenset[str]], ...]
    domain_weights: tuple[float, ...]
    partners: tuple[tuple[str, frozenset[str]], ...]
    minor: str = ""


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


@dataclass
class Draft:
    """A variant under construction: core title, attached tails, " - " segments, wrapper, codes."""

    core: str
    level: str = ""
    tail: list[str] = field(default_factory=list)
    segments: list[tuple[str, bool]] = field(default_factory=list)
    lead: str = ""
    wrapper: str = ""
    code: str = ""
    sep: str = " - "
    joiner: str = ""
    case: str = ""

    def render(self) -> str:
        """The posting-style string; context segments in a row may share a ", " joiner."""
        title = f"{self.lead}{self.core}{self.level}"
        if self.wrapper:  # "Senior Accountant Needed (Remote)", not "… (Remote) Needed"
            article = "an" if title[:1].upper() in "AEIOU" else "a"
            title = self.wrapper.replace("{t}", title).replace("{a}", article)
        title += "".join(self.tail)
        parts, previous_context = [title], False
        for text, is_context in self.segments:
            if is_context and previous_context and self.joiner:
                parts[-1] += self.joiner + text
            else:
                parts.append(text)
            previous_context = is_context
        text = self.sep.join(parts) + self.code
        return text.upper() if self.case == "upper" else text.lower() if self.case else text

    def fit(self, limit: int = MAX_VARIANT_CHARS) -> str:
        """Render, dropping trailing segments, then codes and wrappers, until within ``limit``."""
        text = self.render()
        while len(text) > limit and self.segments:
            self.segments.pop()
            text = self.render()
        if len(text) > limit:
            self.code, self.wrapper, self.tail = "", "", []
            text = self.render()
        return text if len(text) <= limit else ""


Op = Callable[[Draft, SeedContext, random.Random], bool]
"""An operation: edits the draft in place, returns whether it changed anything."""


def word_set(text: str) -> frozenset[str]:
    """Lower-cased words, split at spaces, hyphens and slashes ("Speech-Language" → 2 words)."""
    return frozenset(w for w in re.split(r"[\s\-/,()]+", text.lower()) if w)


def start_draft(seed: SeedContext, rng: random.Random) -> Draft:
    """A fresh draft: "A (B)" seeds often start as just A or B; separators vary per posting."""
    core = seed.start
    if seed.alt:
        roll = rng.random()
        core = seed.main if roll < 0.4 else seed.alt if roll < 0.75 else seed.title
    draft = Draft(core=core)
    if rng.random() < 0.3:
        draft.sep = pick(rng, V.SEPARATORS)
    if rng.random() < 0.2:
        draft.joiner = ", "
    return draft


def add_segment(draft: Draft, text: str, context: bool, rng: random.Random) -> None:
    """Attach ``text`` as a " - " segment, or sometimes in parentheses right after the title."""
    if rng.random() < 0.3 and not draft.tail:
        draft.tail.append(f" ({text})")
    else:
        draft.segments.append((text, context))


def place(draft: Draft, form: str, value: str, rng: random.Random, context: bool) -> None:
    """Put ``value`` where a ``SKILL_FORMS``-style template says: segment, tail, or prefix."""
    if form.startswith("{s} "):  # after a level word: "Lead Commercial Roofer"
        words = draft.core.split(" ")
        at = 1 if len(words) > 1 and words[0].lower() in V.SENIORITY_WORDS else 0
        draft.core = " ".join([*words[:at], value, *words[at:]])
    elif form.startswith((" - ", " | ")) or (form.startswith(" (") and draft.tail):
        draft.segments.append((form.lstrip(" -|(").rstrip(")").format(s=value), context))
    else:
        draft.tail.append(form.format(s=value))


@cache
def _abbreviation_tables() -> tuple[re.Pattern[str], dict[str, tuple[str, ...]], dict[str, str]]:
    """Phrase regex, word → abbreviations (lower-cased keys), abbreviation → full form."""
    phrases = sorted(V.PHRASE_ABBREVIATIONS, key=len, reverse=True)
    pattern = re.compile(r"\b(" + "|".join(re.escape(p) for p in phrases) + r")\b", re.I)
    words = {word.lower(): abbrs for word, abbrs in V.WORD_ABBREVIATIONS.items()}
    reverse: dict[str, str] = {}
    for table in (V.PHRASE_ABBREVIATIONS, V.WORD_ABBREVIATIONS):
        for full, abbrs in table.items():
            for abbr in abbrs:
                reverse.setdefault(abbr.rstrip("."), full)
    return pattern, words, reverse


def _bare(token: str) -> tuple[str, str, str]:
    """Split punctuation off a token: "(Sr.," → ("(", "Sr.", ",")."""
    match = re.match(r"^([(\[]*)(.*?)([)\],:;]*)$", token)
    assert match is not None
    return match.group(1), match.group(2), match.group(3)


def abbreviate(text: str, rng: random.Random) -> str:
    """Abbreviate one phrase ("Registered Nurse" → "RN") or one or more words ("Sr.", "Mgr")."""
    pattern, words, _ = _abbreviation_tables()
    matches = list(pattern.finditer(text))
    tokens = text.split(" ")
    hits = [i for i, t in enumerate(tokens) if _bare(t)[1].lower() in words]
    if matches and (not hits or rng.random() < 0.8):
        match = rng.choice(matches)
        found = match.group(1).lower()
        options = next(v for k, v in V.PHRASE_ABBREVIATIONS.items() if k.lower() == found)
        return f"{text[: match.start()]}{rng.choice(options)}{text[match.end() :]}"
    if not hits:
        return text
    for i in hits if rng.random() < 0.3 else rng.sample(hits, 1):
        before, word, after = _bare(tokens[i])
        tokens[i] = f"{before}{rng.choice(words[word.lower()])}{after}"
    return " ".join(tokens)


def expand(text: str, rng: random.Random) -> str:
    """Spell out abbreviations the title has: "Sr." → "Senior", "HVAC Tech" → "HVAC Technician"."""
    _, _, reverse = _abbreviation_tables()
    tokens = text.split(" ")
    hits = [i for i, t in enumerate(tokens) if _bare(t)[1].rstrip(".") in reverse]
    if not hits:
        return text
    for i in hits if rng.random() < 0.5 else rng.sample(hits, 1):
        before, word, after = _bare(tokens[i])
        tokens[i] = f"{before}{reverse[word.rstrip('.')]}{after}"
    return " ".join(tokens)


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
