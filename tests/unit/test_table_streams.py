"""Tables read and written a chunk at a time: the same rules as whole reads, bounded memory,
standard input, three output formats, and nothing half-written left behind."""

from __future__ import annotations

import io
import json
import threading
import time
import tracemalloc

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from titlesearch.errors import DataFileError, InvalidInputError
from titlesearch.prefetch import prefetched
from titlesearch.table_chunks import open_chunks
from titlesearch.table_writer import TableWriter, output_format
from titlesearch.tabular import read_table


def chunks_of(source, size=2, stdin=None) -> list[pd.DataFrame]:
    with open_chunks(source, chunk_rows=size, stdin=stdin) as chunks:
        return list(chunks)


@pytest.mark.parametrize(
    "content",
    [
        'title,id\nNurse,1\n\nBarista,2\n"Engineer, Senior",3\n',
        "title;id\r\nNurse;1\r\nBarista;2\r\n",
        "title\nNurse, RN\nSr. SWE II (Backend), Remote\nBarista\n",
        "\n\ntitle|id\nNurse|1\n",
    ],
)
def test_chunks_hold_the_rows_a_whole_read_does(tmp_path, content):
    path = tmp_path / "t.csv"
    path.write_text(content)
    frames = chunks_of(path)
    assert all(len(f) <= 2 for f in frames)
    whole = pd.concat(frames, ignore_index=True)
    pd.testing.assert_frame_equal(whole, read_table(path))


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"title,dept\nNurse,ICU\nNurse, RN,ICU\n", "line 3 has 3 fields"),
        (b"title,title\nNurse,ICU\n", "appears twice"),
        (b"title\n", "has a header but no rows"),
        (b"\x00\x01binary", "NUL bytes"),
        (b"title,dept\nNurse\n", "line 2 has 1 fields, fewer"),
    ],
)
def test_chunks_refuse_what_a_whole_read_refuses(tmp_path, raw, message):
    path = tmp_path / "t.csv"
    path.write_bytes(raw)
    with pytest.raises(DataFileError, match=message):
        read_table(path)
    with pytest.raises(DataFileError, match=message):
        chunks_of(path)


def test_encodings_are_judged_on_the_whole_file(tmp_path):
    path = tmp_path / "t.csv"
    # UTF-8 until the last row, which only Windows-1252 decodes: the whole file is cp1252.
    path.write_bytes(
        ("title\n" + "Nurse\n" * 50_000).encode() + "Caf\xe9 \u2013 nights\n".encode("cp1252")
    )
    frames = chunks_of(path, size=20_000)
    assert frames[-1]["title"].iloc[-1] == "Café – nights"
    utf16 = tmp_path / "u16.csv"
    utf16.write_bytes("title\nPâtissier\n".encode("utf-16"))
    assert chunks_of(utf16)[0]["title"].tolist() == ["Pâtissier"]


def test_standard_input_is_csv_only(tmp_path):
    piped = io.BytesIO("\ufefftitle,id\nCafé manager,1\nBarista,2\nNurse,3\n".encode())
    frames = chunks_of("-", stdin=piped)
    assert [len(f) for f in frames] == [2, 1] and frames[0]["title"][0] == "Café manager"
    buffer = io.BytesIO()
    pq.write_table(pa.table({"title": ["Nurse"]}), buffer)
    with pytest.raises(DataFileError, match=r"only CSV can be piped in.*--input FILE\.parquet"):
        chunks_of("-", stdin=io.BytesIO(buffer.getvalue()))
    with pytest.raises(DataFileError, match="standard input is empty"):
        chunks_of("-", stdin=io.BytesIO(b""))
    # Judged by its first 64 KiB (UTF-8); a later row in another encoding names its line.
    late = ("title\n" + "Nurse\n" * 20_000).encode() + b"Caf\xe9\n"
    with pytest.raises(DataFileError, match=r"standard input after line 1\d{4} is not UTF-8 text"):
        chunks_of("-", size=1000, stdin=io.BytesIO(late))


def test_parquet_is_read_a_batch_at_a_time_with_stable_text(tmp_path):
    path = tmp_path / "t.parquet"
    table = pa.table({"title": ["Nurse", None, "Dev"], "n": [1, 2, None]})
    pq.write_table(table, path)
    frames = chunks_of(path)
    whole = pd.concat(frames, ignore_index=True)
    # Integers print as integers in every batch, with or without a missing value in it.
    assert whole["n"].tolist()[:2] == ["1", "2"] and pd.isna(whole["n"].iloc[2])
    pd.testing.assert_frame_equal(whole, read_table(path))
    bad = tmp_path / "bad.parquet"
    bad.write_bytes(b"PAR1 not really")
    with pytest.raises(DataFileError, match="cannot read"):
        chunks_of(bad)


def test_a_long_table_streams_in_bounded_memory(tmp_path):
    """No row limit, and memory for a chunk or two and a read block, whatever the length."""
    path = tmp_path / "long.csv"
    rows = 150_000
    path.write_text("title,id\n" + "".join(f"Registered Nurse {i},{i}\n" for i in range(rows)))
    out = tmp_path / "out.csv"
    tracemalloc.start()
    try:
        with open_chunks(path, chunk_rows=256) as chunks, TableWriter(out, "csv") as writer:
            for frame in chunks:
                writer.write(frame)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert writer.rows == rows and out.read_bytes() == path.read_bytes()
    assert peak < 1 << 20, (peak, path.stat().st_size)  # the table is 4.4 MB


def frames_with_gaps() -> list[pd.DataFrame]:
    first = pd.DataFrame({"title": ["=cmd|' /C calc'!A0", "Nurse"], "score": [0.5, 0.25]})
    second = pd.DataFrame({"title": ["Barista"], "score": [float("nan")]})
    return [first, second]


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_writer_formats(tmp_path, fmt):
    out = tmp_path / f"coded.{fmt}"
    with TableWriter(out, output_format(None, out)) as writer:
        for frame in frames_with_gaps():
            writer.write(frame)
    if fmt == "csv":
        text = out.read_text()
        assert text.splitlines() == [
            "title,score",
            "'=cmd|' /C calc'!A0,0.5",
            "Nurse,0.25",
            "Barista,",
        ]
    elif fmt == "jsonl":
        rows = [json.loads(line) for line in out.read_text().splitlines()]
        assert rows[0] == {"title": "=cmd|' /C calc'!A0", "score": 0.5}  # not neutralised
        assert rows[2] == {"title": "Barista", "score": None}
    else:
        back = pd.read_parquet(out)
        assert back["title"].tolist()[0] == "=cmd|' /C calc'!A0" and len(back) == 3
        assert back["score"].dtype == "float64"


def test_format_choice():
    assert output_format(None, "x.JSONL") == "jsonl" and output_format(None, "-") == "csv"
    assert output_format(None, "x.txt") == "csv" and output_format("parquet", "-") == "parquet"
    with pytest.raises(InvalidInputError, match="--format must be one of csv, jsonl, parquet"):
        output_format("xlsx", "x.csv")


def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path):
    out = tmp_path / "coded.csv"
    out.write_text("old\n")
    with pytest.raises(RuntimeError), TableWriter(out, "csv") as writer:
        writer.write(frames_with_gaps()[0])
        raise RuntimeError("the index went away")
    assert out.read_text() == "old\n" and sorted(p.name for p in tmp_path.iterdir()) == [
        "coded.csv"
    ]


def test_prefetch_runs_ahead_in_order_and_passes_errors_on():
    made: list[int] = []

    def produce():
        for i in range(4):
            made.append(i)
            yield i
        raise ValueError("row 5 is bad")

    got = []
    with pytest.raises(ValueError, match="row 5"):
        for item in prefetched(produce()):
            got.append(item)
    assert got == [0, 1, 2, 3]


def test_prefetch_stops_its_thread_when_the_consumer_stops():
    def endless():
        i = 0
        while True:
            yield i
            i += 1

    before = threading.active_count()
    items = prefetched(endless(), ahead=2)
    assert next(items) == 0
    items.close()
    time.sleep(0.05)
    assert threading.active_count() == before
