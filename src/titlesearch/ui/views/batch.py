"""Batch: classify a CSV upload or pasted titles with a progress bar, show the predictions,
download them as a spreadsheet-safe CSV."""

from __future__ import annotations

import time
from pathlib import Path

import streamlit as st

from titlesearch.review.queue import prediction
from titlesearch.search.batch import classify_frame
from titlesearch.tabular import safe_csv_bytes
from titlesearch.ui import resources, uploads, widgets

UPLOAD, PASTE = "Upload a CSV file", "Paste titles"
SHOWN = ["onet_code", "onet_title", "confidence", "abstain", "level", "major_group_name"]


def gather_input(max_rows: int):
    """The table and its title column from the chosen source, or (None, None) with a hint."""
    mode = st.radio("Titles from", [UPLOAD, PASTE], horizontal=True, key="b_mode")
    if mode == PASTE:
        text = st.text_area("One job title per line", key="b_text", height=200)
        if not (text or "").strip():
            st.info("Paste job titles above, one per line, then press **Classify**.")
            return None, None, None
        return uploads.pasted_titles(text, max_rows=max_rows), "title", "pasted titles"
    upload = st.file_uploader(
        "CSV file with a header row",
        key="b_file",
        help="UTF-8 (or Latin-1) CSV; one column holds the job titles.",
    )
    if upload is None:
        st.info(
            f"Upload a CSV with a column of job titles (at most {max_rows:,} rows); every "
            "other column is kept in the download."
        )
        return None, None, None
    frame = uploads.read_upload(upload.name, upload.getvalue(), max_rows=max_rows)
    columns = list(frame.columns)
    column = st.selectbox(
        "Title column",
        columns,
        index=columns.index("title") if "title" in columns else None,
        key=f"b_column_{upload.file_id}",
        placeholder="Choose the column that holds the titles",
    )
    if column is None:
        st.warning(
            f"{upload.name} has no column named `title`: choose which of its columns "
            f"({', '.join(map(str, columns))}) holds the job titles."
        )
        return None, None, None
    return frame, column, upload.name


def show_result(stored: dict) -> None:
    coded, column = stored["frame"], stored["column"]
    abstained = int(coded["abstain"].sum())
    left, middle, right = st.columns(3)
    left.metric("Titles", f"{len(coded):,}")
    middle.metric("Abstained", f"{abstained:,}", help="No confident occupation or group.")
    right.metric("Titles per second", f"{len(coded) / max(stored['seconds'], 1e-6):,.0f}")
    shown = [column] + [c for c in SHOWN if c in coded.columns and c != column]
    st.dataframe(coded[shown], hide_index=True, width="stretch")
    st.download_button(
        "Download all columns as CSV",
        data=safe_csv_bytes(coded),
        file_name=f"{Path(stored['source']).stem.replace(' ', '_')}_coded.csv",
        mime="text/csv",
        key="b_download",
        help="Cells a spreadsheet would run as a formula are prefixed with a quote.",
    )
    unsure = int((coded[prediction(coded, "level")] != "code").sum())
    st.page_link(
        "views/review.py",
        label=f"Review the uncertain rows ({unsure:,} abstained or group only)",
        icon=":material/fact_check:",
    )


def render() -> None:
    st.title("Classify many titles")
    service = resources.service_or_stop()
    limits = resources.ui_settings()
    frame = column = source = None
    with widgets.shown_errors():
        frame, column, source = gather_input(limits.max_batch_rows)
    if frame is not None:
        models = [
            service.default_model(),
            *(m for m in service.models if m != service.default_model()),
        ]
        model = st.radio("Model", models, horizontal=True, key="b_model")
        if st.button(f"Classify {len(frame):,} titles", type="primary", key="b_run"):
            bar = st.progress(0.0, text="Classifying…")

            def tick(done: int, total: int) -> None:
                bar.progress(done / total, text=f"Classified {done:,} of {total:,} titles")

            started = time.perf_counter()
            with widgets.shown_errors():
                coded = classify_frame(service, frame, column, model=model, progress=tick)
                st.session_state["b_result"] = {
                    "frame": coded,
                    "column": column,
                    "source": source,
                    "seconds": time.perf_counter() - started,
                }
            bar.empty()
    stored = st.session_state.get("b_result")
    if stored is not None:
        st.subheader(f"Predictions for {stored['source']}")
        show_result(stored)


render()
