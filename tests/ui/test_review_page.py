"""The Review page (AppTest): a batch coded on the Batch page comes up one uncertain title at
a time; a typed code is saved at once, an undo takes it back, teaching the index adds the
correction as a ``source=user`` point, and bad codes get a message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from titlesearch.review.decisions import DecisionLog

TITLES = "Operator Pengeluaran\nBOILERMAN GRED 2\nHustler extraordinaire\nSr. SWE II (Backend)"


@pytest.fixture()
def home(tuned_home: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "home"
    shutil.copytree(tuned_home, copy)  # teaching the index publishes a new version
    return copy


def coded_batch(app):
    app.radio(key="b_mode").set_value("Paste titles").run()
    app.text_area(key="b_text").input(TITLES).run()
    app.button(key="b_run").click().run()
    assert not app.exception
    links = [e.proto.label for e in app.get("page_link")]
    assert any(label.startswith("Review the uncertain rows") for label in links), links
    app.switch_page("views/review.py").run()
    assert not app.exception
    app.slider(key="r_below").set_value(1.0).run()  # every title comes up
    return app


def current_title(app) -> str:
    return app.subheader[0].value


def test_a_typed_code_is_saved_undone_and_taught(home, open_app):
    app = coded_batch(open_app(home, "batch"))
    assert any("4 titles to review" in m.value for m in app.markdown)
    first = current_title(app)
    key = next(t.key for t in app.text_input if t.key.startswith("r_code_"))
    app.text_input(key=key).input("51-9199.00").run()
    app.button(key="r_save").click().run()
    assert not app.exception
    log = DecisionLog(home / "review" / "decisions.json")
    [decision] = log.all()
    assert (decision.title, decision.onet_code, decision.action) == (first, "51-9199.00", "correct")
    assert current_title(app) != first and any("Saved" in s.value for s in app.success)

    app.button(key="r_teach").click().run()
    assert not app.exception
    assert any("holds 1 corrections (1 added" in s.value for s in app.success)

    app.selectbox(key="r_undo_id").select(decision.id).run()
    app.button(key="r_undo").click().run()
    assert not log.standing() and len(log.all()) == 1


def test_a_bad_code_is_a_message_and_nothing_is_saved(home, open_app):
    app = coded_batch(open_app(home, "batch"))
    key = next(t.key for t in app.text_input if t.key.startswith("r_code_"))
    app.text_input(key=key).input("nurse").run()
    assert any("Registered Nurses" in c.value for c in app.caption)  # words find codes
    app.button(key="r_save").click().run()
    assert not app.exception
    assert "not an O*NET-SOC occupation code" in app.error[0].value
    assert DecisionLog(home / "review" / "decisions.json").all() == []
