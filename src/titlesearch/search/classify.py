"""Classification from neighbours: the O*NET code a title most likely belongs to, with confidence.

Neighbours are grouped by code; each code scores its best similarity, and a softmax over
those scores (temperature ``T``) gives a probability per code. The top code's probability is
the confidence. Below ``abstain_below`` the detailed code is uncertain: if the major group's
summed probability clears the bar, the answer falls back to the group; otherwise it abstains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np

from titlesearch.store.base import Hit
from titlesearch.taxonomy import MAJOR_GROUPS

DEFAULT_TEMPERATURE = 0.03


@dataclass(frozen=True)
class Alternative:
    onet_code: str
    onet_title: str
    score: float
    probability: float
    matched_title: str


@dataclass(frozen=True)
class Classification:
    """The answer for one title. ``level`` is ``code``, ``group`` or ``none`` (abstained)."""

    query: str
    onet_code: str | None
    onet_title: str | None
    confidence: float
    major_group: str | None
    major_group_name: str | None
    group_confidence: float
    abstain: bool
    level: str
    matched_title: str | None = None
    score: float | None = None
    alternatives: list[Alternative] = field(default_factory=list)

    @property
    def label(self) -> str:
        """One phrase for people: the occupation, the group when only it is clear, or none."""
        if self.level == "code":
            return f"{self.onet_code} {self.onet_title}"
        if self.level == "group":
            return f"major group {self.major_group} {self.major_group_name} (code uncertain)"
        return "abstained (no confident match)"

    def to_dict(self) -> dict[str, object]:
        """The JSON shape (CLI ``--json``): the flat row, with alternatives as objects."""
        return {**self.as_row(), "alternatives": [asdict(a) for a in self.alternatives]}

    def as_row(self) -> dict[str, object]:
        """Flat form for tables and CSV output."""
        return {
            "query": self.query,
            "onet_code": self.onet_code or "",
            "onet_title": self.onet_title or "",
            "confidence": round(self.confidence, 4),
            "major_group": self.major_group or "",
            "major_group_name": self.major_group_name or "",
            "group_confidence": round(self.group_confidence, 4),
            "abstain": self.abstain,
            "level": self.level,
            "matched_title": self.matched_title or "",
            "score": None if self.score is None else round(self.score, 4),
            "alternatives": "; ".join(
                f"{a.onet_code} {a.onet_title} ({a.probability:.2f})" for a in self.alternatives[1:]
            ),
        }


def classify_hits(
    query: str,
    hits: Sequence[Hit],
    *,
    abstain_below: float,
    top_k: int = 5,
    temperature: float = DEFAULT_TEMPERATURE,
) -> Classification:
    """Turn one query's neighbours into a :class:`Classification`."""
    best: dict[str, Hit] = {}
    for hit in hits:
        code = hit.payload["onet_code"]
        if code not in best or hit.score > best[code].score:
            best[code] = hit
    if not best:
        return Classification(query, None, None, 0.0, None, None, 0.0, True, "none")
    codes = sorted(best, key=lambda c: best[c].score, reverse=True)
    scores = np.array([best[c].score for c in codes], dtype=np.float64)
    probs = np.exp((scores - scores.max()) / temperature)
    probs /= probs.sum()
    groups: dict[str, float] = {}
    for code, p in zip(codes, probs, strict=True):
        groups[code[:2]] = groups.get(code[:2], 0.0) + float(p)
    top_group = max(groups, key=groups.__getitem__)
    alternatives = [
        Alternative(
            c,
            best[c].payload["onet_title"],
            float(best[c].score),
            float(p),
            best[c].payload["title"],
        )
        for c, p in list(zip(codes, probs, strict=True))[:top_k]
    ]
    top = best[codes[0]]
    confidence, group_conf = float(probs[0]), groups[top_group]
    if confidence >= abstain_below:
        level, abstain = "code", False
    elif group_conf >= abstain_below:
        level, abstain = "group", False
    else:
        level, abstain = "none", True
    is_code = level == "code"
    return Classification(
        query=query,
        onet_code=codes[0] if is_code else None,
        onet_title=top.payload["onet_title"] if is_code else None,
        confidence=confidence,
        major_group=(codes[0][:2] if is_code else top_group) if not abstain else None,
        major_group_name=MAJOR_GROUPS.get(codes[0][:2] if is_code else top_group)
        if not abstain
        else None,
        group_confidence=group_conf,
        abstain=abstain,
        level=level,
        matched_title=top.payload["title"],
        score=float(top.score),
        alternatives=alternatives,
    )
