"""Indexed titles a posting contains word for word: "Experienced Lease Operator Needed - Great
Pay!" names the O*NET title "Lease Operator" inside its noise.

The embedding reads the whole posting, noise and all, and can prefer a neighbour that shares
its other words. A title that appears word for word, and is the longest such title among the
neighbours, is strong evidence for its codes: :func:`longest_contained` finds those codes so
the classifier can give them a small prior (measured on the in-the-wild dev set: +2.8 points
acc@1 for the tuned model, +4.2 for the base; neutral on real vacancy titles, where the
crosswalked labels agree with O*NET's own titles less often). One-word titles ("Operator",
"Intern") are too generic to count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache

from titlesearch.store.base import Hit

MIN_WORDS = 2
_WORDS = re.compile(r"[a-z0-9]+(?:['&+][a-z0-9]+)*")


def spaced_words(text: str) -> str:
    """``text``'s lower-case words, single-spaced, with a space at each end (so that a
    substring test matches whole words only)."""
    return " " + " ".join(_WORDS.findall(text.casefold())) + " "


@lru_cache(maxsize=131_072)  # indexed titles recur in every batch; queries rarely do
def _indexed(title: str) -> tuple[str, int]:
    """An indexed title's :func:`spaced_words` and its number of words."""
    spaced = spaced_words(title)
    return spaced, spaced.count(" ") - 1


def longest_contained(votes: Mapping[str, Sequence[Hit]], queries: Iterable[str]) -> set[str]:
    """The codes whose neighbours include the longest title (of :data:`MIN_WORDS` words or
    more) that appears word for word in one of ``queries``; empty when there is none."""
    texts = [spaced_words(q) for q in queries if q]
    best, codes = MIN_WORDS, set()
    for code, hits in votes.items():
        for hit in hits:
            title, size = _indexed(hit.payload["title"])
            if size >= best and any(title in text for text in texts):
                if size > best:
                    best, codes = size, set()
                codes.add(code)
    return codes
