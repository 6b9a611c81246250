"""Synthetic-data contract: jitter categories, one output row, the checks every variant passes.

Both generators (offline rules and an LLM) produce :class:`JitteredTitle` rows with the columns in
:data:`OUTPUT_COLUMNS`; :class:`VariantFilter` is the one place that decides whether a proposed
variant is kept, so the two generators cannot drift apart on what "a valid variant" means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import astuple, dataclass, field
from typing import TYPE_CHECKING

from titlesearch.synth.rules.draft import MAX_VARIANT_CHARS
from titlesearch.taxonomy import normalize_title, tidy_title

if TYPE_CHECKING:
    from titlesearch.synth.rules import CategoryRules


__all__ = [
    "MAX_VARIANT_CHARS",
    "OUTPUT_COLUMNS",
    "JitterCategory",
    "JitteredTitle",
    "VariantFilter",
]

OUTPUT_COLUMNS: tuple[str, ...] = (
    "jittered_title",
    "seed_title",
    "onet_code",
    "onet_title",
    "category",
    "generator",
)


class JitterCategory(str):
    """What a variant mainly changes about its seed title; the name is written to the output.

    The categories are the modules of :mod:`titlesearch.synth.rules` that declare ``CATEGORY``
    (a new rules file adds one), so the rule and LLM backends, the filter and the summaries
    always agree on them. An instance is the plain name: ``JitterCategory("skills") == "skills"``.

    Raises:
        ValueError: (on construction) the name is not a category; :meth:`parse` is lenient.
    """

    __slots__ = ()

    def __new__(cls, name: str) -> JitterCategory:
        known = _registry()
        if name not in known:
            raise ValueError(f"unknown jitter category {name!r}; known: {', '.join(known)}")
        return super().__new__(cls, name)

    def __repr__(self) -> str:
        return f"JitterCategory({str(self)!r})"

    @property
    def value(self) -> str:
        """The name as a plain string (what the output's ``category`` column holds)."""
        return str(self)

    @property
    def description(self) -> str:
        """One line on what variants of this category change (the LLM prompt lists it)."""
        return _registry()[self].description

    @classmethod
    def all(cls) -> tuple[JitterCategory, ...]:
        """Every category, in the rule backend's rotation order."""
        return tuple(cls(name) for name in _registry())

    @classmethod
    def parse(cls, value: str) -> JitterCategory | None:
        """The category named by ``value`` (case and ``-``/space tolerant), or None if unknown."""
        key = (value or "").strip().lower().replace("-", "_").replace(" ", "_")
        return cls(key) if key in _registry() else None


def _registry() -> Mapping[str, CategoryRules]:
    # Imported here: the rules package imports this module, and finds its categories lazily.
    from titlesearch.synth.rules import category_rules

    return category_rules()


@dataclass(frozen=True)
class JitteredTitle:
    """One synthetic training row: a noisy title and the clean seed (and occupation) it came from.

    Attributes:
        jittered_title: the generated, posting-like title.
        seed_title: the clean O*NET title it was made from.
        onet_code: the seed's O*NET-SOC code (the training label).
        onet_title: the occupation title of ``onet_code``.
        category: the main :class:`JitterCategory` value applied.
        generator: ``rules`` or ``llm:<model>``.
    """

    jittered_title: str
    seed_title: str
    onet_code: str
    onet_title: str
    category: str
    generator: str

    def as_row(self) -> tuple[str, ...]:
        """Values in :data:`OUTPUT_COLUMNS` order."""
        return astuple(self)


def seed_key(onet_code: str, title: str) -> tuple[str, str]:
    """Identity of a seed across runs: used to resume and to de-duplicate."""
    return onet_code.strip(), normalize_title(title)


@dataclass
class VariantFilter:
    """Decides which proposed variants of one seed are kept, and counts why others are dropped.

    A variant is dropped when it is empty, longer than :data:`MAX_VARIANT_CHARS`, the seed itself
    (compared normalized, so casing-only changes do not count), a duplicate of an earlier variant
    of the same seed, or labelled with an unknown category.
    """

    dropped: Counter[str] = field(default_factory=Counter)

    def accept(
        self, seed_title: str, text: object, category: object, seen: set[str]
    ) -> tuple[str, JitterCategory] | None:
        """Return the tidied variant and its category if it passes, else None (reason counted).

        Args:
            seed_title: the clean title the variant was made from.
            text: the proposed variant (anything; non-strings are dropped as empty).
            category: the proposed category name (or a :class:`JitterCategory`).
            seen: normalized variants already kept for this seed; updated when one is kept.
        """
        # Leading bullets and "=+-@" go: list markers from LLM replies, formula starts in CSV.
        title = tidy_title(text).lstrip("=+-@•*· ") if isinstance(text, str) else ""
        parsed = category if isinstance(category, JitterCategory) else None
        if parsed is None and isinstance(category, str):
            parsed = JitterCategory.parse(category)
        key = normalize_title(title)
        if not key:
            reason = "empty"
        elif len(title) > MAX_VARIANT_CHARS:
            reason = "too_long"
        elif key == normalize_title(seed_title):
            reason = "same_as_seed"
        elif key in seen:
            reason = "duplicate"
        elif parsed is None:
            reason = "unknown_category"
        else:
            seen.add(key)
            return title, parsed
        self.dropped[reason] += 1
        return None
