"""What reviewers decided about titles: one log of decisions under ``TITLESEARCH_HOME``.

A decision says who decided what about one title (by its normalised form, so "SR. BARISTA"
and "Sr Barista" share it) and when: ``accept`` the suggested code, ``correct`` it to another
code, or mark the title ``not_codable``. Decisions are never deleted: an undo stamps the
decision as undone, so the log stays an audit trail. The latest standing decision of a title
is the one that counts.

The log is one JSON file rewritten atomically (temp file, fsync, rename) under a lock, so a
crash or a kill loses no decision that was reported saved, and two processes (the UI and a
CLI) saving at once both keep theirs.
"""

from __future__ import annotations

import getpass
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Literal, get_args

from filelock import FileLock
from pydantic import BaseModel, ConfigDict, ValidationError

from titlesearch.atomic_write import write_json_atomic
from titlesearch.errors import DataFileError, InvalidInputError
from titlesearch.ingest.corpus import MAX_TITLE_CHARS
from titlesearch.store.manifest import now_iso
from titlesearch.taxonomy import normalize_title, occupation_codes, tidy_title

Action = Literal["accept", "correct", "not_codable"]
ACTIONS: tuple[str, ...] = get_args(Action)
LOG_FORMAT = 1


class Decision(BaseModel):
    """One reviewer's decision about one title."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    title: str
    key: str  # the normalised title: the decision applies to every spelling of it
    action: Action
    onet_code: str | None = None  # None only for not_codable
    suggested_code: str | None = None  # what the machine proposed, for the audit trail
    who: str
    at: str
    batch: str | None = None  # the file or batch it was decided in
    undone_at: str | None = None
    undone_by: str | None = None

    @property
    def standing(self) -> bool:
        return self.undone_at is None


def reviewer() -> str:
    """The login name of whoever runs this process (the default "who" of a decision)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "unknown"


def make_decision(
    title: str,
    action: str,
    *,
    onet_code: str | None = None,
    suggested_code: str | None = None,
    who: str | None = None,
    batch: str | None = None,
) -> Decision:
    """A new decision, checked: a known action, a title, and a real O*NET code unless the
    title is marked not codable.

    Raises:
        InvalidInputError: what is wrong and how to say it right.
    """
    text = tidy_title(str(title))  # as `ingest --extra` keeps a title
    if not normalize_title(text) or len(text) > MAX_TITLE_CHARS:
        raise InvalidInputError(f"a decision needs a title of 1 to {MAX_TITLE_CHARS} characters")
    if action not in ACTIONS:
        raise InvalidInputError(f"the action must be one of {', '.join(ACTIONS)}, not {action!r}")
    code = (onet_code or "").strip() or None
    if action == "not_codable":
        code = None
    elif code is None:
        raise InvalidInputError(f"'{action}' needs an O*NET-SOC code, e.g. 15-1252.00")
    elif code not in occupation_codes():
        raise InvalidInputError(
            f"{code!r} is not an O*NET-SOC occupation code (write it like 15-1252.00; "
            "`titlesearch search` finds one by title)"
        )
    return Decision(
        id=uuid.uuid4().hex[:12],
        title=text,
        key=normalize_title(text),
        action=action,  # type: ignore[arg-type]
        onet_code=code,
        suggested_code=suggested_code or None,
        who=(who or "").strip() or reviewer(),
        at=now_iso(),
        batch=batch,
    )


class DecisionLog:
    """A file of decisions: the home's log (``TITLESEARCH_HOME/review/decisions.json``), or an
    export of it (the same format).

    Args:
        path: The file (created, with its folder, on the first save); a lock file beside it
            keeps writers one at a time.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = FileLock(str(self.path.with_name(self.path.name + ".lock")), timeout=30)

    def all(self) -> list[Decision]:
        """Every decision ever saved, oldest first (undone ones too).

        Raises:
            DataFileError: the file is not a decision log (named, with what to do).
        """
        if not self.path.is_file():
            return []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return [Decision.model_validate(d) for d in data["decisions"]]
        except (OSError, ValueError, KeyError, TypeError, ValidationError) as exc:
            raise DataFileError(
                f"{self.path} is not a readable decision log ({type(exc).__name__}); restore it "
                "from a `titlesearch review export` file or move it away to start afresh"
            ) from None

    def standing(self) -> dict[str, Decision]:
        """The decision that counts for each title key: its latest one not undone (undoing a
        decision brings back the one it replaced, if any)."""
        return {d.key: d for d in self.all() if d.standing}

    def save(self, decisions: Iterable[Decision]) -> list[Decision]:
        """Add ``decisions`` and return those that changed the log: new ids, and undos of
        decisions it holds as standing (an import carries undos across). The log on disk
        holds them when this returns."""
        with self._lock:
            saved = {d.id: d for d in self.all()}
            changed: list[Decision] = []
            for decision in decisions:
                known = saved.get(decision.id)
                if known is None or (known.standing and not decision.standing):
                    saved[decision.id] = decision
                    changed.append(decision)
            if changed:
                self._write(list(saved.values()))
            return changed

    def undo(self, decision_id: str, who: str | None = None) -> Decision:
        """Stamp decision ``decision_id`` as undone and return it.

        Raises:
            InvalidInputError: no such decision, or it is undone already.
        """
        with self._lock:
            saved = self.all()
            for i, decision in enumerate(saved):
                if decision.id == decision_id:
                    if not decision.standing:
                        raise InvalidInputError(f"decision {decision_id} was undone already")
                    undone = decision.model_copy(
                        update={"undone_at": now_iso(), "undone_by": who or reviewer()}
                    )
                    saved[i] = undone
                    self._write(saved)
                    return undone
        raise InvalidInputError(
            f"no decision {decision_id!r}; `titlesearch review list` shows their ids"
        )

    def _write(self, decisions: list[Decision]) -> None:
        write_json_atomic(
            self.path, {"format": LOG_FORMAT, "decisions": [d.model_dump() for d in decisions]}
        )

    def export(self, target: Path) -> int:
        """Copy every decision (undone ones too) to ``target``; return how many."""
        decisions = self.all()
        DecisionLog(target)._write(decisions)
        return len(decisions)


def read_export(path: Path) -> list[Decision]:
    """Decisions from an export file (``titlesearch review export``), checked.

    Raises:
        DataFileError: the file is missing, not an export, or names unknown codes.
    """
    if not Path(path).is_file():
        raise DataFileError(f"{path} does not exist")
    try:
        decisions = DecisionLog(path).all()
    except DataFileError:
        raise DataFileError(
            f"{path} is not a file written by `titlesearch review export`; nothing was imported"
        ) from None
    codes = occupation_codes()
    for decision in decisions:
        if decision.onet_code is not None and decision.onet_code not in codes:
            raise DataFileError(
                f"{path}: decision {decision.id} names {decision.onet_code}, not an O*NET-SOC "
                "code; nothing was imported"
            )
    return decisions
