"""The named vectors of the index: the one place their names are spelled.

Every point holds a ``base`` vector (the seed model) and, once an adapter is indexed, a
``tuned`` one (the seed model + LoRA adapter, merged). Code elsewhere refers to these
constants, so a further vector is added here and in the code that fills it, nowhere else.
"""

from __future__ import annotations

BASE = "base"
"""Vectors of the base sentence-transformer named in the manifest; every point has one."""

TUNED = "tuned"
"""Vectors of the base model with the fine-tuned LoRA adapter merged in; optional."""

LEXICAL = "lexical"
"""The sparse BM25 vector of every point's title (see :mod:`titlesearch.store.lexical`); searched
only together with a dense one (hybrid search), so it is not among :data:`VECTOR_NAMES`."""

VECTOR_NAMES: tuple[str, ...] = (BASE, TUNED)
"""Every dense vector an index may hold, base first (the order results are shown in)."""


def present(names: object) -> list[str]:
    """The vector names among ``names`` (any container), in :data:`VECTOR_NAMES` order."""
    return [name for name in VECTOR_NAMES if name in names]  # type: ignore[operator]
