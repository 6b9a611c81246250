"""Prompt templates of the LLM jitterer (package data): how they are filled, how replies are read.

Files: ``initial_prompt.md`` (instructions, used with the few-shot seeds),
``few_shot_example.json`` (three seeds and a model answer), ``follow_up_prompt.md`` (the batch
being asked for). Templates use ``$name`` placeholders (``string.Template``), so JSON braces in
them need no escaping. The category list (``$categories``) is written from the rule category
modules' ``DESCRIPTION``, so a new category reaches the LLM without editing a prompt.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from functools import cache
from importlib.resources import files
from string import Template
from typing import Any

from titlesearch.synth.contract import JitterCategory
from titlesearch.taxonomy import TitleRecord

_CATEGORY_LINE_WIDTH = 91
"""Category lines wrap as the prompt was written by hand (the five lines are unchanged)."""


@cache
def prompt_text(name: str) -> str:
    """A prompt file shipped in ``titlesearch.synth.prompts``."""
    return files("titlesearch.synth.prompts").joinpath(name).read_text(encoding="utf-8")


def category_list() -> str:
    """One "- name: description" item per category, wrapped, in rotation order."""
    return "\n".join(
        textwrap.fill(
            f"- {category}: {category.description}",
            width=_CATEGORY_LINE_WIDTH,
            subsequent_indent="  ",
            break_long_words=False,
            break_on_hyphens=False,
        )
        for category in JitterCategory.all()
    )


def build_messages(batch: Sequence[TitleRecord], per_title: int) -> list[dict[str, str]]:
    """The chat messages for one batch: instructions + worked example, then this batch's seeds."""
    example = json.loads(prompt_text("few_shot_example.json"))
    shown = min(per_title, 5)
    # Each example title shows a different slice of its five variants, so each category it has is
    # demonstrated even when only one or two variants per title are asked for.
    answer = {
        "results": [
            {
                "id": item["id"],
                "variants": [
                    item["variants"][(k * shown + j) % len(item["variants"])] for j in range(shown)
                ],
            }
            for k, item in enumerate(example["response"]["results"])
        ]
    }
    seeds = [
        {"id": str(i), "title": record.title, "occupation": record.onet_title}
        for i, record in enumerate(batch, start=1)
    ]
    initial = Template(prompt_text("initial_prompt.md")).substitute(
        per_title=shown,
        titles=json.dumps(example["titles"], ensure_ascii=False),
        categories=category_list(),
    )
    follow_up = Template(prompt_text("follow_up_prompt.md")).substitute(
        per_title=per_title, titles=json.dumps(seeds, ensure_ascii=False)
    )
    return [
        {"role": "user", "content": initial},
        {"role": "assistant", "content": json.dumps(answer, ensure_ascii=False)},
        {"role": "user", "content": follow_up},
    ]


def parse_reply(content: str | None) -> dict[str, list[Any]] | None:
    """``{seed id: [variant, ...]}`` from a reply; None when it is not the JSON shape asked for."""
    text = (content or "").strip()
    text = re.sub(r"^```(?:json)?\s*|\s*```$", "", text)
    try:
        data = json.loads(text)
    except ValueError:
        start, end = text.find("{"), text.rfind("}")
        try:
            data = json.loads(text[start : end + 1]) if 0 <= start < end else None
        except ValueError:
            return None
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list) or not results:
        return None
    parsed = {
        str(item.get("id")): item["variants"]
        for item in results
        if isinstance(item, dict) and isinstance(item.get("variants"), list)
    }
    return parsed or None
