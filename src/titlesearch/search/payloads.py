"""Payloads of one index version kept in memory, so batch classification queries ids only.

Reading 30 payloads per query is a third of the engine's time in batch coding, and the same
few thousand titles are the neighbours of most postings. A batch queries without payloads
and :class:`PayloadCache` fills its hits: ids it has not seen are retrieved in one call per
batch and kept. A published version never changes, so the cache is keyed by version and
starts again when the service moves to another one.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any

from titlesearch.store.base import Hit, TitleStore

MAX_PAYLOADS = 500_000
"""Payloads kept at most (a few hundred MB); past it the cache starts again."""


class PayloadCache:
    """id → payload of one index version, filled from the store as hits need them.

    Hits share the cached payload dicts: readers must not change them (nothing does).
    Safe to share between threads.
    """

    def __init__(self, max_payloads: int = MAX_PAYLOADS) -> None:
        self.max_payloads = max_payloads
        self._version: str | None = None
        self._payloads: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def fill(
        self, store: TitleStore, version: str, found: Sequence[Sequence[Hit]]
    ) -> list[list[Hit]]:
        """``found`` (hits queried from ``version`` without payloads) with their payloads; a
        hit ``version`` no longer holds is left out."""
        with self._lock:
            if version != self._version or len(self._payloads) > self.max_payloads:
                self._version, self._payloads = version, {}
            payloads = self._payloads
            missing = list({h.id for hits in found for h in hits if h.id not in payloads})
            if missing:
                for record in store.retrieve(missing, version=version):
                    payloads[record.id] = record.payload
        return [
            [Hit(h.id, h.score, payloads[h.id]) for h in hits if h.id in payloads] for hits in found
        ]
