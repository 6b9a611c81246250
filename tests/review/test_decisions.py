"""The decision log: checked decisions, standing ones, undo, export/import, concurrent saves,
and a damaged log named with what to do."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from titlesearch.errors import DataFileError, InvalidInputError
from titlesearch.review.decisions import DecisionLog, make_decision, read_export


def test_a_decision_is_checked_before_it_is_saved():
    with pytest.raises(InvalidInputError, match="not an O\\*NET-SOC occupation code"):
        make_decision("Barista", "correct", onet_code="35-3023")
    with pytest.raises(InvalidInputError, match="needs an O\\*NET-SOC code"):
        make_decision("Barista", "accept")
    with pytest.raises(InvalidInputError, match="title of 1 to 300"):
        make_decision("  ", "correct", onet_code="35-3023.01")
    with pytest.raises(InvalidInputError, match="action must be one of"):
        make_decision("Barista", "maybe", onet_code="35-3023.01")
    unsure = make_decision("Hustler", "not_codable", onet_code="35-3023.01", who="ana")
    assert unsure.onet_code is None and unsure.who == "ana"
    kept = make_decision("  SR.  Barista ", "correct", onet_code="35-3023.01")
    assert kept.title == "SR. Barista" and kept.key == "sr. barista" and kept.who


def test_the_latest_standing_decision_counts_and_undo_brings_back_the_one_before(tmp_path):
    log = DecisionLog(tmp_path / "review" / "decisions.json")
    first = make_decision("Greaser", "correct", onet_code="49-9043.00", who="ana")
    second = make_decision("GREASER", "correct", onet_code="47-2073.00", who="bo")
    assert log.save([first]) == [first] and log.save([first]) == []
    log.save([second])
    assert log.standing()["greaser"].onet_code == "47-2073.00"
    undone = log.undo(second.id, "cy")
    assert undone.undone_by == "cy" and undone.undone_at
    assert log.standing()["greaser"].onet_code == "49-9043.00"
    assert len(log.all()) == 2  # an undo keeps the decision, stamped: an audit trail
    with pytest.raises(InvalidInputError, match="undone already"):
        log.undo(second.id)
    with pytest.raises(InvalidInputError, match="review list"):
        log.undo("nope")


def test_export_and_import_carry_decisions_and_undos(tmp_path):
    here = DecisionLog(tmp_path / "a" / "decisions.json")
    there = DecisionLog(tmp_path / "b" / "decisions.json")
    kept = make_decision("Boilerman Gred 2", "correct", onet_code="51-8021.00")
    dropped = make_decision("Barista", "accept", onet_code="35-3023.01")
    here.save([kept, dropped])
    assert here.export(tmp_path / "moved.json") == 2
    assert len(there.save(read_export(tmp_path / "moved.json"))) == 2
    here.undo(dropped.id)
    here.export(tmp_path / "moved.json")
    changed = there.save(read_export(tmp_path / "moved.json"))
    assert [d.id for d in changed] == [dropped.id]
    assert set(there.standing()) == {"boilerman gred 2"}


def test_an_import_naming_an_unknown_code_imports_nothing(tmp_path):
    exported = tmp_path / "moved.json"
    DecisionLog(exported).save([make_decision("Barista", "accept", onet_code="35-3023.01")])
    exported.write_text(exported.read_text().replace("35-3023.01", "99-9999.99"))
    with pytest.raises(DataFileError, match=r"99-9999\.99, not an O\*NET-SOC code"):
        read_export(exported)
    with pytest.raises(DataFileError, match="does not exist"):
        read_export(tmp_path / "missing.json")
    exported.write_text('{"format": 1, "decis')
    with pytest.raises(DataFileError, match="not a file written by `titlesearch review export`"):
        read_export(exported)


def test_a_damaged_log_is_named_with_what_to_do(tmp_path):
    path = tmp_path / "decisions.json"
    path.write_text('{"format": 1, "decisions": [{"id": ')
    with pytest.raises(DataFileError, match="review export"):
        DecisionLog(path).standing()


def _save_many(path: str, who: str) -> None:
    log = DecisionLog(Path(path))
    for i in range(15):
        log.save([make_decision(f"title {who} {i}", "accept", onet_code="35-3023.01", who=who)])


def test_two_processes_saving_at_once_both_keep_every_decision(tmp_path):
    path = tmp_path / "decisions.json"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_save_many, args=(str(path), w)) for w in ("ana", "bo")]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    assert len(DecisionLog(path).all()) == 30
