"""Every option with a fixed set of values lists them in ``--help`` and offers them to shell
completion; the sets are the ones the code enforces; a wrong value keeps its own message."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app, choices

runner = CliRunner()

LISTED = [
    (["search"], "--model", "<base|tuned|both>"),
    (["search"], "--profile", "<quick|seed>"),
    (["classify"], "--model", "<base|tuned>"),
    (["classify"], "--format", "<csv|jsonl|parquet>"),
    (["train"], "--loss", "<mnrl|triplet>"),
    (["train"], "--negatives", "<hard|random>"),
    (["train"], "--positives", "<code|seed>"),
    (["train"], "--batches", "<one-code|no-duplicates>"),
    (["train"], "--targets", "<mapped|literal>"),
    (["train"], "--params", "<best>"),
    (["tune"], "--profile", "<quick|seed>"),
    (["pipeline"], "--backend", "<auto|rules|llm>"),
    (["pipeline"], "--profile", "<quick|seed>"),
    (["generate"], "--backend", "<rules|llm>"),
    (["generate"], "--format", "<csv|parquet>"),
    (["models", "pull"], "--profile", "<quick|seed>"),
    (["ingest"], "--profile", "<quick|seed>"),
    (["eval"], "--profile", "<quick|seed>"),
]


@pytest.mark.parametrize(("command", "option", "listed"), LISTED)
def test_help_lists_the_choices(monkeypatch, command, option, listed):
    monkeypatch.setenv("COLUMNS", "160")
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0, result.output
    line = next(line for line in result.stdout.splitlines() if re.search(rf"{option}\b", line))
    assert listed in line, line


def test_the_sets_are_the_ones_the_code_enforces():
    from titlesearch.store.vectors import VECTOR_NAMES
    from titlesearch.table_writer import FORMATS
    from titlesearch.train.config import BATCH_MODES, LOSSES, PROFILES
    from titlesearch.train.data.triplets import NEGATIVE_MODES, POSITIVE_MODES

    assert set(choices.PROFILES) == set(PROFILES)
    assert choices.MODELS == VECTOR_NAMES and choices.TABLE_FORMATS == FORMATS
    assert choices.LOSSES == LOSSES and choices.BATCHES == BATCH_MODES
    assert set(choices.NEGATIVES) == set(NEGATIVE_MODES)
    assert set(choices.POSITIVES) == set(POSITIVE_MODES)


def test_shell_completion_offers_the_choices():
    option = choices.choice("--batches", choices=choices.BATCHES, help="")
    assert option.autocompletion("one") == ["one-code"]
    assert option.autocompletion("") == ["one-code", "no-duplicates"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["train", "--loss", "bogus"], "--loss must be one of mnrl, triplet"),
        (["train", "--targets", "all"], "--targets must be mapped or literal"),
        (["train", "--profile", "huge"], "unknown profile"),
        (["pipeline", "--backend", "gpt"], "--backend must be auto, rules or llm"),
        (["search", "nurse", "--model", "huge"], "base, tuned or both"),
        (["classify", "--input", "x.csv", "--output", "y", "--format", "xlsx"], "--format must"),
    ],
)
def test_a_wrong_value_keeps_its_own_message(tmp_path, monkeypatch, args, message):
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path))
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and message in result.output, result.output
