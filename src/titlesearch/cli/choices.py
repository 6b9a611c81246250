"""Options that take one of a fixed set of values, and those sets.

:func:`choice` lists the values in ``--help`` (``<mnrl|triplet>``, as typer shows an enum's)
and offers them to shell completion, but leaves the checking to the command: a wrong value
gets titlesearch's own one-line message, naming the choices, rather than a usage error. The
sets are spelled here so building the CLI imports nothing heavy;
``tests/unit/test_cli_choices.py`` checks each against the code that enforces it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, get_args

import typer

from titlesearch.config import Profile
from titlesearch.store.vectors import VECTOR_NAMES

PROFILES: tuple[str, ...] = get_args(Profile)
MODELS = VECTOR_NAMES  # classify: one model
SEARCH_MODELS = (*VECTOR_NAMES, "both")
LOSSES = ("mnrl", "triplet")
NEGATIVES = ("hard", "random")
POSITIVES = ("code", "seed")
BATCHES = ("one-code", "no-duplicates")
TARGETS = ("mapped", "literal")
PARAMS = ("best",)
PIPELINE_BACKENDS = ("auto", "rules", "llm")
TABLE_FORMATS = ("csv", "jsonl", "parquet")


def choice(*names: str, choices: Sequence[str], help: str, **options: Any) -> Any:
    """A ``typer.Option`` for one of ``choices``, listed in ``--help`` and completed by the
    shell; ``options`` go to ``typer.Option`` as they are."""

    def complete(incomplete: str) -> list[str]:
        return [c for c in choices if c.startswith(incomplete)]

    metavar = "<" + "|".join(choices) + ">"
    return typer.Option(*names, metavar=metavar, help=help, autocompletion=complete, **options)
