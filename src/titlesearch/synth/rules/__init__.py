"""Offline rule backend: posting-style variants from word lists and sibling O*NET titles.

Each jitter category is one module of this package, found at run time (:func:`category_rules`);
the set of categories everywhere else (:class:`~titlesearch.synth.contract.JitterCategory`, the
LLM prompt, run summaries) comes from here too. A category module declares:

- ``CATEGORY``: its name, as written to the output (``"seniority"``).
- ``DESCRIPTION``: one line saying what its variants change; the LLM prompt lists it.
- ``OPERATIONS``: ``((operation, weight), ...)``: an operation edits a
  :class:`~titlesearch.synth.rules.draft.Draft` and returns whether it changed anything; its
  weight is a function of the :class:`~titlesearch.synth.rules.profile.SeedContext` (0 = does
  not apply, e.g. to one SOC group). One that applies is picked by weight; if it changes
  nothing, another is tried.
- ``ORDER`` (optional): place in the rotation of main categories; default after the others.
- ``EXTRA_CHANCES`` (optional): chances that it is also added as extra noise on top of another
  category's variant (``(0.7, 0.35)``: two independent draws); default never.

To add a category: create ``synth/rules/<name>.py`` with CATEGORY, DESCRIPTION, OPERATIONS;
add ``tests/synth/test_<name>.py``. Nothing else needs to change.

Other modules: :mod:`.jitterer` (the backend), :mod:`.draft` (a variant under construction),
:mod:`.profile` (what a seed and its code offer), :mod:`.vocabulary` (the word lists).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType, ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from titlesearch.synth.rules.draft import Weighted

DEFAULT_ORDER = 1000.0
"""Rotation place of a category module without ``ORDER``: after the built-in ones (10-50)."""
_NAME = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True, eq=False)
class CategoryRules:
    """One category module's declarations (see the package docstring)."""

    name: str
    description: str
    operations: tuple[Weighted, ...]
    order: float = DEFAULT_ORDER
    extra_chances: tuple[float, ...] = ()

    @classmethod
    def from_module(cls, module: ModuleType) -> CategoryRules:
        """Read and check a category module's declarations.

        Raises:
            ValueError: a declaration is missing or malformed (names the module).
        """
        name = getattr(module, "CATEGORY", None)
        description = getattr(module, "DESCRIPTION", None)
        operations = tuple(getattr(module, "OPERATIONS", ()))
        problem = ""
        if not isinstance(name, str) or not _NAME.fullmatch(name):
            problem = "CATEGORY must be a lower-case name like 'job_context'"
        elif not isinstance(description, str) or not description.strip():
            problem = "DESCRIPTION must be a non-empty one-line string"
        elif not operations or not all(
            len(pair) == 2 and callable(pair[0]) and callable(pair[1]) for pair in operations
        ):
            problem = "OPERATIONS must be a non-empty tuple of (operation, weight) pairs"
        if problem:
            raise ValueError(f"jitter category module {module.__name__}: {problem}")
        return cls(
            name,
            " ".join(description.split()),
            operations,
            float(getattr(module, "ORDER", DEFAULT_ORDER)),
            tuple(getattr(module, "EXTRA_CHANCES", ())),
        )


@cache
def category_rules() -> Mapping[str, CategoryRules]:
    """Every category module of this package by name, in rotation order (read on first call).

    Raises:
        ValueError: a category module is malformed, or two declare the same name.
    """
    found: list[CategoryRules] = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "CATEGORY"):
            found.append(CategoryRules.from_module(module))
    registry: dict[str, CategoryRules] = {}
    for rules in sorted(found, key=lambda rules: (rules.order, rules.name)):
        if rules.name in registry:
            raise ValueError(f"two rule modules declare the jitter category {rules.name!r}")
        registry[rules.name] = rules
    return MappingProxyType(registry)
