"""Every ``TITLESEARCH_*`` variable the settings read is in the README's settings table, the table
names no variable that nothing reads, and a variable once read but ignored now takes effect."""

from __future__ import annotations

import re
from pathlib import Path

from titlesearch.api.settings import ApiSettings
from titlesearch.config import (
    HomeSettings,
    LLMSettings,
    ModelSettings,
    QdrantSettings,
    SearchSettings,
)
from titlesearch.ui.settings import UISettings

README = Path(__file__).parents[2] / "README.md"
SETTINGS = (
    HomeSettings,
    QdrantSettings,
    ModelSettings,
    SearchSettings,
    LLMSettings,
    UISettings,
    ApiSettings,
)


def read_variables() -> set[str]:
    return {
        f"{cls.model_config['env_prefix']}{name}".upper()
        for cls in SETTINGS
        for name in cls.model_fields
    }


def documented_variables() -> set[str]:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| variable | default | meaning |") :].split("\n\n", 1)[0]
    return set(re.findall(r"^\| `(TITLESEARCH_[A-Z_]+)`", table, flags=re.MULTILINE))


def test_every_variable_read_is_in_the_readme_table_and_no_other():
    read, documented = read_variables(), documented_variables()
    assert read - documented == set(), "add these to the README's settings table"
    assert documented - read == set(), "the README documents variables nothing reads"


def test_the_batch_size_reaches_the_search_encoders(small_home_env, monkeypatch):
    from titlesearch.config import AppSettings
    from titlesearch.runtime import search_service_for, store_for

    monkeypatch.setenv("TITLESEARCH_BATCH_SIZE", "7")
    settings = AppSettings.load()
    with store_for(settings) as store:
        service = search_service_for(settings, store)
        assert {e.batch_size for e in service.encoders.values()} == {7}
