"""What a generator backend is to the ``generate`` job: seeds in, batches of checked rows out.

Both backends (:class:`~titlesearch.synth.rules.jitterer.RuleJitterer`,
:class:`~titlesearch.synth.llm.LLMJitterer`) implement :class:`Jitterer`; the job writes each
:class:`BatchResult` as it arrives, so an interruption loses at most the batches in flight.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from titlesearch.synth.contract import JitteredTitle
from titlesearch.taxonomy import TitleRecord


@dataclass
class BatchResult:
    """What one batch of seeds produced; a ``failed`` batch wrote nothing and is retried on a rerun.

    Attributes:
        rows: the kept variants.
        seeds: seed titles in the batch.
        missing: seeds that got no valid variant.
        failed: the whole batch failed (LLM: transport error or junk replies).
        prompt_tokens: LLM tokens sent (0 for rules).
        completion_tokens: LLM tokens received (0 for rules).
        cost_usd: LLM cost where litellm knows the prices, else None.
        dropped: proposals dropped, by reason (see
            :class:`~titlesearch.synth.contract.VariantFilter`).
    """

    rows: list[JitteredTitle] = field(default_factory=list)
    seeds: int = 0
    missing: int = 0
    failed: bool = False
    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None
    dropped: Counter[str] = field(default_factory=Counter)


class Jitterer(Protocol):
    """A generator backend, configured at construction (variants per title, seed, model, …)."""

    @property
    def generator(self) -> str:
        """The ``generator`` column value: ``rules`` or ``llm:<model>``."""
        ...

    def run(
        self,
        seeds: Sequence[TitleRecord],
        on_result: Callable[[BatchResult], None],
        *,
        progress: bool = True,
    ) -> None:
        """Generate for all ``seeds``, calling ``on_result`` in the caller's thread per batch.

        Raises:
            GenerationError: the backend cannot run at all (LLM: no key, unknown model).
        """
        ...
