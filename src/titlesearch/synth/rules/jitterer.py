"""Offline rule jitterer: deterministic, posting-style variants of clean O*NET titles.

Each variant applies one main operation of its category plus 0–2 extra ones from other
categories, then renders like a job board would ("Sr. Food Chemist - Dairy - $95k-$120k").
Domain words come from the *other* titles of the same O*NET code, so specialisations stay inside
the occupation. The random stream is derived from (seed, code, title): a title's variants do not
depend on which other titles are generated with it, so slices and resumed runs agree.
"""

from __future__ import annotations

import random
import zlib
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from titlesearch.progress import shown
from titlesearch.synth.contract import JitterCategory, JitteredTitle, VariantFilter
from titlesearch.synth.jitterer import BatchResult
from titlesearch.synth.rules import CategoryRules, category_rules
from titlesearch.synth.rules.draft import Draft, Op, start_draft
from titlesearch.synth.rules.profile import (
    CodeProfile,
    SeedContext,
    build_profile,
    companions,
    seed_context,
    short_titles,
)
from titlesearch.taxonomy import TitleRecord

_MAX_EXTRAS = 2
"""At most this many extra categories of noise on top of the main one."""
_ROWS_PER_RESULT = 5000
"""Rows handed to the writer at a time by :meth:`RuleJitterer.run`."""


def extra_draws(
    categories: Iterable[CategoryRules],
) -> tuple[tuple[CategoryRules, float], ...]:
    """Every (category, chance) of extra noise, in the order the chances are drawn.

    Most likely first, because only the first :data:`_MAX_EXTRAS` hits are applied; equal
    chances go to the category later in the rotation first (so formatting precedes
    alternative keywords, as in the table this replaced: the random stream depends on it).
    """
    pairs = [(rules, chance) for rules in categories for chance in rules.extra_chances]
    return tuple(sorted(pairs, key=lambda pair: (-pair[1], -pair[0].order)))


@cache
def _applicable(rules: CategoryRules, group: str, alt: bool) -> tuple[tuple[Op, float], ...]:
    """The category's applicable operations and weights (which depend on group and alt only)."""
    profile = CodeProfile(group, (), (), ())
    probe = SeedContext("", "", "x" if alt else "", "", frozenset(), profile)
    weighted = ((op, weight(probe)) for op, weight in rules.operations)
    return tuple((op, w) for op, w in weighted if w > 0)


def apply_category(
    rules: CategoryRules, draft: Draft, seed: SeedContext, rng: random.Random
) -> bool:
    """Try the category's operations in weighted random order until one changes the draft."""
    candidates = list(_applicable(rules, seed.group, bool(seed.alt)))
    while candidates:
        index = rng.choices(range(len(candidates)), weights=[w for _, w in candidates])[0]
        op, _ = candidates.pop(index)
        if op(draft, seed, rng):
            return True
    return False


class RuleJitterer:
    """Make posting-style variants of seed titles with word lists and O*NET sibling titles.

    Args:
        corpus: titles that define each code's siblings (normally the whole O*NET corpus;
            seeds passed to :meth:`variants` need not be in it).
        seed: random seed; the same seed gives the same variants for a title.
        per_title: variants per seed title in :meth:`run`.
    """

    generator = "rules"

    def __init__(self, corpus: Sequence[TitleRecord], *, seed: int = 0, per_title: int = 2) -> None:
        self.seed = seed
        self.per_title = per_title
        self._siblings: dict[str, list[str]] = defaultdict(list)
        self._occupations: dict[str, str] = {}
        for record in corpus:
            self._siblings[record.onet_code].append(record.title)
            self._occupations.setdefault(record.onet_code, record.onet_title)
        self._short_titles = short_titles(corpus)
        self._profiles: dict[str, CodeProfile] = {}
        self._rules = category_rules()
        self._extras = extra_draws(self._rules.values())

    def _profile(self, record: TitleRecord) -> CodeProfile:
        code = record.onet_code
        if code not in self._profiles:
            occupation = self._occupations.get(code, record.onet_title)
            siblings = self._siblings.get(code, [record.title])
            pair_with = companions(code, self._short_titles)
            self._profiles[code] = build_profile(code, siblings, occupation, pair_with)
        return self._profiles[code]

    def context(self, record: TitleRecord) -> SeedContext:
        """What the operations need to know about one seed title."""
        return seed_context(record, self._profile(record))

    def variants(
        self,
        record: TitleRecord,
        per_title: int,
        categories: Sequence[JitterCategory] | None = None,
        checker: VariantFilter | None = None,
    ) -> list[JitteredTitle]:
        """Up to ``per_title`` distinct variants of ``record``, categories taken in rotation.

        Args:
            record: the clean seed title and its occupation.
            per_title: how many variants to make.
            categories: main categories to rotate through (from a per-title random start);
                None = all, in their rotation order.
            checker: shared filter that counts dropped proposals; a fresh one if None.
        """
        categories = JitterCategory.all() if categories is None else categories
        rng = random.Random(zlib.crc32(f"{self.seed}|{record.onet_code}|{record.title}".encode()))
        seed = self.context(record)
        checker = checker or VariantFilter()
        slot, failures = rng.randrange(len(categories)), 0
        seen: set[str] = set()
        rows: list[JitteredTitle] = []
        while len(rows) < per_title and failures < 4 * per_title + 4:
            category = categories[slot % len(categories)]
            draft = start_draft(seed, rng)
            if apply_category(self._rules[category], draft, seed, rng):
                extras = [r for r, p in self._extras if r.name != category and rng.random() < p]
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
                            kept[1].value,
                            self.generator,
                        )
                    )
                    slot += 1
                    continue
            failures += 1
            if failures % 3 == 0:  # this category keeps failing for this title: move on
                slot += 1
        return rows

    def run(
        self,
        seeds: Sequence[TitleRecord],
        on_result: Callable[[BatchResult], None],
        *,
        progress: bool = True,
    ) -> None:
        """Make ``per_title`` variants of every seed, handed over every ~5,000 rows and at the end.

        Every category is used, in rotation; the results are never ``failed``.
        """
        from tqdm import tqdm

        result = BatchResult()
        checker = VariantFilter(result.dropped)
        bar = tqdm(seeds, unit="title", desc="generate (rules)", disable=not shown(progress))
        for record in bar:
            rows = self.variants(record, self.per_title, checker=checker)
            result.rows.extend(rows)
            result.seeds += 1
            result.missing += not rows
            if len(result.rows) >= _ROWS_PER_RESULT:
                on_result(result)
                result = BatchResult()
                checker = VariantFilter(result.dropped)
        on_result(result)
