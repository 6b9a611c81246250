"""Review: the rows of a coded batch that need a person, one title at a time, with the
machine's candidates and the nearest titles behind them. A decision is saved the moment it
is made (the log under ``TITLESEARCH_HOME``); "Teach the index" adds the corrections as
``source=user`` points, and the reviewed table can be downloaded."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import streamlit as st

from titlesearch.review.corrections import teach_index
from titlesearch.review.decisions import Decision, DecisionLog, make_decision, reviewer
from titlesearch.review.queue import QueueItem, candidates, review_queue
from titlesearch.review.table import apply_decisions
from titlesearch.tabular import safe_csv_bytes
from titlesearch.taxonomy import load_taxonomy
from titlesearch.ui import resources, uploads, widgets

FROM_BATCH, FROM_FILE = "The batch coded on the Batch page", "Upload a coded file"
OTHER, NOT_CODABLE = "Another code (type it below)", "Not codable"


def coded_table() -> tuple[pd.DataFrame | None, str | None]:
    """The coded table to review and its name, or (None, None) with a hint."""
    batch = st.session_state.get("b_result")
    sources = ([FROM_BATCH] if batch is not None else []) + [FROM_FILE]
    source = st.radio("Review", sources, horizontal=True, key="r_source")
    if source == FROM_BATCH:
        return batch["frame"], str(batch["source"])
    upload = st.file_uploader(
        "Coded table (CSV, JSONL or Parquet)",
        type=["csv", "jsonl", "ndjson", "parquet"],
        key="r_file",
        help="What `titlesearch classify --input FILE --output CODED.csv` wrote.",
    )
    if upload is None:
        st.info(
            "Upload the output of `titlesearch classify --input`, or code a batch on the Batch "
            "page first. Rows that abstained, fell back to the major group, or are under the "
            "confidence you choose come up here one title at a time."
        )
        return None, None
    return uploads.read_coded_upload(upload.name, upload.getvalue()), upload.name


def decide(item: QueueItem, answer, log: DecisionLog, batch: str) -> None:
    """The current title: candidates, reasons, and the decision form."""
    with st.container(key="r_current", border=True):
        rows = f"{len(item.rows)} row" + ("s" if len(item.rows) > 1 else "")
        st.caption(f"{rows} · the machine said: {item.level}, "
                   f"confidence {item.confidence:.2f}")  # fmt: skip
        st.subheader(_plain(item.title), anchor=False)
        options = [f"{a.onet_code} {a.onet_title}" for a in answer.alternatives]
        table = pd.DataFrame(
            [
                {
                    "code": a.onet_code,
                    "occupation": a.onet_title,
                    "probability": a.probability,
                    "matched title": a.matched_title,
                }
                for a in answer.alternatives
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
        with st.expander("Why: the nearest indexed titles"):
            st.dataframe(
                pd.DataFrame([vars(n) for n in answer.neighbours]), hide_index=True, width="stretch"
            )
        choice = st.radio("Decision", [*options, OTHER, NOT_CODABLE], key=f"r_choice_{item.key}")
        typed = st.text_input(
            "Another O*NET code", key=f"r_code_{item.key}", placeholder="e.g. 15-1252.00"
        ).strip()
        if typed and choice != OTHER:
            choice = OTHER  # typing a code means it, whatever the radio says
        if typed and typed not in _codes():  # words, not a code: show codes that match them
            found = _matching(typed)
            st.caption("Occupations matching those words: " + ("; ".join(found) or "none"))
        left, right = st.columns(2)
        if left.button("Save decision", type="primary", key="r_save"):
            suggested = answer.alternatives[0].onet_code if answer.alternatives else None
            if choice == NOT_CODABLE:
                action, code = "not_codable", None
            elif choice == OTHER:
                action, code = "correct", typed
            else:
                code = choice.split(" ", 1)[0]
                action = "accept" if code == suggested else "correct"
            if action == "correct" and code == suggested:
                action = "accept"
            with widgets.shown_errors():
                decision = make_decision(
                    item.title, action, onet_code=code, suggested_code=suggested,
                    who=st.session_state.get("r_who"), batch=batch,
                )  # fmt: skip
                log.save([decision])
                st.session_state["r_saved"] = f"Saved: {item.title} → {code or 'not codable'}"
                st.rerun()
        if right.button("Skip for now", key="r_skip"):
            st.session_state.setdefault("r_skipped", []).append(item.key)
            st.rerun()


def _plain(text: str) -> str:
    """``text`` shown as typed: Markdown's special characters escaped ("C#", "*NIX", "A_B")."""
    return re.sub(r"([\\`*_{}\[\]()#+\-.!|<>~$])", r"\\\1", text)


def _codes() -> dict[str, object]:
    return load_taxonomy().occupations


def _matching(text: str, shown: int = 8) -> list[str]:
    words = text.lower().split()
    found = [
        f"{o.code} {o.title}"
        for o in load_taxonomy().occupations.values()
        if all(w in o.title.lower() for w in words)
    ]
    return sorted(found)[:shown]


def decisions_section(
    log: DecisionLog, standing: dict[str, Decision], service, frame, column: str, name: str
) -> None:
    st.subheader("Decisions", anchor=False)
    if not standing:
        st.caption("No decisions yet.")
        return
    rows = [
        {"id": d.id, "title": d.title, "decision": d.action, "code": d.onet_code or "",
         "who": d.who, "when": d.at}
        for d in standing.values()
    ]  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    pick = st.selectbox("Undo a decision", [r["id"] for r in rows], index=None, key="r_undo_id")
    if pick and st.button("Undo", key="r_undo"):
        with widgets.shown_errors():
            log.undo(pick, st.session_state.get("r_who"))
            st.rerun()
    left, middle, right = st.columns(3)
    left.download_button(  # both files are made on click, not on every rerun of the page
        "Reviewed table (CSV)",
        data=lambda: safe_csv_bytes(apply_decisions(frame, column, standing)[0]),
        file_name=f"{Path(name).stem}_reviewed.csv",
        mime="text/csv",
        key="r_download",
    )
    middle.download_button(
        "Export decisions (JSON)",
        data=lambda: log.path.read_bytes() if log.path.is_file() else b"",
        file_name="decisions.json",
        key="r_export",
        help="`titlesearch review import FILE` on another machine takes them in.",
    )
    corrections = sum(d.onet_code is not None for d in standing.values())
    if right.button(f"Teach the index ({corrections} corrections)", key="r_teach"):
        bar = st.progress(0.0, text="Reading the index…")
        words = {"read": "Reading the index", "write": "Writing the new index version"}

        def tick(step: str, done: int, total: int) -> None:
            share = done / max(total, 1) / 2 + (0.5 if step == "write" else 0.0)
            bar.progress(min(share, 1.0), text=f"{words[step]}: {done:,} of {total:,} titles")

        with widgets.shown_errors():
            summary = teach_index(
                service.store, service.encoders, standing, progress=False, tick=tick
            )
            st.session_state["r_taught"] = (
                f"The index now holds {summary.corrections} corrections ({summary.added} added, "
                f"{summary.removed} removed): version {summary.ingest.version}."
            )
            st.rerun()


def render() -> None:
    st.title("Review uncertain codes")
    service = resources.service_or_stop()
    log = DecisionLog(resources.app_settings().home.review_log)
    st.text_input("Reviewer", value=reviewer(), key="r_who")
    with widgets.shown_errors():
        frame, name = coded_table()
        if frame is None:
            return
        columns = list(frame.columns)
        column = st.selectbox(
            "Title column", columns, index=columns.index("title") if "title" in columns else 0,
            key="r_column",
        )  # fmt: skip
        below = st.slider(
            "Also review codes with confidence under", 0.0, 1.0, 0.5, 0.05, key="r_below"
        )
        skipped = st.session_state.get("r_skipped", [])
        standing = log.standing()
        queue = review_queue(frame, column, below=below, decided=standing, source=name)
        queue.sort(key=lambda i: i.key in skipped)  # skipped titles come back last
        for message in ("r_saved", "r_taught"):
            if message in st.session_state:
                st.success(st.session_state.pop(message))
        rows = sum(len(i.rows) for i in queue)
        st.markdown(f"**{len(queue):,} titles to review** ({rows:,} rows of {len(frame):,})")
        if queue:
            answer = candidates(service, queue[:1])[0]
            decide(queue[0], answer, log, name)
        else:
            st.info("Nothing left to review in this table at this confidence.")
        decisions_section(log, standing, service, frame, column, name)


render()
