"""A damaged or missing index, or a model that does not match it: one clear line, nothing written.

Each case damages a private copy of the small index the way a crash, a full disk or a careless
hand would (pointer deleted, garbled or emptied; manifest truncated or gutted; shard or vectors
file gone; points deleted behind its back), then runs the CLI. It must exit 2 with one
``error:`` line that names the problem and the fix, leave the index files as they were, and -
where the fix is to rerun the ingest - that ingest must repair the index.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from harness import assert_one_line_error, invoke, snapshot

from titlesearch.encoders import build_encoder, read_adapter
from titlesearch.errors import ModelMismatchError, StoreError
from titlesearch.ingest.build import build_index
from titlesearch.ingest.reindex import reindex
from titlesearch.search.models import ModelLoader
from titlesearch.search.service import SearchService
from titlesearch.store.edge import EdgeStore
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.server import ServerStore

ENGINE_FILES = ("/shard/", "models/verified/")  # rewritten by Qdrant Edge on open / a hash memo


def _version_dir(root: Path) -> Path:
    return next((root / "versions").iterdir())


def _edit_manifest(root: Path, change: Callable[[dict], None]) -> None:
    path = _version_dir(root) / "manifest.json"
    manifest = json.loads(path.read_text())
    change(manifest)
    path.write_text(json.dumps(manifest))


def _other_model(manifest: dict) -> None:
    manifest["vectors"]["base"].update(
        name="acme/other-model", sha256="0" * 64, fingerprint="0" * 64
    )


def _lose_points(root: Path) -> None:
    """Delete 50 points behind the manifest's back, straight through the engine."""
    import qdrant_edge as qe

    shard = qe.EdgeShard.load(str(_version_dir(root) / "shard"))
    try:
        records, _ = shard.scroll(qe.ScrollRequest(limit=50, with_payload=False))
        shard.update(qe.UpdateOperation.delete_points([r.id for r in records]))
        shard.flush()
    finally:
        shard.close()


DAMAGE: dict[str, tuple[Callable[[Path], object], tuple[str, ...]]] = {
    "pointer deleted": (
        lambda root: (root / "CURRENT").unlink(),
        ("no index has been published", "run `titlesearch ingest`"),
    ),
    "pointer names a missing version": (
        lambda root: (root / "CURRENT").write_text("v000000000000\n"),
        ("version 'v000000000000'", "does not exist", "run `titlesearch ingest`"),
    ),
    "pointer garbled": (
        lambda root: (root / "CURRENT").write_bytes(b"\xff\xfe\x00../etc"),
        ("index pointer", "is damaged", "delete that file", "titlesearch ingest"),
    ),
    "pointer empty": (
        lambda root: (root / "CURRENT").write_bytes(b""),
        ("index pointer", "is damaged", "delete that file"),
    ),
    "manifest truncated": (
        lambda root: (_version_dir(root) / "manifest.json").write_text('{"format": 1, "vec'),
        ("manifest", "is damaged", "rerun the `titlesearch ingest`"),
    ),
    "manifest without model record": (
        lambda root: (_version_dir(root) / "manifest.json").write_text('{"status": "ready"}'),
        ("manifest", "is incomplete", "rerun the `titlesearch ingest`"),
    ),
    "manifest deleted": (
        lambda root: (_version_dir(root) / "manifest.json").unlink(),
        ("no index found", "titlesearch ingest"),
    ),
    "shard folder removed": (
        lambda root: shutil.rmtree(_version_dir(root) / "shard"),
        ("cannot open the index", "move the folder", "aside", "titlesearch ingest"),
    ),
    "vectors file garbled": (
        lambda root: (_version_dir(root) / "vectors.json").write_text("{not json"),
        ("vectors.json is damaged", "move the folder", "aside", "titlesearch ingest"),
    ),
    "version folder removed": (
        lambda root: shutil.rmtree(_version_dir(root)),
        ("does not exist", "run `titlesearch ingest`"),
    ),
    "points lost": (
        _lose_points,
        ("holds 350 points but was built with 400", "rerun the `titlesearch ingest`"),
    ),
    "manifest names another model": (
        lambda root: _edit_manifest(root, _other_model),
        ("acme/other-model", "re-ingest with this model"),
    ),
}


@pytest.mark.parametrize("case", list(DAMAGE))
def test_damaged_index_is_one_clear_line_and_nothing_is_written(home: Path, case: str) -> None:
    damage, needles = DAMAGE[case]
    root = home / "index" / "job_titles"
    damage(root)
    before = snapshot(home, skip=ENGINE_FILES)
    result = invoke("search", "registered nurse", "--profile", "quick")
    assert_one_line_error(result, *needles)
    assert snapshot(home, skip=ENGINE_FILES) == before
    if case in ("manifest truncated", "manifest without model record", "manifest deleted"):
        assert_one_line_error(invoke("info"), *needles[:1])


@pytest.mark.parametrize(
    ("case", "by_hand"),
    [
        ("pointer garbled", lambda root: (root / "CURRENT").unlink()),
        ("manifest truncated", None),
        ("manifest without model record", None),
        ("points lost", None),
    ],
)
def test_following_the_fix_repairs_the_index(home, case, by_hand, base_encoder, small_corpus):
    """Do what the message says (delete the file; rerun the ingest): search works again."""
    root = home / "index" / "job_titles"
    DAMAGE[case][0](root)
    if by_hand:
        by_hand(root)
    with EdgeStore(home / "index", "job_titles") as store:
        summary = build_index(store, small_corpus, base_encoder, None, progress=False)
        assert summary.status == "resumed" and store.count() == len(small_corpus)
        assert store.facet("major_group")  # keyword indexes are back too
    result = invoke("search", "registered nurse", "--json", "--limit", "3")
    assert result.exit_code == 0, result.stderr
    assert "29-1141.00" in result.stdout


def test_adapter_of_the_index_gone_or_wrong(
    tmp_path, monkeypatch, base_encoder, quick_model, small_corpus, adapters
) -> None:
    """Another adapter than the index's, the index's adapter deleted, and a reindex with another
    base model than the index's: each one ModelMismatchError line, nothing written."""
    adapter = shutil.copytree(adapters[0], tmp_path / "runs" / "lora-a")
    tuned = build_encoder(quick_model, adapter=read_adapter(adapter), device="cpu")
    home = tmp_path / "home"
    monkeypatch.setenv("TITLESEARCH_HOME", str(home))
    with EdgeStore(home / "index", "job_titles") as store:
        build_index(store, small_corpus[:60], base_encoder, tuned, progress=False)
    wrong = invoke("search", "nurse", "--adapter", str(adapters[1]))
    assert_one_line_error(wrong, "adapter lora-a but the query model", "lora:lora-b", "--adapter")
    shutil.rmtree(adapter)
    before = snapshot(home, skip=ENGINE_FILES)
    gone = invoke("search", "nurse")
    assert_one_line_error(gone, f"need adapter {adapter}", "gone or damaged", "reindex")
    assert snapshot(home, skip=ENGINE_FILES) == before
    base_only = invoke("search", "nurse", "--model", "base", "--json")  # base needs no adapter
    assert base_only.exit_code == 0, base_only.output
    assert json.loads(base_only.stdout)["results"]["base"]
    coded = invoke("classify", "icu nurse", "--model", "base", "--json")
    assert coded.exit_code == 0 and json.loads(coded.stdout)["alternatives"], coded.output
    _edit_manifest(home / "index" / "job_titles", _other_model)
    before = snapshot(home / "index", skip=ENGINE_FILES)  # reindex opens its embedding cache
    other = invoke("reindex", "--adapter", str(adapters[1]))
    assert_one_line_error(other, "built with acme/other-model", "--profile")
    assert snapshot(home / "index", skip=ENGINE_FILES) == before


def test_server_path_refuses_a_gutted_manifest_and_another_model(base_encoder, small_corpus):
    """The same refusals through ServerStore (qdrant-client local mode)."""
    with ServerStore(":memory:") as store:
        summary = build_index(store, small_corpus[:40], base_encoder, None, progress=False)
        manifest = store.read_manifest().to_data()
        _other_model(manifest)
        store.write_manifest(summary.version, IndexManifest.from_data(manifest))
        with pytest.raises(ModelMismatchError, match="acme/other-model"):
            SearchService(store, base_encoder, None, store.read_manifest())
        with pytest.raises(ModelMismatchError, match="built with acme/other-model"):
            reindex(store, base_encoder, base_encoder, progress=False)
        store._write_manifest_data(summary.version, {"status": "ready"})  # gutted by hand
        with pytest.raises(StoreError, match="incomplete"):
            SearchService.open(store, loader=ModelLoader(Path("unused")))
        assert store.count() == 40  # refused, not damaged
