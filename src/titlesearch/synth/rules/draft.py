"""A variant under construction, the operation type, and weighted picks from vocabulary tables.

:class:`Draft` keeps the parts of a posting title apart (core title, level, tails like
"(Remote)", " - " segments, hiring wrapper, requisition code) so operations can be combined in
any order and the result still renders the way job boards write titles.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import titlesearch.synth.rules.vocabulary as V
from titlesearch.synth.rules.profile import SeedContext

MAX_VARIANT_CHARS = 150
"""Longer variants are dropped: real posting titles are short, and encoders truncate anyway."""


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
    trainee: bool = False
    """An internship or trainee wrapper was added: no level words on top of it."""

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

Weighted = tuple[Op, Callable[[SeedContext], float]]
"""An operation and its weight for a seed (0 = does not apply); what ``OPERATIONS`` lists."""


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
