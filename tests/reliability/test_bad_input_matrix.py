"""Whatever a user types or uploads: a result or one clear error, never a traceback or a stray file.

Hypothesis throws queries (any unicode, control characters, lone surrogates as a shell passes
undecodable bytes, huge strings), filter values (codes, groups, thresholds, limits, model names)
and CSV uploads (any text, control characters, huge fields, other encodings, random bytes,
formula cells such as ``=cmd|' /C calc'!A0``) at the search service and at the CLI. The answer
must be a valid result or a TitlesearchError; the CLI exits 0 or 2 without a traceback; nothing
is written outside TITLESEARCH_HOME but the output file the user named; and no exported cell
starts like a spreadsheet formula. One loaded service is reused by every example.
"""

from __future__ import annotations

import csv
import io
import math
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from harness import assert_one_line_error, invoke, snapshot
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from titlesearch.errors import TitlesearchError
from titlesearch.search.query import make_filter
from titlesearch.search.service import SearchService
from titlesearch.store.edge import EdgeStore

EXAMPLES = settings(
    max_examples=50,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),  # CI replays fixed examples; local runs explore
    database=None,  # no .hypothesis folder written into the working directory
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
ANY_CHAR = st.characters(exclude_categories=())  # controls, lone surrogates, private use
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

queries = st.one_of(
    st.text(ANY_CHAR, max_size=80),
    st.sampled_from(["", " ", "\x00", "\u200b", "\ud800 nurse", "=cmd|' /C calc'!A0", "🩺 RN"]),
    st.builds(
        lambda piece, n: piece * n,
        st.text(ANY_CHAR, min_size=1, max_size=8),
        st.integers(100, 5_000),
    ),
)
# Valid values are listed more than once so that about half the examples get past validation.
codes = st.one_of(
    st.none(),
    st.none(),
    st.sampled_from(["29-1141.00", "29-1141", "29", "15", "99", "29-114", "ab-cdef.gh", " 29 "]),
    st.text(ANY_CHAR, max_size=12),
)
thresholds = st.one_of(st.none(), st.floats(-1, 1), st.floats(allow_nan=True, allow_infinity=True))
limits = st.one_of(st.integers(1, 20), st.integers(1, 20), st.integers(-5, 1005), st.integers())
models = st.one_of(st.sampled_from(["base", "both"]), st.sampled_from(["tuned", "", "BASE", "x"]))


@pytest.fixture(scope="module")
def loaded(small_home: Path, tmp_path_factory, base_encoder) -> Iterator[tuple[Path, object]]:
    """A private copy of the small index and one service over it, shared by every example."""
    home = tmp_path_factory.mktemp("matrix") / "home"
    shutil.copytree(small_home, home)
    with EdgeStore(home / "index", "job_titles") as store:
        yield home, SearchService(store, base_encoder, None, store.read_manifest())


@pytest.fixture(scope="module")
def cli(loaded) -> Iterator[Path]:
    """The CLI wired to the loaded service (no model load per example), run from a sandbox
    folder as its working directory; yields the sandbox (TITLESEARCH_HOME is sandbox/home)."""
    home, service = loaded
    sandbox = home.parent
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TITLESEARCH_HOME", str(home))
        patch.chdir(sandbox)
        patch.setattr("titlesearch.runtime.search_service_for", lambda *a, **k: service)
        yield sandbox


def _outside_home(sandbox: Path) -> dict[str, str]:
    return snapshot(sandbox, skip=("/home/",))


def _search(service, query, *, code=None, group=None, threshold=None, limit=5, model="base"):
    """One search: the result checked against what was asked, or the refusal counted."""
    try:
        title_filter = make_filter(code, None, group)
        result = service.search(
            query, model=model, title_filter=title_filter, threshold=threshold, limit=limit
        )
    except TitlesearchError as exc:
        event(f"refused: {type(exc).__name__}")
        assert str(exc) and "Traceback" not in str(exc)
        return
    event("answered")
    assert 1 <= limit <= 1000
    assert threshold is None or -1 <= threshold <= 1
    for hits in result.results.values():
        assert len(hits) <= limit
        assert all(math.isfinite(h.score) for h in hits)
        if threshold is not None:
            assert all(h.score >= threshold - 1e-6 for h in hits)
        if title_filter and title_filter.onet_code:
            assert all(h.payload["onet_code"] == title_filter.onet_code for h in hits)
        if title_filter and title_filter.major_group:
            assert all(h.payload["major_group"] == title_filter.major_group for h in hits)


@EXAMPLES
@given(query=queries)
def test_any_query_is_answered_or_refused(loaded, query) -> None:
    _search(loaded[1], query)


@EXAMPLES
@given(code=codes, group=codes, threshold=thresholds, limit=limits, model=models)
def test_any_filter_is_answered_or_refused(loaded, code, group, threshold, limit, model) -> None:
    _search(
        loaded[1],
        "registered nurse",
        code=code,
        group=group,
        threshold=threshold,
        limit=limit,
        model=model,
    )


@EXAMPLES
@given(query=queries, code=codes, threshold=thresholds, limit=limits)
def test_cli_search_exits_0_or_2_and_writes_nothing(cli, query, code, threshold, limit) -> None:
    before = _outside_home(cli)
    args = ["search", query, "--limit", str(limit), "--json"]
    if code is not None:
        args += ["--code", code]
    if threshold is not None:
        args += ["--threshold", repr(threshold)]
    result = invoke(*args)
    output = result.stdout + result.stderr
    assert result.exit_code in (0, 2), output
    assert "Traceback" not in output
    event(f"exit {result.exit_code}")
    if result.exit_code == 2 and "Usage:" not in output:  # typer's own usage errors aside
        assert_one_line_error(result)
    assert _outside_home(cli) == before


cells = st.one_of(
    st.text(ANY_CHAR.filter(lambda c: not 0xD800 <= ord(c) <= 0xDFFF), max_size=40),
    st.sampled_from(["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)", "\t=1", "=HYPERLINK(x)"]),
    st.builds(lambda piece: piece * 3_000, st.sampled_from(["a", "né ", "=1"])),
)


def _encoded(rows: list[list[str]], encoding: str) -> bytes:
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    if encoding == "random":
        return text.getvalue().encode("utf-8", "replace")[::-1]
    return text.getvalue().encode(encoding, "replace")


@EXAMPLES
@given(
    header=st.lists(st.text(max_size=8), max_size=3),
    rows=st.lists(st.tuples(cells, cells), min_size=0, max_size=5),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16", "random"]),
    title_column=st.sampled_from(["title", "title", "title", "Title"]),
)
def test_csv_upload_is_coded_safely_or_refused(cli, header, rows, encoding, title_column) -> None:
    source, output = cli / "upload.csv", cli / "out" / "coded.csv"
    output.unlink(missing_ok=True)
    source.write_bytes(_encoded([["title", *header], *[list(r) for r in rows]], encoding))
    before = _outside_home(cli)
    result = invoke(
        "classify", "--input", str(source), "--column", title_column, "--output", str(output)
    )
    out = result.stdout + result.stderr
    assert result.exit_code in (0, 2), out
    assert "Traceback" not in out
    event(f"exit {result.exit_code}")
    after = _outside_home(cli)
    after.pop("out/coded.csv", None)
    assert after == before  # the input untouched, no stray files (no .partial left behind)
    if result.exit_code == 2:
        event(assert_one_line_error(result).replace(str(cli), "")[:48])
        assert not output.exists()
        return
    csv.field_size_limit(1 << 24)
    with output.open(newline="", encoding="utf-8") as handle:
        exported = [cell for row in csv.reader(handle) for cell in row]
    for cell in exported:
        if cell.startswith(FORMULA_STARTS):
            float(cell)  # only plain numbers (a negative score) may start like a formula


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
    ],
)
def test_formula_cells_are_neutralised_in_the_export(cli, cell: str, expected: str) -> None:
    source, output = cli / "formula.csv", cli / "out" / "formula-coded.csv"
    source.write_text(f"title,note\nregistered nurse,{cell}\n{cell},x\n", encoding="utf-8")
    result = invoke("classify", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0, result.stdout + result.stderr
    with output.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["note"] == expected and rows[1]["title"] == expected


def test_formula_column_names_are_neutralised_too(cli) -> None:
    """Found by the matrix above: the header row is cells a spreadsheet evaluates as well."""
    source, output = cli / "header.csv", cli / "out" / "header-coded.csv"
    source.write_text("title,=HYPERLINK(x),@cmd\nregistered nurse,a,b\n", encoding="utf-8")
    result = invoke("classify", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0, result.stdout + result.stderr
    header = output.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header[:3] == ["title", "'=HYPERLINK(x)", "'@cmd"]


def test_a_huge_field_is_coded_and_exported_whole(cli) -> None:
    source, output = cli / "huge.csv", cli / "out" / "huge-coded.csv"
    huge = "registered nurse " + "x" * 1_000_000
    source.write_text(f"title,note\n{huge},{'=1' * 200_000}\n", encoding="utf-8")
    result = invoke("classify", "--input", str(source), "--output", str(output))
    assert result.exit_code == 0, result.stdout + result.stderr
    csv.field_size_limit(1 << 24)
    with output.open(newline="", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle))
    assert row["title"] == huge and row["note"] == "'" + "=1" * 200_000


def test_output_that_is_a_folder_or_unwritable_is_one_line(cli) -> None:
    source = cli / "ok.csv"
    source.write_text("title\nregistered nurse\n", encoding="utf-8")
    folder = cli / "a-folder"
    folder.mkdir(exist_ok=True)
    result = invoke("classify", "--input", str(source), "--output", str(folder))
    assert_one_line_error(result, "is a folder")
    assert not list(cli.glob("*.partial"))
    blocker = cli / "a-file"
    blocker.write_text("x")
    result = invoke("classify", "--input", str(source), "--output", str(blocker / "coded.csv"))
    assert_one_line_error(result, "cannot write")
