"""Analytics: for a set of queries, how similar each model's top results are (mean and std,
histograms base vs tuned) and how often the top result changes between the models."""

from __future__ import annotations

import streamlit as st

from titlesearch.evaluate.analytics import score_analytics
from titlesearch.tabular import require_columns, safe_csv_bytes
from titlesearch.ui import charts, resources, uploads, widgets

UPLOAD = "Labelled CSV upload"
HISTORY = "This session's searches"
PASTE = "Pasted queries"


def gather_queries(max_rows: int):
    """(queries, labels or None, description), or (None, None, None) with a hint shown."""
    source = st.radio("Queries from", [UPLOAD, HISTORY, PASTE], horizontal=True, key="a_source")
    if source == HISTORY:
        queries = list(dict.fromkeys(e["query"] for e in st.session_state.get("history", [])))
        if not queries:
            st.info("No searches in this session yet: search a few titles on the Search page.")
            return None, None, None
        return queries, None, f"{len(queries)} searched titles"
    if source == PASTE:
        text = st.text_area("One query per line", key="a_text", height=160)
        frame = uploads.pasted_titles(text, max_rows=max_rows) if (text or "").strip() else None
        if frame is None:
            st.info("Paste queries above, one per line.")
            return None, None, None
        return frame["title"].tolist(), None, f"{len(frame)} pasted queries"
    upload = st.file_uploader(
        "CSV with a `title` column (and optionally `onet_soc_code` labels)", key="a_file"
    )
    if upload is None:
        st.info(
            "Upload titles as CSV, e.g. a labelled set like the dev set (columns `title`, "
            "`onet_soc_code`); with labels the table also shows how often the top code is right."
        )
        return None, None, None
    frame = uploads.read_upload(upload.name, upload.getvalue(), max_rows=max_rows)
    require_columns(frame, ["title"], upload.name)
    codes = frame["onet_soc_code"].tolist() if "onet_soc_code" in frame else None
    return frame["title"].tolist(), codes, f"{len(frame)} titles from {upload.name}"


def show(stats, description: str) -> None:
    st.subheader(f"Scores for {description}")
    if stats.dropped:
        st.caption(f"{stats.dropped} empty queries were left out.")
    summary = stats.summary()
    st.dataframe(summary.round(3), hide_index=True, width="stretch")
    if stats.top_changed is not None:
        left, right = st.columns(2)
        left.metric("Top result changes between models", f"{stats.top_changed:.0%}")
        right.metric("Top O*NET code changes", f"{stats.top_code_changed:.0%}")
    scores = stats.score_frame()
    left, right = st.columns(2)
    left.plotly_chart(
        charts.score_histogram(scores[scores["rank"] == 1], title="Top-1 similarity"),
        key="a_hist_top1",
    )
    right.plotly_chart(
        charts.score_histogram(scores, title=f"All top-{stats.k} similarities"),
        key="a_hist_topk",
    )
    per_query = stats.per_query()
    with st.expander("Per query"):
        st.dataframe(per_query, hide_index=True, width="stretch")
    st.download_button(
        "Download per-query scores (CSV)",
        data=safe_csv_bytes(per_query),
        file_name="score_analytics.csv",
        mime="text/csv",
        key="a_download",
    )


def render() -> None:
    st.title("Score analytics")
    service = resources.service_or_stop()
    if service.tuned is None:
        st.caption("Only base vectors in this index: the statistics cover the base model.")
    queries = codes = description = None
    with widgets.shown_errors():
        queries, codes, description = gather_queries(resources.ui_settings().max_batch_rows)
    k = st.slider("Results per query (k)", 1, 20, 5, key="a_k")
    if queries and st.button(f"Analyse {len(queries):,} queries", type="primary", key="a_run"):
        bar = st.progress(0.0, text="Searching…")

        def tick(done: int, total: int) -> None:
            bar.progress(done / total, text=f"{done:,} of {total:,} searches")

        with widgets.shown_errors():
            stats = score_analytics(
                service, queries, k=k, codes=codes, batch_size=service.batch_size, progress=tick
            )
            st.session_state["a_result"] = (stats, description)
        bar.empty()
    stored = st.session_state.get("a_result")
    if stored is not None:
        show(*stored)


render()
