"""History & settings: this session's searches with replay, exports (CSV/JSON), the index
manifest, display options, and search tuning (exact vs HNSW, hnsw_ef, batch size, device)
applied to this session only."""

from __future__ import annotations

import json
from pathlib import Path

import streamlit as st

from titlesearch.evaluate.artifacts import index_summary, latest_eval, training_run
from titlesearch.tabular import safe_csv_bytes
from titlesearch.ui import resources, session, widgets

SEARCH_PAGE = Path(__file__).resolve().parent / "search.py"


def history_section() -> None:
    st.header("Search history")
    entries = st.session_state.get("history", [])
    if not entries:
        st.info("No searches yet in this session: they appear here as you search.")
        return
    st.dataframe(session.history_frame(), hide_index=True, width="stretch")
    labels = {session.entry_label(e): e for e in reversed(entries)}
    pick, go = st.columns([4, 1], vertical_alignment="bottom")
    label = pick.selectbox("Search to replay", list(labels), key="h_pick")
    if go.button("Replay", key="h_replay") and label:
        session.request_replay(labels[label])
        st.switch_page(SEARCH_PAGE)


def export_section(service, home) -> None:
    st.header("Export")
    cells = st.columns(4)
    entries = st.session_state.get("history", [])
    cells[0].download_button(
        "History (JSON)",
        data=json.dumps(entries, indent=2, ensure_ascii=False, default=str),
        file_name="search_history.json",
        mime="application/json",
        disabled=not entries,
        key="x_history",
    )
    results = session.results_frame()
    cells[1].download_button(
        "All results (CSV)",
        data=safe_csv_bytes(results) if not results.empty else b"",
        file_name="search_results.csv",
        mime="text/csv",
        disabled=results.empty,
        key="x_results",
    )
    evaluation = latest_eval(home.reports_dir, service.manifest.version)
    cells[2].download_button(
        "Evaluation report (JSON)",
        data=json.dumps(evaluation.report, indent=2) if evaluation else "",
        file_name="evaluation_report.json",
        mime="application/json",
        disabled=evaluation is None,
        key="x_eval",
    )
    run = training_run(service.manifest, home.runs_dir)
    cells[3].download_button(
        "Training report (JSON)",
        data=json.dumps(run.report.as_dict(), indent=2) if run else "",
        file_name="training_report.json",
        mime="application/json",
        disabled=run is None,
        key="x_training",
    )


def index_section(service) -> None:
    st.header("Index")
    summary = index_summary(service)
    cells = st.columns(3)
    cells[0].metric("Titles", f"{summary['points']:,}")
    cells[1].metric("Version", summary["version"])
    cells[2].metric("Built", (summary["created_at"] or "?")[:16].replace("T", " "))
    st.dataframe(summary["models"], hide_index=True, width="stretch")
    with st.expander("Titles per SOC major group"):
        st.bar_chart(summary["major_groups"], horizontal=True)
    with st.expander("Manifest (JSON)"):
        st.json(summary["manifest"])


def settings_section() -> None:
    st.header("Display")
    cells = st.columns(3)
    cells[0].select_slider("Score decimals", [2, 3, 4], **session.persist("pref_decimals"))
    cells[1].toggle("Show occupation titles", **session.persist("pref_show_occupation"))
    cells[2].toggle("Show server timing", **session.persist("pref_show_timings"))
    st.header("Search tuning (this session)")
    import torch

    devices = ["auto", "cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    cells = st.columns(4)
    exact = cells[0].toggle(
        "Exact search",
        **session.persist("pref_exact"),
        help="Brute force instead of the HNSW graph.",
    )
    cells[1].number_input(
        "HNSW ef (0 = default)",
        min_value=0,
        max_value=4096,
        step=16,
        **session.persist("pref_hnsw_ef"),
        disabled=exact,
        help="Candidates HNSW explores per query: higher is more exact and slower.",
    )
    cells[2].number_input(
        "Batch size",
        min_value=1,
        max_value=4096,
        **session.persist("pref_batch_size"),
        help="Titles per step.",
    )
    cells[3].selectbox(
        "Device",
        devices,
        **session.persist("pref_device"),
        help="Another device loads the models again.",
    )
    params, batch_size, device = resources.session_params()
    st.caption(
        f"Applied to this session: {'exact' if params.exact else 'HNSW'} search"
        + (f", ef {params.hnsw_ef}" if params.hnsw_ef and not params.exact else "")
        + f", batch size {batch_size}, device {device or 'auto'}."
    )


def render() -> None:
    st.title("History & settings")
    history_section()
    home = resources.app_settings().home
    with widgets.shown_errors():  # no index: say so, but keep the settings usable
        service = resources.search_service()
        export_section(service, home)
        index_section(service)
    settings_section()


render()
