"""The Search page through Streamlit's AppTest, against a small real base + tuned index."""

from __future__ import annotations

import pytest
from styled_tables import cell_colours

from titlesearch.ui.widgets import BAND_COLOURS, band


def _texts(app) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [e.value for e in (*app.info, *app.warning, *app.error)]
    return "\n".join(str(p) for p in parts)


def _result_tables(app):
    """The result lists (styled tables with a score column), in page order."""
    return [d.value for d in app.dataframe if "score" in d.value.columns]


def _table_with(app, column: str):
    """The first table with ``column``: the classification ("prediction") or reasons."""
    return next(d.value for d in app.dataframe if column in d.value.columns)


def _reasons_tables(app):
    return [
        d.value
        for d in app.dataframe
        if "nearest title" in d.value.columns and "note" in d.value.columns
    ]


def test_landing_page_asks_for_a_query(tuned_home, open_app):
    app = open_app(tuned_home)
    assert not app.exception
    assert "Type a job title" in _texts(app)
    assert "high" in _texts(app)  # the score-band legend


def test_search_shows_base_and_tuned_side_by_side(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("registered nurse").run()
    assert not app.exception
    base, tuned = _result_tables(app)[:2]
    assert len(base) == len(tuned) == 10
    assert list(base.columns) == ["#", "score", "title", "O*NET code", "occupation"]
    texts = _texts(app)
    assert (
        "base · all-MiniLM-L6-v2" in texts and "tuned · all-MiniLM-L6-v2 + LoRA test-run" in texts
    )
    assert "Overlap:" in texts and "Server time" in texts
    classification = _table_with(app, "prediction")
    assert set(classification["model"]) == {"base", "tuned"}
    assert {"prediction", "confidence", "abstain"} <= set(classification.columns)
    assert app.session_state["history"][-1]["query"] == "registered nurse"


def test_filters_threshold_and_limit_change_the_results(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("software developer").run()
    unfiltered = _result_tables(app)[0]
    app.selectbox(key="f_group").select("29").run()
    in_group = _result_tables(app)[0]
    assert all(code.startswith("29-") for code in in_group["O*NET code"])
    assert list(in_group["title"]) != list(unfiltered["title"])
    app.selectbox(key="f_group").select(None)
    app.selectbox(key="f_code").select("15-1252.00").run()
    assert set(_result_tables(app)[0]["O*NET code"]) == {"15-1252.00"}
    app.slider(key="f_limit").set_value(3).run()
    assert all(len(t) <= 3 for t in _result_tables(app))
    app.slider(key="f_threshold").set_value(1.0).run()
    assert not app.exception
    assert "No titles match these filters" in _texts(app)


def test_conflicting_filters_show_an_error_not_a_traceback(tuned_home, open_app):
    app = open_app(tuned_home)
    app.selectbox(key="f_code").select("15-1252.00")
    app.selectbox(key="f_group").select("29").run()
    assert not app.exception
    assert "not in major group 29" in app.error[0].value


def test_model_toggle_and_compare_two_queries(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("registered nurse")
    app.radio(key="f_models").set_value("tuned only").run()
    assert len(_result_tables(app)) == 1
    app.radio(key="f_models").set_value("base + tuned")
    app.toggle(key="compare").set_value(True).run()
    assert "Type a second job title" in _texts(app)
    app.text_input(key="q2").input("java developer").run()
    assert not app.exception
    assert len(_result_tables(app)) == 4
    assert {"registered nurse", "java developer"} <= {h.value for h in app.subheader}


def test_find_similar_lists_neighbours_of_a_result(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("registered nurse").run()
    picked = app.selectbox(key="similar_pick").options[0]
    app.button(key="similar_go").click().run()
    assert not app.exception
    assert "Titles similar to" in _texts(app)
    assert len(_result_tables(app)) == 3
    assert app.session_state["similar"]["title"] in picked


def test_base_only_index_shows_base_with_a_note(small_home, open_app):
    app = open_app(small_home)
    app.text_input(key="q1").input("nurse").run()
    assert not app.exception
    assert len(_result_tables(app)) == 1
    assert "only **base** vectors" in _texts(app)
    assert not app.radio  # no model toggle without tuned vectors


def test_missing_index_says_how_to_build_one(empty_home, open_app):
    app = open_app(empty_home)
    assert not app.exception
    assert "titlesearch ingest" in app.warning[0].value


def test_blank_query_is_not_searched(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("   ").run()
    assert not app.exception
    assert not _result_tables(app)
    assert "Type a job title" in _texts(app)


def _score_colours(app) -> list[list[str]]:
    """The background of each score cell, per result table (base, tuned)."""
    found = []
    for table in (d for d in app.dataframe if "score" in d.value.columns):
        colours = cell_colours(table.proto.arrow_data.styler.styles, column=1)
        found.append([colours[row] for row in range(len(table.value))])
    return found


def test_an_exact_title_is_high_for_both_models_whatever_their_similarity(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("registered nurse").run()
    assert not app.exception
    assert "Colour: the classifier's probability" in _texts(app)  # the legend states the rule
    base, tuned = _score_colours(app)[:2]
    assert set(base) == set(tuned) == {BAND_COLOURS["high"]}
    assert list(_result_tables(app)[0]["score"]) != list(_result_tables(app)[1]["score"])


def test_result_colours_follow_the_classification_of_the_query(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("truck driver").run()  # mixed codes: not one colour
    assert not app.exception
    predictions = _table_with(app, "prediction").to_dict("records")
    for table, colours, predicted in zip(
        _result_tables(app)[:2], _score_colours(app)[:2], predictions, strict=True
    ):
        by_code: dict[str, set[str]] = {}
        for code, colour in zip(table["O*NET code"], colours, strict=True):
            by_code.setdefault(code, set()).add(colour)
        assert all(len(shown) == 1 for shown in by_code.values()), by_code  # a code, a colour
        top = str(predicted["prediction"]).split()[0]
        if not predicted["abstain"] and top in by_code:
            assert by_code[top] == {BAND_COLOURS[band(predicted["confidence"])]}, predicted


def test_classification_shows_the_titles_that_voted(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("registered nurse").run()
    assert not app.exception
    assert "**Why this classification:**" in _texts(app)
    reasons = _reasons_tables(app)
    assert len(reasons) == 2  # base and tuned
    for table in reasons:
        assert list(table.columns) == ["nearest title", "O*NET code", "similarity", "note"]
        assert 1 <= len(table) <= 5
        assert list(table["similarity"]) == sorted(table["similarity"], reverse=True)
        assert "29-1141.00" in set(table["O*NET code"])
        assert not any(table["note"])  # O*NET's own titles: no person's correction


@pytest.fixture(scope="module")
def corrected_home(tmp_path_factory, base_encoder, small_corpus):
    """A base-only index of the small corpus plus one title a person coded (source=user)."""
    from titlesearch.ingest.build import build_index
    from titlesearch.store.edge import EdgeStore
    from titlesearch.taxonomy import TitleRecord

    correction = TitleRecord(
        "ICU Night Nurse", "29-1141.03", "Critical Care Nurses", "user", (("review_id", "r1"),)
    )
    home = tmp_path_factory.mktemp("corrected_home")
    with EdgeStore(home / "index", "job_titles") as store:
        build_index(store, [*small_corpus, correction], base_encoder, None, progress=False)
    return home


def test_a_persons_correction_is_marked_among_the_reasons(corrected_home, open_app):
    app = open_app(corrected_home)
    app.text_input(key="q1").input("icu night nurse").run()
    assert not app.exception
    (reasons,) = _reasons_tables(app)
    first = reasons.iloc[0]
    assert (first["nearest title"], first["O*NET code"]) == ("ICU Night Nurse", "29-1141.03")
    assert first["note"] == "a person's correction"
    assert not any(reasons["note"].iloc[1:])
