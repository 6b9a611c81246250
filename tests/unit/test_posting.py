"""Posting titles read as the occupation they name, and query expansion merging both forms."""

import pytest

from titlesearch.posting import normalize_posting
from titlesearch.search.expansion import expansions, merge_hits, search_expanded
from titlesearch.store.base import Hit


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Sr. SWE II (Backend) – Remote, $150k", "senior software engineer"),
        ("Retail Assistant @ Sunway Pyramid", "retail assistant"),
        ("Operator Pengeluaran", "production operator"),
        ("Sales Executive (Mandarin Speaker)", "sales executive"),
        (
            "MANDARIN TEACHER - NATIONAL SECONDARY SCHOOL",
            "mandarin teacher - national secondary school",
        ),
        ("Account Executive - Japanese Speaking", "account executive"),
        ("BOILERMAN GRED 2 & GRED 1", "boilerman"),
        ("Senior HR Manager cum secretary", "senior human resources manager / secretary"),
        ("INV CLERK", "invoice clerk"),
        ("Recruitment Executive (1 Year Contract)", "recruitment executive"),
        ("Production Manager (Based at Prai)", "production manager"),
        ("CDL-A OTR driver", "commercial driver's license class a over the road driver"),
        ("ICU nurse nights", "intensive care unit nurse nights"),
        ("Guru Tadika", "kindergarten teacher"),
    ],
)
def test_posting_noise_and_shorthand(title, expected):
    assert normalize_posting(title).startswith(expected)


def test_english_words_are_not_taken_for_shorthand():
    assert normalize_posting("Head of IT") == "head of information technology"
    assert normalize_posting("it support") == "it support"  # lower case "it" is a word
    assert normalize_posting("Lab Rep") == "laboratory representative"


def test_nothing_is_reduced_to_nothing():
    for title in ("$150k", "(Remote)", "Mandarin", "GRED 2", "@ KL"):
        assert normalize_posting(title).strip(), title


def test_expansions_only_where_they_add_something():
    assert expansions(["registered nurse", "Sr. Accountant"]) == [None, "senior accountant"]


def hit(point: str, score: float) -> Hit:
    return Hit(id=point, score=score, payload={"title": point, "onet_code": "15-1252.00"})


def test_merge_keeps_each_point_once_with_its_best_score():
    merged = merge_hits([hit("a", 0.5), hit("b", 0.4)], [hit("b", 0.9), hit("c", 0.1)], limit=2)
    assert [(h.id, h.score) for h in merged] == [("b", 0.9), ("a", 0.5)]


def test_search_expanded_runs_one_batch_and_merges():
    batches = []

    def search(texts):
        batches.append(list(texts))
        return [[hit(t, 0.5 + 0.1 * i)] for i, t in enumerate(texts)]

    out = search_expanded(search, ["Sr. Accountant", "nurse"], limit=5)
    assert batches == [["Sr. Accountant", "nurse", "senior accountant"]]
    assert [h.id for h in out[0]] == ["senior accountant", "Sr. Accountant"]
    assert [h.id for h in out[1]] == ["nurse"]
    assert search_expanded(search, ["Sr. Accountant"], limit=5, expand=False)[0][0].id == (
        "Sr. Accountant"
    )
