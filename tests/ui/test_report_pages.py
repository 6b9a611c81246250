"""Analytics, Embedding map, Model report and History & settings pages through AppTest."""

from __future__ import annotations

import pytest

LABELLED = b"title,onet_soc_code\nregistered nurse,29-1141.00\njava developer,15-1252.00\n"


def _messages(app) -> str:
    return "\n".join(str(e.value) for e in (*app.error, *app.warning, *app.info))


def _charts(app) -> list:
    return app.get("plotly_chart")


def test_analytics_on_a_labelled_upload(tuned_home, open_app):
    app = open_app(tuned_home, "analytics")
    assert not app.exception
    app.file_uploader(key="a_file").set_value(("dev.csv", LABELLED, "text/csv")).run()
    app.button(key="a_run").click().run()
    assert not app.exception
    summary = app.dataframe[0].value
    assert list(summary["model"]) == ["base", "tuned"]
    assert {"mean top-1", "std top-1", "mean top-5", "top code correct"} <= set(summary.columns)
    assert len(_charts(app)) == 2  # top-1 and top-k histograms
    assert "Top result changes between models" in [m.label for m in app.metric]


def test_analytics_on_history_and_pasted_queries(tuned_home, open_app):
    app = open_app(tuned_home, "analytics")
    app.radio(key="a_source").set_value("This session's searches").run()
    assert "No searches in this session yet" in _messages(app)
    app.session_state["history"] = [{"query": "nurse"}, {"query": "welder"}]
    app.run()
    app.button(key="a_run").click().run()
    assert app.dataframe[0].value["queries"].tolist() == [2, 2]
    app.radio(key="a_source").set_value("Pasted queries").run()
    app.text_area(key="a_text").input("chef\n\ncook").run()
    app.button(key="a_run").click().run()
    assert not app.exception
    assert app.dataframe[0].value["queries"].tolist() == [2, 2]


def test_analytics_upload_without_title_column(tuned_home, open_app):
    app = open_app(tuned_home, "analytics")
    app.file_uploader(key="a_file").set_value(("x.csv", b"name\nnurse\n", "text/csv")).run()
    assert not app.exception
    assert "missing column(s) title" in _messages(app)


def test_embedding_map_draws_pca_and_tsne_for_both_models(tuned_home, open_app, monkeypatch):
    monkeypatch.setenv("TITLESEARCH_UI_MAP_TSNE", "100")  # a small t-SNE keeps the test quick
    app = open_app(tuned_home, "embedding_map")
    assert not app.exception
    assert len(_charts(app)) == 4  # PCA and t-SNE, base and tuned
    app.text_input(key="m_query").input("registered nurse").run()
    assert not app.exception
    figure = _charts(app)[0].proto.spec
    assert "your query" in figure and "of variance" in figure
    assert app.slider(key="m_tsne").value == 100
    app.slider(key="m_tsne").set_value(0).run()
    assert "t-SNE is off" in _messages(app)


def test_model_report_shows_training_study_and_evaluation(tuned_home, open_app):
    app = open_app(tuned_home, "model_report")
    assert not app.exception
    assert [h.value for h in app.header] == ["Training", "Hyperparameter search", "Evaluation"]
    assert app.metric[0].value == "0.16%"
    before_after = app.dataframe[0].value
    assert list(before_after["metric"]) == ["accuracy@1", "accuracy@5", "mrr@10"]
    assert len(app.dataframe[1].value) == 6  # Optuna trials
    assert set(app.dataframe[2].value["system"]) == {"base", "tuned", "lexical"}
    assert len(_charts(app)) == 3  # loss curve, importances, trial values
    assert not app.warning  # the evaluation matches the active index


def test_model_report_without_artifacts_names_the_commands(small_home, open_app):
    app = open_app(small_home, "model_report")
    assert not app.exception
    messages = _messages(app)
    assert "titlesearch train" in messages
    assert "titlesearch tune" in messages
    assert "titlesearch eval" in messages


@pytest.mark.parametrize("page", ["analytics", "embedding_map", "model_report"])
def test_pages_without_index_say_what_to_do(empty_home, open_app, page):
    app = open_app(empty_home, page)
    assert not app.exception
    assert "titlesearch ingest" in app.warning[0].value


def test_history_replay_and_exports(tuned_home, open_app):
    app = open_app(tuned_home)
    app.text_input(key="q1").input("registered nurse").run()
    app.selectbox(key="f_group").select("29").run()
    app.switch_page("views/history_settings.py").run()
    assert not app.exception
    history = app.dataframe[0].value
    assert list(history["query"]) == ["registered nurse", "registered nurse"]
    labels = [d.proto.label for d in app.get("download_button")]
    assert labels == [
        "History (JSON)",
        "All results (CSV)",
        "Evaluation report (JSON)",
        "Training report (JSON)",
    ]
    app.selectbox(key="h_pick").select_index(1)  # the older search, without the group filter
    app.button(key="h_replay").click().run()
    assert not app.exception
    assert app.text_input(key="q1").value == "registered nurse"
    assert app.selectbox(key="f_group").value is None
    assert app.dataframe[0].value["O*NET code"].str.startswith("29-").any()


def test_settings_apply_to_this_session(tuned_home, open_app):
    app = open_app(tuned_home, "history_settings")
    assert not app.exception
    assert "No searches yet" in _messages(app)
    assert "Titles" in [m.label for m in app.metric]
    app.toggle(key="pref_exact").set_value(True)
    app.number_input(key="pref_batch_size").set_value(32)
    app.toggle(key="pref_show_occupation").set_value(False).run()
    assert any("exact search, batch size 32" in c.value for c in app.caption)
    app.switch_page("views/search.py").run()
    app.text_input(key="q1").input("nurse").run()
    assert not app.exception
    assert "occupation" not in app.dataframe[0].value.columns
    assert app.session_state["keep_pref_exact"] is True


def test_settings_page_without_index_keeps_the_settings(empty_home, open_app):
    app = open_app(empty_home, "history_settings")
    assert not app.exception
    assert "titlesearch ingest" in app.warning[0].value
    assert app.toggle(key="pref_exact") is not None
