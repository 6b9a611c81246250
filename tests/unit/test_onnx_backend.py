"""The ONNX encoder backends: exported once, equal (onnx) or close (onnx-int8) to torch, recorded
in the manifest, never mixed with another backend's vectors, and served without torch."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from titlesearch.cli import app
from titlesearch.encoders import build_encoder, resolve_model
from titlesearch.encoders.backends import backend_fingerprint, query_backend, same_vectors
from titlesearch.encoders.onnx_export import ensure_export
from titlesearch.encoders.onnx_model import EXPORT_META, GRAPHS, OnnxSentenceModel
from titlesearch.errors import ModelError

runner = CliRunner()
TITLES = ["senior software engineer", "Retail Assistant @ Sunway Pyramid", "ICU nurse nights"]
HEAVY = ("torch", "sentence_transformers", "transformers", "peft", "sklearn")


@pytest.fixture(scope="module")
def onnx_home(tmp_path_factory: pytest.TempPathFactory, random_adapter: Path) -> Path:
    """A home indexed by `titlesearch ingest` with the default backend, base and tuned."""
    home = tmp_path_factory.mktemp("onnx-home")
    with pytest.MonkeyPatch.context() as env:
        env.delenv("TITLESEARCH_ENCODER_BACKEND", raising=False)
        env.delenv("TITLESEARCH_QDRANT_URL", raising=False)
        env.setenv("TITLESEARCH_HOME", str(home))
        args = ["ingest", "--limit", "300", "--adapter", str(random_adapter)]
        result = runner.invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return home


def _manifest(home: Path):
    from titlesearch.store.edge import EdgeStore

    with EdgeStore(home / "index", "job_titles") as store:
        return store.read_manifest()


def test_backend_rules() -> None:
    assert same_vectors("torch", "onnx") and same_vectors("onnx-int8", "onnx-int8")
    assert not same_vectors("torch", "onnx-int8")
    assert query_backend("torch", "onnx") == "onnx"  # float32 graphs serve torch's vectors
    assert query_backend("onnx-int8", "torch") == "onnx-int8"  # int8 vectors need int8
    assert query_backend("torch", "onnx-int8") == "torch"
    assert backend_fingerprint("f" * 64, "onnx") == "f" * 64
    assert backend_fingerprint("f" * 64, "onnx-int8") != "f" * 64


def test_default_backend_is_recorded_and_exported_once(onnx_home: Path) -> None:
    manifest = _manifest(onnx_home)
    assert {v.backend for v in manifest.vectors.values()} == {"onnx-int8"}
    exports = sorted((onnx_home / "models" / "onnx").iterdir())
    assert len(exports) == 2  # base and tuned (merged), one folder per weights fingerprint
    assert all((e / EXPORT_META).is_file() for e in exports)

    def must_not_load():
        raise AssertionError("an existing export was exported again")

    meta = json.loads((exports[0] / EXPORT_META).read_text())
    assert ensure_export(exports[0].parent, meta["fingerprint"], must_not_load) == exports[0]


def test_vectors_of_each_backend(onnx_home: Path, quick_model, base_encoder) -> None:
    onnx_dir = onnx_home / "models" / "onnx"
    fp32 = build_encoder(quick_model, backend="onnx", onnx_dir=onnx_dir)
    int8 = build_encoder(quick_model, backend="onnx-int8", onnx_dir=onnx_dir)
    reference = base_encoder.encode(TITLES)
    assert fp32.fingerprint == base_encoder.fingerprint != int8.fingerprint
    np.testing.assert_allclose(fp32.encode(TITLES), reference, atol=1e-5)
    cosines = (int8.encode(TITLES) * reference).sum(axis=1)
    assert cosines.min() > 0.97 and np.allclose(np.linalg.norm(int8.encode(TITLES), axis=1), 1)
    assert int8.encode([]).shape == (0, 384)


def test_query_path_does_not_import_torch(onnx_home: Path) -> None:
    code = (
        "import sys, json\n"
        "from titlesearch.cli import main\n"
        "sys.argv = ['titlesearch', *sys.argv[1:]]\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    assert not exit.code, exit.code\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]), file=sys.stderr)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TITLESEARCH_ENCODER_BACKEND"}
    env["TITLESEARCH_HOME"] = str(onnx_home)
    for args in (
        ["search", "sr software engineer - remote", "--json", "--limit", "3"],
        ["classify", "ICU nurse nights", "--json"],
    ):
        done = subprocess.run(
            [sys.executable, "-c", code, *args], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stderr.strip().splitlines()[-1]) == []
        assert json.loads(done.stdout)


def test_index_backend_wins_over_an_incompatible_setting(onnx_home: Path, monkeypatch) -> None:
    from titlesearch.config import AppSettings
    from titlesearch.runtime import search_service_for, store_for

    monkeypatch.setenv("TITLESEARCH_ENCODER_BACKEND", "torch")
    settings = AppSettings.load(home=onnx_home)
    with store_for(settings) as store:
        service = search_service_for(settings, store)
        assert {e.backend for e in service.encoders.values()} == {"onnx-int8"}
        hits = service.search("registered nurse", model="tuned", limit=3).results["tuned"]
    assert hits and hits[0].score > 0.3


def test_reindex_refuses_to_mix_backends(onnx_home: Path, random_adapter, monkeypatch) -> None:
    monkeypatch.setenv("TITLESEARCH_HOME", str(onnx_home))
    monkeypatch.setenv("TITLESEARCH_ENCODER_BACKEND", "torch")
    before = _manifest(onnx_home).version
    result = runner.invoke(app, ["reindex", "--adapter", str(random_adapter)])
    assert result.exit_code == 2
    assert "TITLESEARCH_ENCODER_BACKEND=onnx-int8" in result.output
    assert _manifest(onnx_home).version == before


def test_unknown_backend_is_a_settings_error(monkeypatch) -> None:
    monkeypatch.setenv("TITLESEARCH_ENCODER_BACKEND", "tensorrt")
    result = runner.invoke(app, ["search", "nurse"])
    assert result.exit_code == 2 and "encoder_backend" in result.output
    assert "Traceback" not in result.output


def test_damaged_export_is_a_clear_error(onnx_home: Path, tmp_path: Path) -> None:
    source = next((onnx_home / "models" / "onnx").iterdir())
    damaged = shutil.copytree(source, tmp_path / "export")
    graph = damaged / GRAPHS["onnx-int8"]
    graph.write_bytes(graph.read_bytes()[:1000])
    with pytest.raises(ModelError, match=r"cannot be loaded.*delete that folder"):
        OnnxSentenceModel(damaged, "onnx-int8")


def test_a_failed_export_leaves_nothing_behind(tmp_path: Path) -> None:
    def broken():
        raise RuntimeError("out of memory")

    with pytest.raises(ModelError, match=r"out of memory.*TITLESEARCH_ENCODER_BACKEND=torch"):
        ensure_export(tmp_path, "a" * 64, broken, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_an_export_of_an_older_recipe_is_requantised_without_torch(onnx_home, tmp_path) -> None:
    source = next((onnx_home / "models" / "onnx").iterdir())
    old = shutil.copytree(source, tmp_path / "onnx" / source.name)
    (old / GRAPHS["onnx-int8"]).rename(old / "model.int8.onnx")  # how the first recipe named it
    meta = json.loads((old / EXPORT_META).read_text())

    def must_not_load():
        raise AssertionError("requantising needs only the float32 graph")

    assert ensure_export(old.parent, meta["fingerprint"], must_not_load) == old
    assert (old / GRAPHS["onnx-int8"]).is_file()
    assert OnnxSentenceModel(old, "onnx-int8").encode(TITLES).shape == (3, 384)


def test_a_same_named_model_of_other_vectors_is_refused_with_the_reason(onnx_home) -> None:
    from titlesearch.errors import ModelMismatchError
    from titlesearch.search.models import check_encoders

    manifest = _manifest(onnx_home)
    base = build_encoder(
        resolve_model("quick", onnx_home / "models"),
        backend="onnx-int8",
        onnx_dir=onnx_home / "models" / "onnx",
    )
    check_encoders({"base": base}, manifest)  # the index's own model passes
    manifest.vectors["base"].fingerprint = "0" * 64  # as if an older int8 recipe made them
    with pytest.raises(ModelMismatchError, match=r"both onnx-int8; same model, other weights"):
        check_encoders({"base": base}, manifest)
