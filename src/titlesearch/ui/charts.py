"""Plotly figures of the UI: score histograms, embedding maps, loss curve, importances.

Each takes plain data (frames, dicts) and returns a figure; pages only place them.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from titlesearch.search.query import VECTOR_NAMES

MODEL_COLOURS = dict(zip(VECTOR_NAMES, ("#5b8def", "#f28e2b"), strict=False))


def score_histogram(scores: pd.DataFrame, *, title: str) -> go.Figure:
    """Overlaid histograms of similarity per model (``scores``: columns model, score)."""
    figure = px.histogram(
        scores,
        x="score",
        color="model",
        barmode="overlay",
        nbins=40,
        opacity=0.6,
        color_discrete_map=MODEL_COLOURS,
        title=title,
    )
    figure.update_layout(xaxis_title="cosine similarity", yaxis_title="results", height=340)
    return figure


def embedding_scatter(
    points: pd.DataFrame,
    *,
    title: str,
    queries: pd.DataFrame | None = None,
) -> go.Figure:
    """Points (x, y, title, onet_code, group) coloured by major group; queries as stars."""
    figure = px.scatter(
        points.sort_values("group"),
        x="x",
        y="y",
        color="group",
        hover_name="title",
        hover_data={"onet_code": True, "onet_title": True, "x": False, "y": False, "group": False},
        title=title,
        opacity=0.75,
    )
    figure.update_traces(marker={"size": 5})
    if queries is not None and not queries.empty:
        figure.add_trace(
            go.Scatter(
                x=queries["x"],
                y=queries["y"],
                mode="markers+text",
                text=queries["query"],
                textposition="top center",
                marker={"symbol": "star", "size": 16, "color": "black"},
                name="your query",
            )
        )
    figure.update_layout(
        height=520, legend={"font": {"size": 9}}, xaxis_title=None, yaxis_title=None
    )
    return figure


def loss_curve(points: list[dict]) -> go.Figure:
    frame = pd.DataFrame(points, columns=["step", "loss"])
    figure = px.line(frame, x="step", y="loss", markers=True, title="Training loss")
    figure.update_layout(height=320)
    return figure


def importances(values: dict[str, float]) -> go.Figure:
    frame = pd.DataFrame(sorted(values.items(), key=lambda kv: kv[1]), columns=["param", "value"])
    figure = px.bar(frame, x="value", y="param", orientation="h", title="Parameter importance")
    figure.update_layout(height=320, xaxis_title="importance", yaxis_title=None)
    return figure


def trial_values(trials: pd.DataFrame) -> go.Figure:
    figure = px.scatter(
        trials, x="number", y="value", color="state", title="Objective value per trial"
    )
    figure.update_layout(height=320)
    return figure
