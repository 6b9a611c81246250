"""Small pieces several pages share: search filters, the score-band legend and colouring,
result tables, a classification's reasons, and turning our own errors into messages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from titlesearch.errors import IndexMissingError, TitlesearchError
from titlesearch.search.classify import Classification
from titlesearch.search.query import BASE, make_filter
from titlesearch.store.base import Hit, TitleFilter
from titlesearch.taxonomy import MAJOR_GROUPS, load_taxonomy
from titlesearch.ui.session import MODEL_CHOICES, persist

HIGH, MEDIUM = 0.6, 0.3  # bands of a hit's code probability: high ≥ 0.6, medium ≥ 0.3
BAND_COLOURS = {"high": "#c8e6c9", "medium": "#ffe0b2", "low": "#ffcdd2"}
CANDIDATES = 5
"""Codes a classification keeps with their probabilities. The one after them has at most
1/(CANDIDATES + 1) < MEDIUM, so calling every other code "low" loses no band."""


@contextmanager
def shown_errors() -> Iterator[None]:
    """Show a :class:`TitlesearchError` as a message (never a traceback) and skip the block."""
    try:
        yield
    except IndexMissingError as exc:
        st.warning(str(exc), icon=":material/folder_off:")
    except TitlesearchError as exc:
        st.error(str(exc))


def band(probability: float | None) -> str:
    """``high``, ``medium`` or ``low`` for the classifier's probability of a code (``None``:
    not among its candidates). Probabilities are calibrated, so a band means the same for
    base and tuned, whose similarity scales differ."""
    if probability is None:
        return "low"
    return "high" if probability >= HIGH else "medium" if probability >= MEDIUM else "low"


def hit_bands(hits: Sequence[Hit], classification: Classification) -> list[str]:
    """Each hit's band: the probability the classification gives the hit's O*NET code."""
    probability = {a.onet_code: a.probability for a in classification.alternatives}
    return [band(probability.get(h.payload["onet_code"])) for h in hits]


def band_legend() -> None:
    st.markdown(
        "Colour: the classifier's probability of the result's O*NET code, one rule for base "
        f"and tuned — :green-background[**high** ≥ {HIGH:.2f}] · "
        f":orange-background[**medium** ≥ {MEDIUM:.2f}] · "
        f":red-background[**low** < {MEDIUM:.2f} or not among its top {CANDIDATES} codes]. "
        "The number is the cosine similarity, whose scale differs between models."
    )


def _band_styles(bands: Sequence[str]):
    styles = [f"background-color: {BAND_COLOURS[b]}; color: #1b1b1b" for b in bands]
    return lambda column: styles


def hits_table(
    hits: Sequence[Hit], bands: Sequence[str], *, decimals: int = 3, occupation: bool = True
):
    """A table of hits: rank, similarity coloured by ``bands`` (one per hit, see
    :func:`hit_bands`), title, O*NET code (+ occupation)."""
    frame = pd.DataFrame(
        {
            "#": range(1, len(hits) + 1),
            "score": [h.score for h in hits],
            "title": [h.payload["title"] for h in hits],
            "O*NET code": [h.payload["onet_code"] for h in hits],
            "occupation": [h.payload.get("onet_title", "") for h in hits],
        }
    )
    if not occupation:
        frame = frame.drop(columns=["occupation"])
    styled = frame.style.apply(_band_styles(bands), subset=["score"])
    return styled.format({"score": f"{{:.{decimals}f}}"})


HITS_COLUMNS = {
    # 443 px in all: a half-page table at a 1400 px window is ~455 px wide, so neither list
    # scrolls sideways; in a wider window every column grows by the same share of the room.
    "#": st.column_config.NumberColumn(width=30),
    "score": st.column_config.NumberColumn(width=54),
    "title": st.column_config.TextColumn(width=156),
    "O*NET code": st.column_config.TextColumn(width=80),
    "occupation": st.column_config.TextColumn(width=123),
}


REASONS_COLUMNS = {
    "nearest title": st.column_config.TextColumn(width=150),
    "O*NET code": st.column_config.TextColumn(width=84),
    "similarity": st.column_config.NumberColumn(width=70, format="%.3f"),
    "note": st.column_config.TextColumn(width=130),
}


def _note(source: str, reviewed: bool) -> str:
    if reviewed:
        return "a person's correction"
    return "your own title" if source == "user" else ""


def reasons_table(classification: Classification) -> pd.DataFrame:
    """Why a classification was chosen: the nearest indexed titles that voted, with their
    codes and similarity; a reviewer's correction and a title of your own (``source=user``,
    e.g. from ``ingest --extra``) are marked as such."""
    return pd.DataFrame(
        {
            "nearest title": [n.title for n in classification.neighbours],
            "O*NET code": [n.onet_code for n in classification.neighbours],
            "similarity": [n.score for n in classification.neighbours],
            "note": [_note(n.source, n.reviewed) for n in classification.neighbours],
        }
    )


def model_label(service, name: str) -> str:
    """``base · all-MiniLM-L6-v2`` / ``tuned · … + LoRA run``: what produced a result list."""
    entry = service.manifest.vectors[name]
    model = entry.name.split("/")[-1]
    return f"{name} · {model}" + (f" + LoRA {entry.adapter.run_id}" if entry.adapter else "")


@dataclass(frozen=True)
class SearchChoice:
    """What the filter controls ask for, validated."""

    code: str | None
    group: str | None
    title_filter: TitleFilter | None
    threshold: float | None
    limit: int
    model: str  # both, base or tuned


def _occupation_label(code: str) -> str:
    occupation = load_taxonomy().occupations.get(code)
    return f"{code} — {occupation.title}" if occupation else code


def filter_controls(service) -> SearchChoice:
    """Sidebar filters: occupation, major group, threshold, result count, models.

    Raises:
        InvalidInputError: an occupation outside the chosen major group.
    """
    bar = st.sidebar
    bar.header("Filters")
    codes = sorted(load_taxonomy().occupations)
    code = bar.selectbox(
        "O*NET occupation",
        codes,
        index=None,
        **persist("f_code"),
        format_func=_occupation_label,
        placeholder="Any occupation (type to search)",
        help="Only titles of this occupation. Type a code or words of its title.",
    )
    group = bar.selectbox(
        "SOC major group",
        list(MAJOR_GROUPS),
        index=None,
        **persist("f_group"),
        format_func=lambda g: f"{g} — {MAJOR_GROUPS[g]}",
        placeholder="Any major group",
    )
    threshold = bar.slider(
        "Minimum similarity",
        0.0,
        1.0,
        step=0.05,
        **persist("f_threshold"),
        help="Hide titles less similar than this (cosine similarity). 0 shows all.",
    )
    limit = bar.slider("Results per model", 1, 50, **persist("f_limit"))
    if len(service.models) > 1:
        label = bar.radio("Models", list(MODEL_CHOICES), **persist("f_models"), horizontal=True)
        model = MODEL_CHOICES[label]
    else:
        model = BASE
        bar.caption(
            "This index has only **base** vectors. Train an adapter (`titlesearch train`) and "
            "add tuned vectors (`titlesearch reindex --adapter runs/<run>/adapter`) to compare."
        )
    title_filter = make_filter(code, None, group)
    return SearchChoice(code, group, title_filter, threshold or None, limit, model)


def describe(choice: SearchChoice) -> str:
    """One line saying which filters are active."""
    parts = []
    if choice.code:
        parts.append(f"occupation {_occupation_label(choice.code)}")
    if choice.group:
        parts.append(f"group {choice.group} {MAJOR_GROUPS[choice.group]}")
    if choice.threshold:
        parts.append(f"similarity ≥ {choice.threshold:.2f}")
    return "Filters: " + ("; ".join(parts) if parts else "none")
