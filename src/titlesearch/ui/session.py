"""Per-browser-session state: filter, query and preference widgets that survive page switches,
the search history, and replaying a past search.

Streamlit drops a widget's value when a run does not draw that widget (e.g. on another page).
So each persistent value lives under ``keep_<key>``; :func:`persist` copies it into the widget
key just before the widget is drawn and back whenever the user changes it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from titlesearch.search.query import BASE, BOTH, TUNED

MODEL_CHOICES = {f"{BASE} + {TUNED}": BOTH, f"{BASE} only": BASE, f"{TUNED} only": TUNED}
"""The model radio's labels and the model choice each stands for."""

PREF_DEFAULTS: dict[str, Any] = {
    "pref_exact": False,  # brute force instead of HNSW
    "pref_hnsw_ef": 0,  # 0 = the engine's default
    "pref_hybrid": False,  # fuse BM25 matches in (TITLESEARCH_SEARCH_HYBRID sets it on too)
    "pref_batch_size": 256,  # titles per classify step
    "pref_device": "auto",
    "pref_decimals": 3,
    "pref_show_timings": True,
    "pref_show_occupation": True,
}
SEARCH_DEFAULTS: dict[str, Any] = {
    "f_code": None,
    "f_group": None,
    "f_threshold": 0.0,
    "f_limit": 10,
    "f_models": "base + tuned",
    "q1": "",
    "q2": "",
    "compare": False,
}
DEFAULTS = {**PREF_DEFAULTS, **SEARCH_DEFAULTS}


def init_state() -> None:
    """Defaults for every persistent value and the history (run at the top of every run)."""
    for key, default in DEFAULTS.items():
        st.session_state.setdefault(f"keep_{key}", default)
    st.session_state.setdefault("history", [])


def _keep(key: str) -> None:
    st.session_state[f"keep_{key}"] = st.session_state[key]


def persist(key: str) -> dict[str, Any]:
    """Keyword arguments that bind a widget to the persistent value ``key``.

    Usage: ``st.toggle("Exact search", **persist("pref_exact"))``.
    """
    st.session_state[key] = st.session_state.get(f"keep_{key}", DEFAULTS[key])
    return {"key": key, "on_change": _keep, "args": (key,)}


def value(key: str) -> Any:
    """The current persistent value of ``key`` (whether or not its widget is drawn)."""
    return st.session_state.get(f"keep_{key}", DEFAULTS[key])


def pref(key: str) -> Any:
    """A display/search preference (``pref_*`` without the prefix)."""
    return value(f"pref_{key}")


def record_search(query: str, choice: Any, result: Any, limit: int) -> None:
    """Append a search to the history unless it repeats the last one (reruns redraw pages)."""
    history: list[dict[str, Any]] = st.session_state.setdefault("history", [])
    entry = {
        "query": query,
        "code": choice.code,
        "group": choice.group,
        "threshold": choice.threshold,
        "limit": choice.limit,
        "models": choice.model,
    }
    if history and {k: history[-1][k] for k in entry} == entry:
        return
    tops = {
        f"top {name}": hits[0].payload["title"] if hits else ""
        for name, hits in result.results.items()
    }
    entry.update(
        time=datetime.now().strftime("%H:%M:%S"),
        **tops,
        ms=round(sum(result.timings_ms.values()), 1),
        results={
            name: [
                {"rank": i, "score": round(h.score, 4), **h.payload} for i, h in enumerate(hits, 1)
            ]
            for name, hits in result.results.items()
        },
    )
    history.append(entry)
    del history[:-limit]


def history_frame() -> pd.DataFrame:
    """The session's searches, newest first, without the stored result lists."""
    rows = [
        {k: v for k, v in entry.items() if k != "results"}
        for entry in reversed(st.session_state.get("history", []))
    ]
    return pd.DataFrame(rows)


def results_frame() -> pd.DataFrame:
    """Every result of every search in the history, one row per (search, model, rank)."""
    rows = [
        {"time": entry["time"], "query": entry["query"], "model": model, **hit}
        for entry in st.session_state.get("history", [])
        for model, hits in entry["results"].items()
        for hit in hits
    ]
    return pd.DataFrame(rows)


def entry_label(entry: dict[str, Any]) -> str:
    """``12:03:04 — nurse (group 29, ≥ 0.50)``: a history entry in one line."""
    filters = [
        f"code {entry['code']}" if entry["code"] else "",
        f"group {entry['group']}" if entry["group"] else "",
        f"≥ {entry['threshold']:.2f}" if entry["threshold"] else "",
    ]
    shown = ", ".join(f for f in filters if f)
    return f"{entry['time']} — {entry['query']}" + (f" ({shown})" if shown else "")


def request_replay(entry: dict[str, Any]) -> None:
    """Ask the Search page to run ``entry`` again (applied before its widgets are drawn)."""
    st.session_state["replay"] = entry


def apply_replay() -> bool:
    """Move a pending replay into the search values; True if there was one."""
    entry = st.session_state.pop("replay", None)
    if entry is None:
        return False
    labels = {choice: label for label, choice in MODEL_CHOICES.items()}
    replayed = {
        "q1": entry["query"],
        "compare": False,
        "f_code": entry["code"],
        "f_group": entry["group"],
        "f_threshold": entry["threshold"] or 0.0,
        "f_limit": entry["limit"],
        "f_models": labels.get(entry["models"], next(iter(MODEL_CHOICES))),
    }
    st.session_state.update({f"keep_{k}": v for k, v in replayed.items()})
    return True
