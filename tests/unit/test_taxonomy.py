"""O*NET data loading and code validation."""

import pytest

from titlesearch.errors import InvalidInputError
from titlesearch.taxonomy import (
    MAJOR_GROUPS,
    load_taxonomy,
    normalize_title,
    validate_major_group,
    validate_onet_code,
    validate_soc_code,
)


def test_corpus_matches_onet_30():
    taxonomy = load_taxonomy()
    assert len(taxonomy.occupations) == 1016
    assert len(taxonomy.alternates) == 56495
    corpus = taxonomy.corpus()
    assert len(corpus) == 57508
    assert {r.source for r in corpus} == {"onet_alternate", "onet_occupation"}
    assert {r.onet_code[:2] for r in corpus} <= set(MAJOR_GROUPS)
    assert taxonomy.occupation("15-1252.00").title == "Software Developers"


@pytest.mark.parametrize(
    ("func", "value", "expected"),
    [
        (validate_onet_code, " 15-1252.00 ", "15-1252.00"),
        (validate_soc_code, "15-1252", "15-1252"),
        (validate_soc_code, "15-1252.00", "15-1252"),
        (validate_major_group, "15", "15"),
        (validate_major_group, "15-0000", "15"),
    ],
)
def test_valid_codes(func, value, expected):
    assert func(value) == expected


@pytest.mark.parametrize(
    ("func", "value"),
    [
        (validate_onet_code, "15-1252"),
        (validate_onet_code, "151252.00"),
        (validate_onet_code, "99-1252.00"),
        (validate_onet_code, ""),
        (validate_soc_code, "15-12"),
        (validate_major_group, "1"),
        (validate_major_group, "16"),
        (validate_major_group, "ab"),
    ],
)
def test_invalid_codes_say_what_is_expected(func, value):
    with pytest.raises(InvalidInputError, match=r"expected|unknown"):
        func(value)


def test_unknown_but_wellformed_code():
    with pytest.raises(InvalidInputError, match="not in O\\*NET"):
        load_taxonomy().occupation("15-1299.99")


def test_normalize_title():
    assert normalize_title("  Sr.\tSoftware   ENGINEER ") == "sr. software engineer"
    assert normalize_title("Ｄｅｖ") == "dev"


def test_the_quick_code_list_is_the_taxonomy_s():
    from titlesearch.taxonomy import load_taxonomy, occupation_codes

    assert occupation_codes() == frozenset(load_taxonomy().occupations)
    assert len(occupation_codes()) == 1016
