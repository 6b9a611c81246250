"""Category ``formatting``: abbreviations both ways, inverted order, punctuation, req numbers."""

from __future__ import annotations

import random

from titlesearch.synth.rules.draft import Draft
from titlesearch.synth.rules.formatting import (
    abbreviate,
    expand,
    fmt_invert,
    fmt_job_code,
    fmt_punctuation,
    formatting_main,
)


def test_abbreviations_work_both_ways():
    rng = random.Random(0)
    assert abbreviate("Registered Nurse", rng) == "RN"
    for i in range(5):
        expanded = expand("Sr. Acct. Mgr", random.Random(i))
        assert expanded != "Sr. Acct. Mgr"
        assert set(expanded.split()) & {"Senior", "Accountant", "Manager"}
    shortened = {abbreviate("Senior Software Engineer", random.Random(i)) for i in range(20)}
    assert "SWE" in " ".join(shortened) or "Sr." in " ".join(shortened)


def test_invert_puts_the_head_first(seed_of):
    seed = seed_of("Sales Manager")
    cores = set()
    for i in range(30):
        draft = Draft(core="Sales Manager")
        assert fmt_invert(draft, seed, random.Random(i))
        cores.add(draft.core)
    assert cores <= {"Manager, Sales", "Manager - Sales", "Manager (Sales)"}
    assert "Manager, Sales" in cores
    assert not fmt_invert(Draft(core="Accountant"), seed, random.Random(0))


def test_punctuation_changes_hyphens_and_conjunctions(seed_of):
    seed = seed_of("Accountant")
    draft = Draft(core="Speech-Language Pathologist")
    assert fmt_punctuation(draft, seed, random.Random(0))
    assert draft.core in {"Speech Language Pathologist", "SpeechLanguage Pathologist"}
    draft = Draft(core="Food Scientists and Technologists")
    assert fmt_punctuation(draft, seed, random.Random(0)) and " and " not in draft.core
    assert not fmt_punctuation(Draft(core="Accountant"), seed, random.Random(0))


def test_job_code_once_and_main_formatting_keeps_the_operation_name(seed_of):
    seed = seed_of("Accountant")
    draft = Draft(core="Accountant")
    assert fmt_job_code(draft, seed, random.Random(0)) and draft.render() != "Accountant"
    assert not fmt_job_code(draft, seed, random.Random(1))
    assert formatting_main(fmt_invert).__name__ == "fmt_invert"
