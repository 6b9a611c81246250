"""Entry script of the Streamlit UI (what ``titlesearch ui`` runs): page setup, session state,
navigation. Each page lives in ``views/`` and is run by ``st.navigation``."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from titlesearch.taxonomy import ONET_ATTRIBUTION
from titlesearch.ui import session

# Not pages/: Streamlit lists a pages/ folder beside the entry script as raw file names
# ("app, analytics, batch, …") on the first paint, before st.navigation replaces them.
# (A comment, not a string: Streamlit's magic would show a bare string on every page.)
PAGES = Path(__file__).resolve().parent / "views"


def main() -> None:
    st.set_page_config(page_title="titlesearch", page_icon=":material/search:", layout="wide")
    session.init_state()
    navigation = st.navigation(
        [
            st.Page(PAGES / "search.py", title="Search", icon=":material/search:", default=True),
            st.Page(PAGES / "batch.py", title="Batch", icon=":material/table_view:"),
            st.Page(PAGES / "review.py", title="Review", icon=":material/fact_check:"),
            st.Page(PAGES / "analytics.py", title="Analytics", icon=":material/bar_chart:"),
            st.Page(
                PAGES / "embedding_map.py", title="Embedding map", icon=":material/scatter_plot:"
            ),
            st.Page(
                PAGES / "model_report.py", title="Model report", icon=":material/model_training:"
            ),
            st.Page(
                PAGES / "history_settings.py", title="History & settings", icon=":material/history:"
            ),
        ]
    )
    try:
        navigation.run()
    finally:  # also when a page stops early (st.stop) with a message
        st.sidebar.caption(ONET_ATTRIBUTION)


main()
