"""Embedding map: PCA (with explained variance) and t-SNE of a sample of indexed titles,
coloured by major group, base and tuned side by side, with the user's query on the PCA map.
Maps are computed once per (index version, sample size, t-SNE size) and shared by sessions."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from titlesearch.evaluate.embedding_map import EmbeddingMap, build_map, project_queries
from titlesearch.ui import charts, resources, widgets


@st.cache_data(show_spinner="Computing the map (PCA, then t-SNE)…", max_entries=8)
def cached_map(version: str, size: int, tsne_size: int, _service) -> EmbeddingMap:
    """One map per index version and sizes; ``_service`` is not part of the key."""
    return build_map(_service, size=size, tsne_size=tsne_size)


def query_points(service, emap: EmbeddingMap, query: str) -> dict[str, pd.DataFrame]:
    if not (query or "").strip():
        return {}
    projected = project_queries(service, emap, [query])
    return {
        name: pd.DataFrame({"query": [query], "x": xy[:, 0], "y": xy[:, 1]})
        for name, xy in projected.items()
    }


def render() -> None:
    st.title("Embedding map")
    service = resources.service_or_stop()
    limits = resources.ui_settings()
    points = service.manifest.corpus.points
    top = min(5000, points)
    left, right = st.columns(2)
    if top <= 100:  # a tiny index: map all of it
        size = top
        left.caption(f"All {top} indexed titles")
    else:
        size = left.slider(
            "Titles in the sample", 100, top, min(limits.map_sample, top), step=100, key="m_size"
        )
    tsne_size = right.slider(
        "t-SNE titles (0 = PCA only)",
        0,
        min(2000, size),
        min(limits.map_tsne, size),
        step=10,
        key="m_tsne",
        help="t-SNE takes a few seconds per 500 titles on a small CPU; it is computed once.",
    )
    query = st.text_input("Place a query on the PCA map", key="m_query", placeholder="nurse")
    with widgets.shown_errors():
        emap = cached_map(service.manifest.version, size, tsne_size, service)
        stars = query_points(service, emap, query)
        names = list(emap.models)
        pca_tab, tsne_tab = st.tabs(["PCA", "t-SNE"])
        with pca_tab:
            for name, column in zip(names, st.columns(len(names)), strict=True):
                one, two = emap.models[name].explained
                title = f"{name}: PC1 {one:.1%}, PC2 {two:.1%} of variance"
                column.plotly_chart(
                    charts.embedding_scatter(
                        emap.frame(name, "pca"), title=title, queries=stars.get(name)
                    ),
                    key=f"m_pca_{name}",
                )
        with tsne_tab:
            if tsne_size == 0:
                st.info("t-SNE is off: move the t-SNE slider above 0 to compute it.")
            else:
                st.caption("t-SNE cannot place new points: queries appear on the PCA map only.")
                for name, column in zip(names, st.columns(len(names)), strict=True):
                    column.plotly_chart(
                        charts.embedding_scatter(
                            emap.frame(name, "tsne"), title=f"{name}: t-SNE of {tsne_size} titles"
                        ),
                        key=f"m_tsne_{name}",
                    )
        st.caption(
            f"{len(emap.points):,} of {points:,} indexed titles, sampled uniformly "
            f"(index version {emap.version})."
        )


render()
