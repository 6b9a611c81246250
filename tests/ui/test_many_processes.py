"""Many processes on one embedded index: the UI, two CLI classifiers and a reindex at once.

Real processes, as a user runs them: ``titlesearch ui`` (driven by headless Chromium, so it
holds the index), two loops of ``titlesearch classify --input`` and two
``titlesearch reindex --adapter`` runs that publish new versions meanwhile. Every classifier
run must succeed (failures: 0), and every coded row must be exactly the answer of ONE version
(its tuned model against its own vectors: mixed answers 0). The UI keeps answering and moves
to the last version.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from ui_server import search_in_ui

QUERIES = [
    "registered nurse icu nights",
    "senior java developer",
    "truck driver cdl-a",
    "barista part time",
    "customer service rep",
    "retail sales associate",
    "software engineer backend",
    "charge nurse",
]
ROWS = 600  # per classifier run: several batches, so a run can straddle a reindex
TOLERANCE = 1e-4


def _make_adapter():
    path = Path(__file__).parents[1] / "reliability" / "lora_adapters.py"
    spec = importlib.util.spec_from_file_location("_lora_adapters_many", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.make_adapter


def _reference(quick_model, base_encoder, adapter: Path, records: list) -> dict:
    """Per query: the matched title and score `classify` gives with this adapter's model
    against its own vectors, by exact search along the product's own path (typed and
    expanded query merged, codes pooled)."""
    from titlesearch.encoders import build_encoder, read_adapter
    from titlesearch.ingest.corpus import payload_of, record_id
    from titlesearch.search.classify import classify_hits
    from titlesearch.search.expansion import search_expanded
    from titlesearch.search.service import CLASSIFY_NEIGHBOURS
    from titlesearch.store.base import Hit

    tuned = build_encoder(quick_model, adapter=read_adapter(adapter), device="cpu")
    corpus = tuned.encode([r.title for r in records])

    def search(texts: list[str]) -> list[list[Hit]]:
        scores = tuned.encode(texts) @ corpus.T
        top = (-scores).argsort(axis=1)[:, :CLASSIFY_NEIGHBOURS]
        return [
            [Hit(record_id(records[j]), float(row[j]), payload_of(records[j])) for j in order]
            for row, order in zip(scores, top, strict=True)
        ]

    found = search_expanded(search, QUERIES, limit=CLASSIFY_NEIGHBOURS)
    answers = [
        classify_hits(q, hits, abstain_below=0.35) for q, hits in zip(QUERIES, found, strict=True)
    ]
    return {q: (a.matched_title, float(a.score)) for q, a in zip(QUERIES, answers, strict=True)}


def _titlesearch(*args: str, home: Path) -> subprocess.Popen:
    executable = Path(sys.executable).with_name("titlesearch")
    env = {**os.environ, "TITLESEARCH_HOME": str(home), "HF_HUB_OFFLINE": "1"}
    env.pop("TITLESEARCH_QDRANT_URL", None)
    return subprocess.Popen(
        [str(executable), *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


@pytest.mark.browser
@pytest.mark.slow
def test_ui_two_classifiers_and_a_reindex_at_once(
    ui_server, browser, tmp_path, quick_model, base_encoder, small_corpus
):
    home = tmp_path / "home"  # the copy of the tuned home that `ui_server` serves
    first = search_in_ui(
        browser, ui_server, "registered nurse"
    )  # the UI now holds the active version
    assert "LoRA test-run" in first

    make_adapter = _make_adapter()
    adapters = {"test-run": home / "runs" / "test-run" / "adapter"}
    for seed, name in ((7, "run-b"), (8, "run-c")):
        adapters[name] = make_adapter(
            quick_model.path, tmp_path / name, seed=seed, base_sha256=quick_model.sha256
        )
    references = {
        name: _reference(quick_model, base_encoder, path, small_corpus)
        for name, path in adapters.items()
    }
    source = tmp_path / "titles.csv"
    pd.DataFrame({"title": [QUERIES[i % len(QUERIES)] for i in range(ROWS)]}).to_csv(
        source, index=False
    )

    runs: list[tuple[int, str, Path]] = []
    stop_at = None
    started = time.monotonic()
    classifiers: list[tuple[subprocess.Popen, Path]] = []
    reindex = None
    pending = ["run-b", "run-c"]
    while True:
        for i in range(2):  # keep two classifiers busy until the reindexes are done
            busy = [p for p, out in classifiers if p.poll() is None and out.name[:2] == f"o{i}"]
            if not busy and (stop_at is None or time.monotonic() < stop_at):
                out = tmp_path / f"o{i}-{len(classifiers)}.csv"
                process = _titlesearch(
                    "classify", "--input", str(source), "--output", str(out),
                    "--model", "tuned", home=home,
                )  # fmt: skip
                classifiers.append((process, out))
        if reindex is None or reindex.poll() is not None:
            if reindex is not None:
                assert reindex.returncode == 0, reindex.communicate()
            if pending:
                adapter = adapters[pending.pop(0)]
                reindex = _titlesearch("reindex", "--adapter", str(adapter), home=home)
            elif stop_at is None:
                stop_at = time.monotonic() + 5  # a last round of classifiers on the new version
        if stop_at is not None and time.monotonic() > stop_at:
            break
        assert time.monotonic() - started < 400, "the processes did not finish in time"
        time.sleep(0.2)
    for process, out in classifiers:
        _, err = process.communicate(timeout=240)
        runs.append((process.returncode, err, out))

    searches = failures = mixed = 0
    versions_seen: set[str] = set()
    for code, err, out in runs:
        if code != 0:
            failures += 1
            print("failed classifier:", err.strip().splitlines()[-1:])
            continue
        coded = pd.read_csv(out, dtype=str, keep_default_na=False)
        rows = zip(coded["title"], coded["matched_title"], coded["score"], strict=True)
        for query, title, score in rows:
            searches += 1
            owners = [
                name
                for name, ref in references.items()
                if ref[query][0] == title and abs(ref[query][1] - float(score)) <= TOLERANCE
            ]
            if owners:
                versions_seen.add(owners[0])
            else:
                mixed += 1
    last = search_in_ui(browser, ui_server, "registered nurse")
    print(
        f"\nmany processes: {len(runs)} classifier runs, {searches} classifications, "
        f"{failures} failures, {mixed} mixed; versions answered from: {sorted(versions_seen)}"
    )
    assert failures == 0 and mixed == 0
    assert searches >= 2 * ROWS and len(runs) >= 4
    assert "LoRA run-c" in last  # the UI moved to the last version without a restart
    copies = home / "index" / "job_titles" / "readers"
    leftovers = list(copies.iterdir()) if copies.is_dir() else []
    assert len(leftovers) <= 1  # at most the UI's own copy; the CLI processes removed theirs
