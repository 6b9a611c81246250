"""Classification from neighbours: the O*NET code a title most likely belongs to, with confidence.

Each code's score pools its nearest titles, not only its best one: a soft maximum
(``T·log Σ exp(s/T)``, ``T`` = :data:`POOL_TEMPERATURE`) over its :data:`VOTES` nearest titles,
so a code that several titles point at beats one lucky near-duplicate. Priors then break
near-ties: a title that equals the query (after normalising) wins outright (the exact pass),
more so when a person coded it (a review correction, ``source=user``); the longest title the
posting contains word for word lifts its codes (:mod:`titlesearch.search.contained`); and an
"All Other" catch-all code yields to a specific one. A softmax over the code scores
(and a correction fitted on labelled titles, see :mod:`titlesearch.search.confidence`) gives
each code's probability; the top one is the confidence. Below ``abstain_below`` the
detailed code is uncertain: if the major group's summed probability clears the bar, the
answer falls back to the group; otherwise it abstains.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import numpy as np

from titlesearch.search.confidence import Calibration
from titlesearch.search.contained import longest_contained
from titlesearch.store.base import REVIEW_ID, Hit
from titlesearch.taxonomy import MAJOR_GROUPS, normalize_title

POOL_TEMPERATURE = 0.05
VOTES = 5
EXACT_BONUS = 0.1  # a title equal to the query outranks any merely similar one
OCCUPATION_BONUS = 0.05  # among exact titles, the code the query names ("Baristas") first
USER_BONUS = 0.3  # a title a person coded (``source=user``) is their decision: it outranks
# O*NET titles equal to the query by a margin that reads as near-certain, not a near-tie
CONTAINED_BONUS = 0.03  # the longest O*NET title the posting names word for word
CATCH_ALL_PENALTY = 0.02  # "… , All Other" codes yield to specific ones on near-ties


@dataclass(frozen=True)
class Alternative:
    onet_code: str
    onet_title: str
    score: float
    probability: float
    matched_title: str


@dataclass(frozen=True)
class Neighbour:
    """One of the nearest indexed titles that voted: why a code was chosen."""

    title: str
    onet_code: str
    score: float
    source: str
    reviewed: bool = False  # a reviewer's correction (``titlesearch review``), not O*NET's


NEIGHBOURS_SHOWN = 5


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
    neighbours: list[Neighbour] = field(default_factory=list)

    @property
    def label(self) -> str:
        """One phrase for people: the occupation, the group when only it is clear, or none."""
        if self.level == "code":
            return f"{self.onet_code} {self.onet_title}"
        if self.level == "group":
            return f"major group {self.major_group} {self.major_group_name} (code uncertain)"
        return "abstained (no confident match)"

    def to_dict(self) -> dict[str, object]:
        """The JSON shape (CLI ``--json``): the flat row, with alternatives and the nearest
        titles that voted (``neighbours``) as objects."""
        return {
            **self.as_row(),
            "alternatives": [asdict(a) for a in self.alternatives],
            "neighbours": [asdict(n) for n in self.neighbours],
        }

    def as_row(self) -> dict[str, object]:
        """Flat form for tables and CSV output. ``top_*`` name the best candidate code even
        when the row abstained or fell back to its group: a reviewer needs the suggestion."""
        top = self.alternatives[0] if self.alternatives else None
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
            "top_code": top.onet_code if top else "",
            "top_title": top.onet_title if top else "",
            "top_probability": round(top.probability, 4) if top else None,
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
    calibration: Calibration | None = None,
    text: str | None = None,
) -> Classification:
    """Turn one query's neighbours into a :class:`Classification`.

    Args:
        text: the text that was encoded, when it differs from ``query`` (a normalised
            posting title); a neighbour equal to either counts as an exact match.
    """
    return classify_ranked(
        query,
        rank_codes(query, hits, text=text),
        abstain_below=abstain_below,
        top_k=top_k,
        calibration=calibration,
        neighbours=nearest(hits),
    )


def nearest(hits: Sequence[Hit], count: int = NEIGHBOURS_SHOWN) -> list[Neighbour]:
    """The ``count`` most similar indexed titles, with their codes: the votes behind a code."""
    best = heapq.nlargest(count, hits, key=lambda h: h.score)  # not a second full sort
    return [
        Neighbour(
            h.payload["title"],
            h.payload["onet_code"],
            round(float(h.score), 4),
            str(h.payload.get("source", "")),
            REVIEW_ID in h.payload,
        )
        for h in best
    ]


def classify_ranked(
    query: str,
    ranked: tuple[list[str], np.ndarray, dict[str, Hit]],
    *,
    abstain_below: float,
    top_k: int = 5,
    calibration: Calibration | None = None,
    neighbours: Sequence[Neighbour] = (),
) -> Classification:
    """:func:`classify_hits` from codes already ranked by :func:`rank_codes`; ``calibration``
    (default: the plain softmax) turns code scores into probabilities; ``neighbours`` are
    kept on the answer as its reasons."""
    codes, scores, best = ranked
    if not codes:
        return Classification(
            query, None, None, 0.0, None, None, 0.0, True, "none", neighbours=list(neighbours)
        )
    probs = (calibration or Calibration()).probabilities(scores, query)
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
        neighbours=list(neighbours),
    )


def rank_codes(
    query: str, hits: Sequence[Hit], *, text: str | None = None
) -> tuple[list[str], np.ndarray, dict[str, Hit]]:
    """Codes best first, their scores, and each code's nearest hit (see the module doc)."""
    votes: dict[str, list[Hit]] = {}
    for hit in sorted(hits, key=lambda h: h.score, reverse=True):
        votes.setdefault(hit.payload["onet_code"], []).append(hit)
    wanted = {normalize_title(query), normalize_title(text or query)}
    ranked = {code: code_score(code_hits, wanted) for code, code_hits in votes.items()}
    for code in longest_contained(votes, (query, text or "")):
        ranked[code] += CONTAINED_BONUS
    codes = sorted(ranked, key=ranked.__getitem__, reverse=True)
    scores = np.array([ranked[c] for c in codes], dtype=np.float64)
    return codes, scores, {code: votes[code][0] for code in codes}


def code_score(code_hits: Sequence[Hit], wanted: set[str]) -> float:
    """One code's score from its hits (best first): pooled similarity plus the priors.

    Plain floats, not numpy: a batch scores ~15 codes per title over at most :data:`VOTES`
    hits each, where array set-up costs more than the arithmetic.
    """
    best = float(code_hits[0].score)
    spread = sum(math.exp((h.score - best) / POOL_TEMPERATURE) for h in code_hits[:VOTES])
    pooled = best + POOL_TEMPERATURE * math.log(spread)
    top = code_hits[0].payload
    exact = [h for h in code_hits if _normalized(h.payload["title"]) in wanted]
    if exact:
        pooled += EXACT_BONUS
        if any(h.payload.get("source") == "user" for h in exact):
            pooled += USER_BONUS
        if _singular(_normalized(str(top.get("onet_title", "")))) in {_singular(w) for w in wanted}:
            pooled += OCCUPATION_BONUS
    if str(top.get("onet_title", "")).endswith("All Other"):
        pooled -= CATCH_ALL_PENALTY
    return pooled


@lru_cache(maxsize=131_072)
def _normalized(title: str) -> str:
    """:func:`normalize_title` of an indexed title: the same few thousand recur in every batch."""
    return normalize_title(title)


def _singular(title: str) -> str:
    """Occupation titles are plural ("Baristas"); queries rarely are."""
    return title[:-1] if title.endswith("s") else title
