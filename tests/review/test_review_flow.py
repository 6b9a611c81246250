"""A batch of 200 real titles through the review queue with the CLI: ten corrections saved,
the index gains ten ``source=user`` points, the batch coded again gives those titles the
corrected codes with confidence; the decisions go into the coded file, an undo takes its
point out again, and a full rebuild keeps the corrections."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from titlesearch.cli import app

runner = CliRunner()


def run(*args: str) -> dict | list:
    result = runner.invoke(app, [*args, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def user_points(home: Path) -> int:
    from titlesearch.config import AppSettings
    from titlesearch.runtime import store_for
    from titlesearch.store.base import TitleFilter

    with store_for(AppSettings.load(home)) as store:
        return store.count(title_filter=TitleFilter(source="user"))


def code(coded: Path) -> pd.DataFrame:
    return pd.read_csv(coded, dtype=str, keep_default_na=False)


def test_ten_corrections_are_learned_by_the_index(review_home, real_batch, tmp_path):
    from titlesearch.config import AppSettings

    batch, gold = real_batch
    coded = tmp_path / "coded.csv"
    assert run("classify", "--input", str(batch), "--output", str(coded))["rows"] == 200
    queue = run("review", "queue", str(coded), "--below", "0.5", "--limit", "200")
    wrong = [i for i in queue["items"] if i["top_code"] not in gold[i["title"]].split(";")]
    assert queue["queued"] >= 10 and len(wrong) >= 10
    assert all(i["alternatives"] and i["neighbours"] for i in wrong)
    corrected = {i["title"]: gold[i["title"]].split(";")[0] for i in wrong[:10]}
    for title, right in corrected.items():
        suggested = next(i["top_code"] for i in wrong if i["title"] == title)
        saved = run("review", "decide", title, "--code", right, "--suggested", suggested)
        assert saved["action"] == "correct" and saved["onet_code"] == right

    taught = run("review", "teach")
    assert (taught["added"], taught["removed"], taught["corrections"]) == (10, 0, 10)
    assert user_points(review_home) == 10
    assert run("review", "teach")["status"] == "up-to-date"

    again = tmp_path / "again.csv"
    run("classify", "--input", str(batch), "--output", str(again))
    rows = code(again).set_index("title")
    bar = AppSettings.load(review_home).search.abstain_below
    for title, right in corrected.items():
        row = rows.loc[[title]].iloc[0]
        assert (row["onet_code"], row["level"]) == (right, "code"), title
        assert float(row["confidence"]) >= bar, title
    remaining = run("review", "queue", str(coded), "--below", "0.5", "--limit", "1")["queued"]
    assert remaining == queue["queued"] - 10

    applied = run("review", "apply", str(coded))
    table = code(coded).set_index("title")
    assert applied["rows"] == 200 and applied["reviewed"] >= 10
    for title, right in corrected.items():
        assert table.loc[[title], "final_code"].eq(right).all()
        assert table.loc[[title], "review"].eq("correct").all()

    first = next(d for d in run("review", "list") if d["title"] == next(iter(corrected)))
    run("review", "undo", first["id"])
    assert run("review", "teach")["removed"] == 1 and user_points(review_home) == 9
    title = first["title"]
    answer = run("classify", title)
    assert not [n for n in answer["neighbours"] if (n["title"], n["source"]) == (title, "user")]

    rebuilt = run("ingest", "--limit", "30")
    assert rebuilt["points"] == 39 and user_points(review_home) == 9


def test_decisions_move_between_homes(review_home, tmp_path, monkeypatch):
    run("review", "decide", "Operator Pengeluaran", "--code", "51-9199.00")
    run("review", "decide", "Hustler", "--not-codable", "--who", "ana")
    exported = tmp_path / "decisions.json"
    assert run("review", "export", str(exported))["exported"] == 2
    monkeypatch.setenv("TITLESEARCH_HOME", str(tmp_path / "other"))
    assert run("review", "import", str(exported))["imported"] == 2
    assert run("review", "import", str(exported))["imported"] == 0
    assert {d["who"] for d in run("review", "list")} >= {"ana"}


def test_bad_review_input_gets_one_clear_line(review_home, tmp_path):
    def fails(*args: str) -> str:
        result = runner.invoke(app, list(args))
        assert result.exit_code == 2 and "Traceback" not in result.output
        return result.output

    assert "either --code CODE or --not-codable" in fails("review", "decide", "Barista")
    assert "not an O*NET-SOC occupation code" in fails(
        "review", "decide", "Barista", "--code", "35-30"
    )
    raw = tmp_path / "raw.csv"
    raw.write_text("title\nBarista\n")
    assert "is not a coded table" in fails("review", "queue", str(raw))
    assert "no decision 'x'" in fails("review", "undo", "x")


def test_teaching_reports_its_progress_for_a_bar_of_the_callers_own(review_home):
    from titlesearch.config import AppSettings
    from titlesearch.review.corrections import teach_index
    from titlesearch.review.decisions import make_decision
    from titlesearch.runtime import search_service_for, store_for

    decision = make_decision("Operator Pengeluaran", "correct", onet_code="51-9199.00")
    seen: list[tuple[str, int, int]] = []
    settings = AppSettings.load(review_home)
    with store_for(settings) as store:
        service = search_service_for(settings, store)
        summary = teach_index(
            store, service.encoders, {decision.key: decision}, progress=False,
            tick=lambda *step: seen.append(step),
        )  # fmt: skip
        fresh = search_service_for(settings, store)  # a service follows new versions lazily
        answer = fresh.classify(["OPERATOR PENGELUARAN"])[0]
    assert summary.added == 1 and summary.ingest.points == 401
    assert {s for s, _, _ in seen} == {"read", "write"}
    assert seen[-1] == ("write", 401, 401)
    assert answer.onet_code == "51-9199.00" and answer.confidence > 0.9
    assert answer.neighbours[0].reviewed
