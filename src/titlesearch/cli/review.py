"""``titlesearch review``: the queue of uncertain rows of a coded table, people's decisions
about them, moving decisions between machines, and teaching the index the corrections."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from titlesearch.cli.common import HomeOption, JsonOption, guarded, load_settings, out_console
from titlesearch.cli.common import print_json as emit

review_app = typer.Typer(
    help="Review uncertain codes: queue, decide, undo, export/import, apply, teach the index.",
    no_args_is_help=True,
)

CodedArgument = Annotated[
    Path, typer.Argument(help="A coded table (CSV, JSONL or Parquet) from `classify --input`.")
]
ColumnOption = Annotated[str, typer.Option("--column", help="The title column of the table.")]
WhoOption = Annotated[
    str | None, typer.Option("--who", help="Who decides (default: your login name).")
]


def _log(home: Path | None):
    from titlesearch.review.decisions import DecisionLog

    return DecisionLog(load_settings(home).home.review_log)


@guarded
def queue(
    coded: CodedArgument,
    column: ColumnOption = "title",
    below: Annotated[
        float,
        typer.Option(min=0.0, max=1.0, help="Also queue rows coded with less confidence."),
    ] = 0.0,
    limit: Annotated[int, typer.Option(min=1, help="Show at most N titles.")] = 20,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """The titles of a coded table that need a person, with candidate codes and reasons.

    Queued: rows that abstained, fell back to the major group, or have a confidence under
    --below; each title once, titles already decided left out."""
    from titlesearch.review.queue import candidates, review_queue
    from titlesearch.review.table import read_coded
    from titlesearch.runtime import search_service_for, store_for

    settings = load_settings(home)
    frame = read_coded(coded)
    items = review_queue(
        frame, column, below=below, decided=_log(home).standing(), source=str(coded)
    )
    with store_for(settings) as store:
        found = candidates(search_service_for(settings, store), items[:limit])
    if as_json:
        emit(
            {
                "queued": len(items),
                "items": [
                    {"title": i.title, "rows": len(i.rows), "level": i.level, **c.to_dict()}
                    for i, c in zip(items, found, strict=False)
                ],
            }
        )
        return
    out_console.print(f"{len(items)} titles to review ({sum(len(i.rows) for i in items)} rows)")
    for item, answer in zip(items, found, strict=False):
        out_console.print(f"\n{item.title}  ({len(item.rows)} rows, {item.level})")
        for alt in answer.alternatives:
            out_console.print(
                f"  {alt.onet_code}  {alt.onet_title}  p={alt.probability:.2f}  "
                f"(matched '{alt.matched_title}')"
            )


@guarded
def decide(
    title: Annotated[str, typer.Argument(help="The title as it appears in the batch.")],
    code: Annotated[
        str | None, typer.Option("--code", help="The right O*NET-SOC code, e.g. 15-1252.00.")
    ] = None,
    not_codable: Annotated[
        bool, typer.Option("--not-codable", help="No occupation fits this title.")
    ] = False,
    suggested: Annotated[
        str | None,
        typer.Option("--suggested", help="The code the machine suggested (for the record)."),
    ] = None,
    who: WhoOption = None,
    batch: Annotated[str | None, typer.Option(help="The batch it comes from.")] = None,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Save a decision about a title: its right code (--code), or --not-codable.

    A code equal to --suggested is recorded as accepting the suggestion, any other as a
    correction. Saved at once (atomically): a crash afterwards loses nothing."""
    from titlesearch.errors import InvalidInputError
    from titlesearch.review.decisions import make_decision

    if (code is None) == (not not_codable):
        raise InvalidInputError("give either --code CODE or --not-codable")
    action = "not_codable" if not_codable else ("accept" if code == suggested else "correct")
    decision = make_decision(
        title, action, onet_code=code, suggested_code=suggested, who=who, batch=batch
    )
    _log(home).save([decision])
    if as_json:
        emit(decision.model_dump())
        return
    out_console.print(
        f"saved {decision.id}: '{decision.title}' → {decision.onet_code or 'not codable'}; "
        "`titlesearch review teach` adds corrections to the index"
    )


@guarded
def list_decisions(
    every: Annotated[bool, typer.Option("--all", help="Undone decisions too.")] = False,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """The decisions that stand (with --all: every decision ever saved)."""
    log = _log(home)
    decisions = log.all() if every else list(log.standing().values())
    if as_json:
        emit([d.model_dump() for d in decisions])
        return
    if not decisions:
        out_console.print("no decisions yet")
    for d in decisions:
        undone = f"  (undone {d.undone_at} by {d.undone_by})" if d.undone_at else ""
        code = d.onet_code or "not codable"
        out_console.print(f"{d.id}  {d.at}  {d.who}  {d.action}  {d.title} → {code}{undone}")


@guarded
def undo(
    decision_id: Annotated[str, typer.Argument(help="The id `review list` shows.")],
    who: WhoOption = None,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Undo a decision (kept in the log, marked undone).

    `review teach` then takes its point out of the index."""
    undone = _log(home).undo(decision_id, who)
    if as_json:
        emit(undone.model_dump())
        return
    out_console.print(f"undone {undone.id}: '{undone.title}'; run `titlesearch review teach`")


@guarded
def export(
    target: Annotated[Path, typer.Argument(help="The JSON file to write.")],
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Write every decision (undone ones too) to a file for another machine."""
    count = _log(home).export(target)
    if as_json:
        emit({"exported": count, "path": str(target)})
        return
    out_console.print(f"exported {count} decisions to {target}")


@guarded
def import_decisions(
    source: Annotated[Path, typer.Argument(help="A file from `titlesearch review export`.")],
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Add another machine's decisions (and its undos); decisions already here stay."""
    from titlesearch.review.decisions import read_export

    changed = _log(home).save(read_export(source))
    if as_json:
        emit({"imported": len(changed)})
        return
    out_console.print(f"imported {len(changed)} decisions; run `titlesearch review teach`")


@guarded
def apply(
    coded: CodedArgument,
    column: ColumnOption = "title",
    output: Annotated[
        Path | None, typer.Option("--output", help="Write here instead of in place.")
    ] = None,
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Write the decisions into a coded table (in place, or to --output).

    Adds review, reviewed_code/title/by/at and final_code/final_title columns; the file is
    replaced only once complete."""
    from titlesearch.review.table import apply_to_file

    done = apply_to_file(coded, column, _log(home).standing(), output=output)
    if as_json:
        emit({"path": str(done.path), "rows": done.rows, "reviewed": done.reviewed})
        return
    out_console.print(f"{done.path}: {done.reviewed} of {done.rows} rows reviewed")


@guarded
def teach(as_json: JsonOption = False, home: HomeOption = None) -> None:
    """Add the corrections to the index as source=user points (undone ones removed).

    Publishes a new index version, reusing every vector already there: the corrected titles
    are coded as decided from then on, without retraining."""
    from titlesearch.review.corrections import teach_index
    from titlesearch.runtime import search_service_for, store_for

    settings = load_settings(home)
    with store_for(settings) as store:
        service = search_service_for(settings, store)
        summary = teach_index(store, service.encoders, _log(home).standing())
    if as_json:
        emit(summary.as_dict())
        return
    out_console.print(
        f"{summary.ingest.status}: version {summary.ingest.version} holds {summary.corrections} "
        f"corrections ({summary.added} added, {summary.removed} removed)"
    )
