"""Small pieces several pages share: search filters, the score-band legend and colouring,
result tables, and turning our own errors into messages."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from titlesearch.errors import IndexMissingError, TitlesearchError
from titlesearch.search.query import BASE, make_filter
from titlesearch.store.base import Hit, TitleFilter
from titlesearch.taxonomy import MAJOR_GROUPS, load_taxonomy
from titlesearch.ui.session import MODEL_CHOICES, persist

HIGH, MEDIUM = 0.7, 0.5  # similarity bands: high ≥ 0.7, medium ≥ 0.5, low below
BAND_COLOURS = {"high": "#c8e6c9", "medium": "#ffe0b2", "low": "#ffcdd2"}


@contextmanager
def shown_errors() -> Iterator[None]:
    """Show a :class:`TitlesearchError` as a message (never a traceback) and skip the block."""
    try:
        yield
    except IndexMissingError as exc:
        st.warning(str(exc), icon=":material/folder_off:")
    except TitlesearchError as exc:
        st.error(str(exc))


def band(score: float) -> str:
    return "high" if score >= HIGH else "medium" if score >= MEDIUM else "low"


def band_legend() -> None:
    st.markdown(
        f"Similarity: :green-background[**high** ≥ {HIGH:.2f}] · "
        f":orange-background[**medium** ≥ {MEDIUM:.2f}] · "
        f":red-background[**low** < {MEDIUM:.2f}]"
    )


def _score_style(score: float) -> str:
    return f"background-color: {BAND_COLOURS[band(score)]}; color: #1b1b1b"


def hits_table(hits: Sequence[Hit], *, decimals: int = 3, occupation: bool = True):
    """A styled table of hits: rank, banded score, title, O*NET code (+ occupation).

    The score comes right after the rank so it stays in view when a narrow column clips
    the long text columns.
    """
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
    return frame.style.map(_score_style, subset=["score"]).format({"score": f"{{:.{decimals}f}}"})


HITS_COLUMNS = {  # narrow fixed columns leave the width to the titles
    "#": st.column_config.NumberColumn(width=36),
    "score": st.column_config.NumberColumn(width=62),
    "O*NET code": st.column_config.TextColumn(width=92),
}


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
