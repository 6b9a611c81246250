"""Validation of what a user asks: query text, filters, threshold, limit, model choice.

Every check raises :class:`InvalidInputError` with a message that says what to change.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from titlesearch.errors import InvalidInputError
from titlesearch.store.base import TitleFilter
from titlesearch.store.vectors import BASE, TUNED, VECTOR_NAMES
from titlesearch.taxonomy import (
    occupation_codes,
    tidy_title,
    validate_major_group,
    validate_onet_code,
    validate_soc_code,
)

__all__ = [  # the vector names are re-exported for front ends, which never import the store
    "BASE",
    "BOTH",
    "MODEL_CHOICES",
    "TUNED",
    "VECTOR_NAMES",
    "CleanQuery",
    "ModelChoice",
    "check_limit",
    "check_model",
    "check_threshold",
    "check_vector_name",
    "clean_query",
    "make_filter",
]

BOTH = "both"
"""The model choice that searches every vector the index holds, side by side."""
ModelChoice = str  # a name from VECTOR_NAMES, or BOTH
MAX_LIMIT = 1000


@dataclass(frozen=True)
class CleanQuery:
    """A query ready to encode, and whether it had to be shortened."""

    text: str
    truncated: bool = False
    original_length: int = 0


def clean_query(text: str | None, *, max_chars: int = 512) -> CleanQuery:
    """Strip control characters and extra spaces; refuse empty text; truncate long text.

    Long queries are truncated, not refused: the model reads at most a few hundred
    tokens anyway, and batch coding should not fail on one pasted job description.
    """
    raw = text or ""
    visible = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in raw)
    tidy = tidy_title(visible)
    if not tidy:
        raise InvalidInputError("the query is empty: type a job title, e.g. 'registered nurse'")
    if len(tidy) > max_chars:
        return CleanQuery(tidy[:max_chars].rstrip(), True, len(tidy))
    return CleanQuery(tidy, False, len(tidy))


def make_filter(
    code: str | None = None,
    soc: str | None = None,
    group: str | None = None,
    source: str | None = None,
) -> TitleFilter | None:
    """A payload filter from user strings, each validated; None when nothing is set.

    Every indexed title carries an O*NET 30.0 code (``ingest --extra`` refuses others), so a
    well-formed code, SOC code or group that O*NET does not have, or two filters that
    contradict each other, could only ever match nothing: both are refused with the reason.
    """
    values = TitleFilter(
        onet_code=validate_onet_code(code) if code else None,
        soc_code=validate_soc_code(soc) if soc else None,
        major_group=validate_major_group(group) if group else None,
        source=source.strip() if source and source.strip() else None,
    )
    _check_known(values)
    prefixes = [
        (name, value, prefix)
        for name, value, prefix in (
            ("code", values.onet_code, values.onet_code),
            ("SOC code", values.soc_code, values.soc_code),
            ("major group", values.major_group, values.major_group),
        )
        if value
    ]
    for i, (name, value, prefix) in enumerate(prefixes):
        for other, other_value, other_prefix in prefixes[i + 1 :]:
            if not prefix.startswith(other_prefix):
                raise InvalidInputError(
                    f"{name} {value} is not in {other} {other_value}: no title can match both; "
                    "drop one filter"
                )
    return values if values.conditions() else None


def _check_known(values: TitleFilter) -> None:
    """Refuse a well-formed code, SOC code or group that O*NET 30.0 does not have."""
    if not (values.onet_code or values.soc_code):
        return  # a major group is checked against the fixed list of 23 when parsed
    occupations = occupation_codes()
    if values.onet_code and values.onet_code not in occupations:
        raise InvalidInputError(
            f"O*NET-SOC code {values.onet_code} is well-formed but not in O*NET 30.0, so no "
            "indexed title has it; check the code (e.g. 15-1252.00) or filter by --soc/--group"
        )
    if values.soc_code and not any(c.startswith(values.soc_code) for c in occupations):
        raise InvalidInputError(
            f"SOC code {values.soc_code} is well-formed but no O*NET 30.0 occupation has it; "
            "check the code (e.g. 15-1252) or filter by --group"
        )


def check_threshold(value: float | None) -> float | None:
    if value is None:
        return None
    if not (-1.0 <= value <= 1.0) or value != value:
        raise InvalidInputError(
            f"threshold {value} is outside [-1, 1]: cosine similarity lies in that range"
        )
    return float(value)


def check_limit(value: int) -> int:
    if not (1 <= value <= MAX_LIMIT):
        raise InvalidInputError(f"limit {value} must be between 1 and {MAX_LIMIT}")
    return int(value)


MODEL_CHOICES: tuple[str, ...] = (*VECTOR_NAMES, BOTH)


def check_model(value: str) -> ModelChoice:
    if value not in MODEL_CHOICES:
        raise InvalidInputError(f"model {value!r} must be {', '.join(VECTOR_NAMES)} or {BOTH}")
    return value


def check_vector_name(value: str) -> str:
    """One model (a vector name), not ``both``: what classification and vector search use."""
    if value not in VECTOR_NAMES:
        raise InvalidInputError(f"model {value!r} must be {' or '.join(VECTOR_NAMES)}")
    return value
