"""The LLM generator under litellm's own ``mock_response``: good, junk, partial, failing replies.

No provider is reachable here; litellm's mock path still runs its real request/response,
retry and cost machinery. A fake key is set to prove it never reaches a log or output file.
"""

from __future__ import annotations

import json
import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # no network fetch on import

import pytest

from titlesearch.config import LLMSettings
from titlesearch.errors import GenerationError
from titlesearch.synth.contract import OUTPUT_COLUMNS
from titlesearch.synth.generate import generate_synthetic, sample_seeds
from titlesearch.synth.output import load_synthetic
from titlesearch.synth.prompts import build_messages, parse_reply, prompt_text
from titlesearch.taxonomy import TitleRecord, load_taxonomy

litellm = pytest.importorskip("litellm", reason="the 'llm' extra is not installed")

MODEL = "openai/gpt-4o-mini"
FAKE_KEY = "sk-test-NOT-A-REAL-KEY-0123456789abcdef"


@pytest.fixture(autouse=True)
def fake_key(monkeypatch):
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)


@pytest.fixture(scope="module")
def seeds() -> list[TitleRecord]:
    return sample_seeds(load_taxonomy().corpus(), 10, seed=2)


def answer(batch, *, skip: set[str] = frozenset(), junk: bool = False) -> str:
    """A reply in the asked-for shape: per seed two good variants (plus junk ones if asked)."""
    results = []
    for i, record in enumerate(batch, start=1):
        if record.title in skip:
            continue
        variants = [
            {"title": f"Senior {record.title}", "category": "seniority"},
            {"title": f"{record.title} - Remote, $95k", "category": "job_context"},
        ]
        if junk:
            variants += [
                {"title": record.title.upper(), "category": "formatting"},  # the seed again
                {"title": "", "category": "skills"},
                {"title": "x" * 151, "category": "skills"},
                {"title": f"Senior {record.title}", "category": "seniority"},  # duplicate
                {"title": f"{record.title} (Python)", "category": "vibes"},
                {"title": f"Lead {record.title}", "category": "seniority"},  # beyond per_title
            ]
        results.append({"id": str(i), "variants": variants})
    return json.dumps({"results": results})


def run(seeds, tmp_path, mock, **kwargs):
    settings = LLMSettings(model=MODEL, retries=kwargs.pop("retries", 0), timeout=5)
    return generate_synthetic(
        seeds,
        output=tmp_path / "llm.csv",
        backend="llm",
        llm=settings,
        batch_size=kwargs.pop("batch_size", 4),
        log_dir=tmp_path / "runs",
        mock_response=mock,
        progress=False,
        **kwargs,
    )


def log_lines(summary) -> list[dict]:
    return [json.loads(line) for line in summary.log_path.read_text().splitlines()]


def test_prompt_files_ship_with_the_package(seeds):
    for name in ("initial_prompt.md", "follow_up_prompt.md", "few_shot_example.json"):
        assert prompt_text(name).strip()
    messages = build_messages(seeds[:3], per_title=2)
    assert [m["role"] for m in messages] == ["user", "assistant", "user"]
    assert "alternative_keywords" in messages[0]["content"]
    assert not any("$titles" in m["content"] or "$per_title" in m["content"] for m in messages)
    example = json.loads(messages[1]["content"])["results"]
    assert all(len(item["variants"]) == 2 for item in example)
    shown = {v["category"] for item in example for v in item["variants"]}
    assert len(shown) == 5  # every category demonstrated even at 2 per title
    assert seeds[0].title in messages[2]["content"] and '"id": "3"' in messages[2]["content"]


def test_parse_reply_shapes():
    good = '{"results": [{"id": "1", "variants": [{"title": "A", "category": "skills"}]}]}'
    assert parse_reply(good) == {"1": [{"title": "A", "category": "skills"}]}
    assert parse_reply(f"```json\n{good}\n```") is not None
    assert parse_reply(f"Sure! Here you go:\n{good}\nHope it helps.") is not None
    for junk in ["not json", "[]", '{"results": []}', '{"titles": [1]}', None, '{"results": [1]}']:
        assert parse_reply(junk) is None


def test_good_output_is_written_with_tokens_cost_and_log(seeds, tmp_path):
    summary = run(seeds, tmp_path, lambda batch: answer(batch), concurrency=2)
    assert summary.rows_written == 20 and summary.seeds_done == 10
    assert summary.failed_batches == 0 and summary.seeds_missing == 0
    assert summary.per_category["seniority"] == 10 and summary.per_category["job_context"] == 10
    assert summary.prompt_tokens > 0 and summary.completion_tokens > 0
    assert summary.cost_usd is not None and summary.cost_usd > 0
    rows = load_synthetic(summary.output)
    assert {r.generator for r in rows} == {f"llm:{MODEL}"}
    assert summary.output.read_text().splitlines()[0] == ",".join(OUTPUT_COLUMNS)
    lines = log_lines(summary)
    assert len(lines) == 3  # 10 seeds in batches of 4
    for line in lines:
        assert line["model"] == MODEL and line["error"] is None
        assert line["prompt_tokens"] > 0 and line["completion_tokens"] > 0
        assert "latency_s" in line and "cost_usd" in line and line["kept"] > 0
    # a rerun finds everything done and asks nothing
    calls = []
    again = run(seeds, tmp_path, lambda batch: calls.append(batch) or answer(batch))
    assert again.seeds_skipped == 10 and again.rows_written == 0 and not calls


def test_junk_variants_are_filtered_and_counted(seeds, tmp_path):
    summary = run(seeds[:4], tmp_path, lambda batch: answer(batch, junk=True), per_title=2)
    assert summary.rows_written == 8
    assert summary.dropped == {
        "same_as_seed": 4,
        "empty": 4,
        "too_long": 4,
        "duplicate": 4,
        "unknown_category": 4,
        "extra": 4,
    }
    assert log_lines(summary)[0]["dropped"]["too_long"] == 4


def test_malformed_output_is_retried_then_failed_and_a_rerun_fills_it_in(seeds, tmp_path):
    calls = []

    def junk(batch):
        calls.append(len(batch))
        return "I'm sorry, here are some titles: Senior Cook, Line Cook"

    summary = run(seeds, tmp_path, junk)
    assert len(calls) == 3 * 3  # 3 batches, each asked 1 + 2 times
    assert summary.failed_batches == 3 and summary.seeds_failed == 10
    assert summary.rows_written == 0 and not summary.output.exists()
    assert all(line["error"] for line in log_lines(summary))

    fixed = run(seeds, tmp_path, lambda batch: answer(batch))
    assert fixed.seeds_skipped == 0 and fixed.rows_written == 20 and fixed.failed_batches == 0


def test_partial_output_only_missing_seeds_are_rerun(seeds, tmp_path):
    skipped = {seeds[1].title, seeds[6].title}
    summary = run(seeds, tmp_path, lambda batch: answer(batch, skip=skipped))
    assert summary.seeds_missing == 2 and summary.seeds_done == 8 and summary.rows_written == 16

    asked: list[str] = []

    def record(batch):
        asked.extend(r.title for r in batch)
        return answer(batch)

    rerun = run(seeds, tmp_path, record)
    assert sorted(asked) == sorted(skipped)
    assert rerun.seeds_skipped == 8 and rerun.rows_written == 4
    assert len(load_synthetic(summary.output)) == 20


def test_timeout_is_counted_as_failed_not_a_crash(seeds, tmp_path):
    timeout = litellm.Timeout(message="mock timeout", model="gpt-4o-mini", llm_provider="openai")
    summary = run(seeds[:5], tmp_path, timeout, retries=1, batch_size=5)
    assert summary.failed_batches == 1 and summary.seeds_failed == 5
    assert summary.rows_written == 0
    assert "Timeout" in log_lines(summary)[0]["error"]


def test_rejected_key_is_a_generation_error_and_the_key_is_never_logged(seeds, tmp_path):
    rejected = litellm.AuthenticationError(
        message=f"Incorrect API key provided: {FAKE_KEY}",
        model="gpt-4o-mini",
        llm_provider="openai",
    )
    with pytest.raises(GenerationError) as error:
        run(seeds[:3], tmp_path, rejected)
    assert FAKE_KEY not in str(error.value) and "API key" in str(error.value)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert FAKE_KEY not in path.read_text(), path
    assert list((tmp_path / "runs").glob("*.jsonl"))


def test_key_not_in_any_file_after_a_good_run(seeds, tmp_path):
    run(seeds[:3], tmp_path, lambda batch: answer(batch))
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert FAKE_KEY not in path.read_text() and "sk-test" not in path.read_text()


def test_no_model_or_no_key_says_what_to_set(seeds, tmp_path, monkeypatch):
    with pytest.raises(GenerationError, match="TITLESEARCH_LLM_MODEL"):
        generate_synthetic(
            seeds, output=tmp_path / "x.csv", backend="llm", llm=LLMSettings(model=None)
        )
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(GenerationError, match="OPENAI_API_KEY"):
        generate_synthetic(
            seeds,
            output=tmp_path / "x.csv",
            backend="llm",
            llm=LLMSettings(model=MODEL),
            progress=False,
        )
    assert not (tmp_path / "x.csv").exists()
