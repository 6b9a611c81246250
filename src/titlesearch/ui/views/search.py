"""Search (landing page): the nearest indexed titles to a query from base and tuned side by
side, coloured by the query's classification, their overlap, that classification and the
titles behind it, server timing, a second query to compare, and "find similar" on any result."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from titlesearch.errors import TitlesearchError
from titlesearch.search.by_vector import similar
from titlesearch.search.classify import Classification
from titlesearch.search.query import VECTOR_NAMES
from titlesearch.ui import resources, session, widgets


def classify_query(service, query: str, models: list[str]) -> dict[str, Classification]:
    """The query's classification by each shown model: it colours the results, and is shown."""
    return {
        name: service.classify([query], model=name, top_k=widgets.CANDIDATES)[0] for name in models
    }


def classification_table(classifications: dict[str, Classification]) -> pd.DataFrame:
    """The query's predicted occupation by each shown model."""
    return pd.DataFrame(
        [
            {
                "model": name,
                "prediction": c.label,
                "confidence": round(c.confidence, 3),
                "abstain": c.abstain,
                "nearest title": c.matched_title or "",
            }
            for name, c in classifications.items()
        ]
    )


def side_by_side(count: int, *, compact: bool) -> list:
    """One container per model: columns, or the page itself one below the other."""
    return [st] * count if compact else list(st.columns(count))


def reasons_section(classifications: dict[str, Classification], *, compact: bool) -> None:
    st.markdown("**Why this classification:** the nearest indexed titles that voted")
    columns = side_by_side(len(classifications), compact=compact)
    for (name, c), column in zip(classifications.items(), columns, strict=True):
        column.caption(name)
        if not c.neighbours:
            column.caption("No indexed title was near enough to vote.")
            continue
        column.dataframe(
            widgets.reasons_table(c),
            hide_index=True,
            width="stretch",
            column_config=widgets.REASONS_COLUMNS,
        )


def timing_line(timings: dict[str, float]) -> str:
    parts = [
        f"{name}: encode {timings[f'{name}_encode']:.1f} + search {timings[f'{name}_search']:.1f}"
        for name in VECTOR_NAMES
        if f"{name}_encode" in timings
    ]
    return f"Server time {sum(timings.values()):.1f} ms — " + " · ".join(parts) + " ms"


def overlap_section(overlap) -> None:
    shown = len(overlap.shared) + len(overlap.only_first)
    st.markdown(
        f"**Overlap:** {len(overlap.shared)} of {shown} titles in both lists "
        f"(Jaccard {overlap.jaccard:.2f})"
    )
    first, second = f"rank {overlap.first}", f"rank {overlap.second}"
    if overlap.shared:
        frame = pd.DataFrame(overlap.shared, columns=["title", first, second])
        moves = frame[first] - frame[second]
        frame["change"] = [f"▲ {m}" if m > 0 else f"▼ {-m}" if m < 0 else "=" for m in moves]
        st.dataframe(frame, hide_index=True, width="stretch")
    with st.expander("Titles in only one list"):
        left, right = st.columns(2)
        for column, name, titles in (
            (left, overlap.first, overlap.only_first),
            (right, overlap.second, overlap.only_second),
        ):
            column.markdown(f"**Only {name}**\n\n" + "\n".join(f"- {t}" for t in titles))


def hits_block(service, name: str, hits, container, classification: Classification) -> None:
    """One model's results, each coloured by the probability ``classification`` gives its code."""
    container.markdown(f"**{widgets.model_label(service, name)}**")
    if not hits:
        container.info(
            "No titles match these filters and threshold: lower the minimum similarity or "
            "clear a filter in the sidebar."
        )
        return
    table = widgets.hits_table(
        hits,
        widgets.hit_bands(hits, classification),
        decimals=int(session.pref("decimals")),
        occupation=bool(session.pref("show_occupation")),
    )
    container.dataframe(table, hide_index=True, width="stretch", column_config=widgets.HITS_COLUMNS)


def show_result(service, result, *, compact: bool) -> None:
    """One query's lists (side by side unless ``compact``), overlap, classification, timing."""
    if result.query.truncated:
        st.caption(
            f"Query shortened from {result.query.original_length} to "
            f"{len(result.query.text)} characters."
        )
    names = list(result.results)
    classifications = classify_query(service, result.query.text, names)
    for name, column in zip(names, side_by_side(len(names), compact=compact), strict=True):
        hits_block(service, name, result.results[name], column, classifications[name])
    if result.overlap is not None:
        overlap_section(result.overlap)
    st.markdown("**Classification of the query**")
    st.dataframe(classification_table(classifications), hide_index=True)
    reasons_section(classifications, compact=compact)
    if session.pref("show_timings"):
        st.caption(timing_line(result.timings_ms))


def similar_section(service, results: list, choice: widgets.SearchChoice) -> None:
    """Pick any shown result and list the indexed titles nearest to it."""
    options = {}
    for result in results:
        for name, hits in result.results.items():
            for rank, hit in enumerate(hits, 1):
                label = f"[{name} #{rank}] {hit.payload['title']} — {hit.payload['onet_code']}"
                options.setdefault(label, (hit.id, name, hit.payload["title"]))
    if not options:
        return
    st.subheader("Find similar titles")
    pick, go = st.columns([4, 1], vertical_alignment="bottom")
    label = pick.selectbox("Result", list(options), key="similar_pick")
    if go.button("Find similar", key="similar_go") and label:
        point_id, model, title = options[label]
        st.session_state["similar"] = {"id": point_id, "model": model, "title": title}
    chosen = st.session_state.get("similar")
    if not chosen:
        return
    with widgets.shown_errors():
        hits = similar(
            service,
            chosen["id"],
            model=chosen["model"],
            title_filter=choice.title_filter,
            limit=choice.limit,
        )
        st.markdown(f"Titles similar to **{chosen['title']}** ({chosen['model']} vectors):")
        (chosen_class,) = classify_query(service, chosen["title"], [chosen["model"]]).values()
        hits_block(service, chosen["model"], hits, st, chosen_class)
        if st.button("Clear similar titles"):
            st.session_state.pop("similar", None)
            st.rerun()


def render() -> None:
    st.title("Search job titles")
    service = resources.service_or_stop()
    session.apply_replay()
    try:
        choice = widgets.filter_controls(service)
    except TitlesearchError as exc:  # e.g. an occupation outside the chosen major group
        st.error(str(exc))
        st.stop()
    query = st.text_input(
        "Job title",
        **session.persist("q1"),
        placeholder="e.g. Sr. SWE II (Backend) – Remote, $150k",
    )
    compare_cell, hybrid_cell = st.columns(2)
    compare = compare_cell.toggle("Compare with a second query", **session.persist("compare"))
    hybrid_cell.toggle(
        "Hybrid: fuse keyword (BM25) matches in",
        **session.persist("pref_hybrid"),
        help="Qdrant fuses the dense results with the best lexical matches by reciprocal "
        "rank; scores stay on the dense scale (the similarity at each rank).",
    )
    second = ""
    if compare:
        second = st.text_input(
            "Second job title", **session.persist("q2"), placeholder="e.g. staff nurse ICU"
        )
    widgets.band_legend()
    st.caption(widgets.describe(choice))
    if not (query or "").strip():
        st.info(
            "Type a job title above, as messy as it comes: the closest O*NET titles appear here, "
            "with base and tuned side by side."
        )
        return
    queries = [query] + ([second] if compare and (second or "").strip() else [])
    if compare and len(queries) == 1:
        st.info("Type a second job title to compare the two side by side (same filters).")
    results = []
    with widgets.shown_errors():
        for text in queries:
            result = service.search(
                text,
                model=choice.model,
                title_filter=choice.title_filter,
                threshold=choice.threshold,
                limit=choice.limit,
            )
            session.record_search(text, choice, result, resources.ui_settings().history_size)
            results.append(result)
    if not results:
        return
    if len(results) == 1:
        show_result(service, results[0], compact=False)
    else:
        for result, column in zip(results, st.columns(2), strict=True):
            with column:
                st.subheader(result.query.text)
                show_result(service, result, compact=True)
    similar_section(service, results, choice)


render()
