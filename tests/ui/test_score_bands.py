"""Result colours from the classifier's probability of each hit's code (not raw similarity),
and a classification's reasons as a table."""

from __future__ import annotations

import pytest
from styled_tables import cell_colours

from titlesearch.search.classify import Alternative, Classification, Neighbour
from titlesearch.store.base import Hit
from titlesearch.ui import widgets


def _classification(probabilities: dict[str, float], neighbours=()) -> Classification:
    alternatives = [
        Alternative(code, f"occupation {code}", 0.5, p, f"title of {code}")
        for code, p in probabilities.items()
    ]
    top = alternatives[0]
    return Classification(
        "icu nurse nights", top.onet_code, top.onet_title, top.probability, "29",
        "Healthcare Practitioners and Technical", top.probability, False, "code",
        alternatives=alternatives, neighbours=list(neighbours),
    )  # fmt: skip


def _hit(code: str, score: float) -> Hit:
    return Hit(f"id-{code}-{score}", score, {"title": f"a {code} title", "onet_code": code})


@pytest.mark.parametrize(
    ("probability", "expected"),
    [
        (1.0, "high"),
        (0.6, "high"),
        (0.5999, "medium"),
        (0.3, "medium"),
        (0.2999, "low"),
        (0.0, "low"),
        (None, "low"),  # not among the classifier's candidates
    ],
)
def test_band_follows_the_probability_of_the_code(probability, expected):
    assert widgets.band(probability) == expected


def test_hits_are_banded_by_their_codes_probability_not_their_similarity():
    classification = _classification({"29-1141.03": 0.86, "29-1141.00": 0.1})
    hits = [
        _hit("29-1141.03", 0.62),  # a similarity the old absolute bands called medium
        _hit("29-1141.00", 0.95),
        _hit("15-1252.00", 0.90),  # not a candidate at all
        _hit("29-1141.03", 0.40),
    ]
    assert widgets.hit_bands(hits, classification) == ["high", "low", "low", "high"]


def test_the_same_probability_gives_the_same_band_whatever_the_similarity_scale():
    base = _classification({"29-1141.03": 0.45})
    tuned = _classification({"29-1141.03": 0.45})
    assert widgets.hit_bands([_hit("29-1141.03", 0.91)], base) == widgets.hit_bands(
        [_hit("29-1141.03", 0.59)], tuned
    )


def test_a_code_past_the_candidates_could_never_be_medium():
    # sorted probabilities summing to 1: the (CANDIDATES + 1)-th is at most 1/(CANDIDATES + 1)
    assert 1 / (widgets.CANDIDATES + 1) < widgets.MEDIUM


def test_hits_table_colours_the_score_cells_and_keeps_the_similarity():
    classification = _classification({"29-1141.03": 0.86, "29-1141.00": 0.4})
    hits = [_hit("29-1141.03", 0.6123), _hit("29-1141.00", 0.58), _hit("11-1011.00", 0.5)]
    styled = widgets.hits_table(hits, widgets.hit_bands(hits, classification), decimals=2)
    html = styled.to_html()
    assert list(styled.data.columns) == ["#", "score", "title", "O*NET code", "occupation"]
    assert list(styled.data["score"]) == [0.6123, 0.58, 0.5]
    assert ">0.61<" in html
    colours = [widgets.BAND_COLOURS[b] for b in ("high", "medium", "low")]
    assert cell_colours(html, column=1) == dict(enumerate(colours))


def test_reasons_mark_a_persons_correction():
    neighbours = [
        Neighbour("ICU Nurse Nights", "29-1141.03", 0.97, "user", reviewed=True),
        Neighbour("Critical Care Nurse", "29-1141.03", 0.81, "onet"),
        Neighbour("ICU RN (ours)", "29-1141.03", 0.8, "user"),
    ]
    table = widgets.reasons_table(_classification({"29-1141.03": 0.9}, neighbours))
    assert list(table.columns) == ["nearest title", "O*NET code", "similarity", "note"]
    assert list(table["nearest title"])[:2] == ["ICU Nurse Nights", "Critical Care Nurse"]
    assert list(table["note"]) == ["a person's correction", "", "your own title"]
    assert list(table["similarity"]) == [0.97, 0.81, 0.8]
