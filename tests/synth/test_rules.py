"""The offline rule jitterer: deterministic, realistic, valid variants that keep the occupation."""

from __future__ import annotations

import re
import time
from collections import Counter
from pathlib import Path

import pytest

from titlesearch.synth.contract import (
    MAX_VARIANT_CHARS,
    JitterCategory,
    VariantFilter,
)
from titlesearch.synth.generate import generate_synthetic, sample_seeds
from titlesearch.synth.output import SyntheticFile, load_synthetic
from titlesearch.synth.rules.jitterer import RuleJitterer
from titlesearch.synth.rules.profile import head_index, occupation_singular
from titlesearch.taxonomy import TitleRecord, normalize_title


@pytest.fixture(scope="module")
def jitterer(corpus) -> RuleJitterer:
    return RuleJitterer(corpus, seed=7)


@pytest.fixture(scope="module")
def sample(corpus) -> list[TitleRecord]:
    return sample_seeds(corpus, 1500, seed=1)


@pytest.fixture(scope="module")
def variants(jitterer, sample):
    """Five variants (one per category rotation) of 1,500 spread seeds."""
    return {record: jitterer.variants(record, 5) for record in sample}


def test_same_seed_same_variants_other_seed_differs(corpus, sample):
    # One jitterer per run (building one reads the whole corpus): two of seed 3, one of seed 4.
    first, again, other = (
        [jitterer.variants(r, 2) for r in sample[:300]]
        for jitterer in (RuleJitterer(corpus, seed=s) for s in (3, 3, 4))
    )
    assert first == again
    assert first != other


def test_variants_do_not_depend_on_the_other_seeds(corpus, jitterer, sample):
    # Resumed runs and --limit slices must agree with a full run on the same title.
    alone = RuleJitterer(corpus, seed=7).variants(sample[42], 3)
    assert alone == jitterer.variants(sample[42], 3)


def test_every_variant_is_valid_and_carries_its_seed(variants):
    for record, rows in variants.items():
        assert rows, record
        keys = [normalize_title(r.jittered_title) for r in rows]
        assert len(keys) == len(set(keys)), rows
        for row in rows:
            assert row.jittered_title.strip() and len(row.jittered_title) <= MAX_VARIANT_CHARS
            assert normalize_title(row.jittered_title) != normalize_title(record.title)
            assert (row.seed_title, row.onet_code, row.onet_title) == (
                record.title,
                record.onet_code,
                record.onet_title,
            )
            assert row.generator == "rules"


def test_all_five_categories_are_used_about_equally(variants):
    counts = Counter(row.category for rows in variants.values() for row in rows)
    assert set(counts) == {c.value for c in JitterCategory.all()}
    total = sum(counts.values())
    assert min(counts.values()) > total / 5 * 0.6, counts


def test_variants_mostly_keep_the_head_noun(variants):
    kept = total = 0
    for record, rows in variants.items():
        words = re.sub(r"\(.*\)", "", record.title).split()
        if not words:
            continue
        head = words[head_index(words)].lower()
        for row in rows:
            total += 1
            kept += head in row.jittered_title.lower()
    print(f"head noun kept in {kept / total:.0%} of {total} variants")
    assert kept / total > 0.6


def test_noise_looks_like_job_postings(variants):
    texts = [row.jittered_title for rows in variants.values() for row in rows]
    joined = "\n".join(texts)
    for pattern in [
        r"\$\d+(\.\d\d)?/hr",  # hourly pay
        r"\$\d+k",  # salary
        r"\b(Sr\.|Senior|Lead|Junior|Principal)\b",
        r" (II|III)\b",
        r"\b(Remote|Hybrid)\b",
        r"\b(Night Shift|2nd Shift|PRN|Per Diem|Weekends)\b",
        r"Sign-On Bonus",
        r"\b(Req #|Job ID|REQ-)",
        r" \| ",
        r"Now Hiring",
        r", [A-Z][a-z]+, [A-Z]{2}\b|[A-Z][a-z]+, [A-Z]{2}\b",  # City, ST
        r"^[A-Z][A-Z .,/&-]{8,}$",  # upper-cased postings
    ]:
        assert re.search(pattern, joined, re.M), pattern
    with_noise = sum(bool(re.search(r" [-–|] |\(|,", t)) for t in texts)
    assert with_noise / len(texts) > 0.4


def test_plural_occupation_names_become_singular(jitterer, corpus):
    record = next(r for r in corpus if r.title == "Registered Nurses")
    rows = jitterer.variants(record, 5)
    assert all("Registered Nurses" not in row.jittered_title for row in rows)
    assert occupation_singular("Food Scientists and Technologists") == "Food Scientist"
    assert occupation_singular("Construction Managers") == "Construction Manager"
    assert occupation_singular("Electric Motor, Power Tool, and Related Repairers") == (
        "Electric Motor Repairer"
    )
    assert occupation_singular("Helpers--Electricians") == "Electrician Helper"
    assert occupation_singular("Secretaries and Administrative Assistants") == "Secretary"


def test_limit_slice_covers_many_codes(corpus):
    picked = sample_seeds(corpus, 200, seed=0)
    assert len(picked) == 200 and len({r.onet_code for r in picked}) == 200
    assert sample_seeds(corpus, 200, seed=0) == picked
    assert sample_seeds(corpus, 300, seed=0)[:200] == picked  # a bigger slice extends a smaller
    assert len({r.onet_code for r in sample_seeds(corpus, 3000, seed=0)}) == 1016


def test_variant_filter_reasons():
    checker = VariantFilter()
    seen: set[str] = set()
    assert checker.accept("Cook", "Line Cook", "alternative_keywords", seen)
    assert checker.accept("Cook", "line  cook", "skills", seen) is None
    assert checker.accept("Cook", "COOK", "formatting", seen) is None
    assert checker.accept("Cook", "", "formatting", seen) is None
    assert checker.accept("Cook", "x" * 151, "formatting", seen) is None
    assert checker.accept("Cook", "Prep Cook", "vibes", seen) is None
    assert checker.accept("Cook", "=Prep Cook", JitterCategory("skills"), seen) == (
        "Prep Cook",
        JitterCategory("skills"),
    )
    assert dict(checker.dropped) == {
        "duplicate": 1,
        "same_as_seed": 1,
        "empty": 1,
        "too_long": 1,
        "unknown_category": 1,
    }


def test_half_written_last_line_is_cut_on_resume(tmp_path, corpus):
    path = tmp_path / "out.csv"
    generate_synthetic(corpus[:20], output=path, progress=False)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("Truncated Row With No End,Cook,35-20")  # a run killed mid-write
    file = SyntheticFile(path)
    assert len(file.done_keys()) == 20
    summary = generate_synthetic(corpus[:30], output=path, progress=False)
    assert summary.seeds_skipped == 20 and summary.rows_written == 20
    rows = load_synthetic(path)
    assert len(rows) == 60 and not any(r.jittered_title.startswith("Truncated") for r in rows)


def test_full_corpus_slice_speed(tmp_path: Path, corpus):
    seeds = sample_seeds(corpus, 5000, seed=0)
    started = time.perf_counter()
    summary = generate_synthetic(seeds, output=tmp_path / "s.csv", progress=False, corpus=corpus)
    elapsed = time.perf_counter() - started
    print(f"rules: 5,000 seeds x 2 -> {summary.rows_written} rows in {elapsed:.1f}s")
    assert summary.rows_written >= 9900
