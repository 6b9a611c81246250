"""Query and filter validation: every bad value gets a message that says what to change."""

import math

import pytest

from titlesearch.errors import InvalidInputError
from titlesearch.search.query import (
    check_limit,
    check_model,
    check_threshold,
    clean_query,
    make_filter,
)


def test_clean_query_strips_controls_and_spaces():
    q = clean_query("  Sr.\x00 Software\x1b[31m   Engineer\n")
    assert q.text == "Sr. Software [31m Engineer"
    assert not q.truncated


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\n\t", None])
def test_empty_query_refused(text):
    with pytest.raises(InvalidInputError, match="empty"):
        clean_query(text)


def test_huge_query_truncated_and_reported():
    q = clean_query("nurse " * 2000, max_chars=512)
    assert q.truncated and len(q.text) <= 512 and q.original_length > 10_000


def test_filters():
    f = make_filter(code="15-1252.00")
    assert f.conditions() == {"onet_code": "15-1252.00"}
    assert make_filter() is None
    assert make_filter(group="29", soc="29-1141").conditions() == {
        "soc_code": "29-1141",
        "major_group": "29",
    }
    with pytest.raises(InvalidInputError, match="not in major group"):
        make_filter(code="15-1252.00", group="29")
    with pytest.raises(InvalidInputError):
        make_filter(code="nonsense")


@pytest.mark.parametrize(
    ("filters", "message"),
    [
        ({"code": "15-9999.99"}, r"15-9999.99 is well-formed but not in O\*NET 30.0"),
        ({"soc": "15-9999"}, "15-9999 is well-formed but no O.NET 30.0 occupation has it"),
        ({"soc": "15-1252", "group": "29"}, "SOC code 15-1252 is not in major group 29"),
        ({"code": "15-1252.00", "soc": "15-1251"}, "code 15-1252.00 is not in SOC code 15-1251"),
        ({"code": "29-1141.00", "soc": "29-1141", "group": "15"}, "not in major group 15"),
    ],
)
def test_filters_that_cannot_match_are_refused(filters, message):
    with pytest.raises(InvalidInputError, match=message):
        make_filter(**filters)


@pytest.mark.parametrize("value", [1.5, -1.01, math.nan])
def test_bad_threshold(value):
    with pytest.raises(InvalidInputError, match="threshold"):
        check_threshold(value)


@pytest.mark.parametrize("value", [0, -3, 1001])
def test_bad_limit(value):
    with pytest.raises(InvalidInputError, match="limit"):
        check_limit(value)


def test_model_choice():
    assert check_model("both") == "both"
    with pytest.raises(InvalidInputError):
        check_model("large")
