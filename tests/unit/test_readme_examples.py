"""The README's examples are coded right: each one's top code, through the CLI, on a real index.

The index holds every title of the occupations these examples could be confused with (all of
SOC 15-12xx, 29-11xx, 53-30xx, 35-30xx, 35-90xx, 45-20xx, 51-91xx, and the "Swabber", "Swage
Tender", "Swine Specialist" titles the old classifier picked for the SWE example), plus every
20th other O*NET title; the base model serves it (the tuned model needs a training run).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from titlesearch.cli import app

EXAMPLES = {
    "Sr. SWE II (Backend) – Remote, $150k": "15-1252.00",
    "ICU nurse nights": "29-1141",
    "CDL-A OTR driver": "53-3032.00",
    "barista": "35-3023.01",
}
NEIGHBOURHOOD = ("15-12", "29-11", "53-30", "35-30", "35-90", "45-20", "51-91")


@pytest.fixture(scope="module")
def examples_home(tmp_path_factory: pytest.TempPathFactory, base_encoder) -> Path:
    from titlesearch.ingest.build import build_index
    from titlesearch.ingest.corpus import build_corpus
    from titlesearch.store.edge import EdgeStore
    from titlesearch.taxonomy import load_taxonomy

    corpus = build_corpus(load_taxonomy())
    near = [
        r
        for r in corpus
        if r.onet_code.startswith(NEIGHBOURHOOD)
        or any(w in r.title for w in ("Swab", "Swage", "Swine"))
    ]
    taken = set(near)
    rest = [r for r in corpus if r not in taken][::20]
    home = tmp_path_factory.mktemp("examples")
    with EdgeStore(home / "index", "job_titles") as store:
        build_index(store, near + rest, base_encoder, None, progress=False)
    return home


@pytest.mark.parametrize("mode", ["--dense", "--hybrid"])
@pytest.mark.parametrize(("title", "code"), EXAMPLES.items())
def test_readme_example_is_coded_right(examples_home, monkeypatch, title, code, mode):
    monkeypatch.setenv("TITLESEARCH_HOME", str(examples_home))
    monkeypatch.delenv("TITLESEARCH_QDRANT_URL", raising=False)
    result = CliRunner().invoke(app, ["classify", title, mode, "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["alternatives"][0]["onet_code"].startswith(code), answer
