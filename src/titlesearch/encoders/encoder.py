"""Base and tuned encoders: a SentenceTransformer, its fingerprint, and cached batch encoding.

The tuned encoder is the base model with a LoRA adapter (peft) merged in for inference.
A fingerprint identifies exactly which weights produced a vector: the base weights' sha256,
plus the adapter's weights hash for tuned models. The index manifest records both.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from titlesearch.encoders.backends import BACKENDS, backend_fingerprint
from titlesearch.encoders.cache import EmbeddingCache
from titlesearch.encoders.resolve import ResolvedModel, file_sha256
from titlesearch.errors import ModelError
from titlesearch.progress import shown

ADAPTER_META = "titlesearch_adapter.json"


@dataclass(frozen=True)
class AdapterInfo:
    """A saved LoRA adapter: its directory, weights hash and the run that made it."""

    path: Path
    sha256: str
    run_id: str
    base_model: str | None
    base_sha256: str | None


def read_adapter(path: Path) -> AdapterInfo:
    """Describe the peft adapter in ``path`` (``adapter_config.json`` + weights)."""
    path = Path(path).expanduser().resolve()
    weights = next(
        (
            path / n
            for n in ("adapter_model.safetensors", "adapter_model.bin")
            if (path / n).is_file()
        ),
        None,
    )
    if not (path / "adapter_config.json").is_file() or weights is None:
        raise ModelError(
            f"{path} is not a LoRA adapter directory (needs adapter_config.json and "
            "adapter_model.safetensors); pass the `adapter` folder of a `titlesearch train` run"
        )
    meta: dict[str, Any] = {}
    if (path / ADAPTER_META).is_file():
        try:
            meta = json.loads((path / ADAPTER_META).read_text(encoding="utf-8"))
        except ValueError:  # truncated, garbled or not UTF-8
            meta = None  # type: ignore[assignment]
        if not isinstance(meta, dict):
            raise ModelError(
                f"{path / ADAPTER_META} is damaged (not a JSON object); restore it from the "
                "training run or retrain (`titlesearch train`)"
            )
    return AdapterInfo(
        path=path,
        sha256=file_sha256(weights),
        run_id=str(meta.get("run_id", path.parent.name)),
        base_model=meta.get("base_model"),
        base_sha256=meta.get("base_sha256"),
    )


def pick_device(requested: str | None) -> str:
    """``requested`` if this machine has it, else CUDA when present, else CPU.

    Raises:
        ModelError: the requested accelerator is not on this machine (a later model load
            would otherwise fail deep in torch, or hang probing for it).
    """
    import torch

    if not requested:
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested.startswith("cuda") and not torch.cuda.is_available():
        raise ModelError(
            f"TITLESEARCH_DEVICE={requested} but this machine has no CUDA GPU (or torch is the "
            "CPU build); unset TITLESEARCH_DEVICE or set it to cpu"
        )
    if requested == "mps" and not torch.backends.mps.is_available():
        raise ModelError(
            "TITLESEARCH_DEVICE=mps but Apple's Metal backend is not available here; unset "
            "TITLESEARCH_DEVICE or set it to cpu"
        )
    return requested


@dataclass
class Encoder:
    """A loaded model that turns texts into unit-length float32 vectors, with a cache.

    ``model`` is a SentenceTransformer (backend ``torch``) or an
    :class:`~titlesearch.encoders.onnx_model.OnnxSentenceModel` (``onnx``, ``onnx-int8``);
    ``fingerprint`` names the vectors it makes (weights, adapter, and a quantised backend).
    """

    model: Any
    name: str
    fingerprint: str
    base: ResolvedModel
    adapter: AdapterInfo | None = None
    cache: EmbeddingCache | None = None
    batch_size: int = 128
    backend: str = "torch"
    stats: dict[str, int] = field(default_factory=lambda: {"encoded": 0, "cached": 0})
    # One forward pass at a time: a fast tokenizer is not guaranteed thread-safe (it raises
    # "Already borrowed" when its settings change under a running call), and concurrent passes
    # on the same cores only compete. Threads of an API server or UI share one encoder.
    _lock: threading.Lock = field(
        default_factory=threading.Lock, init=False, repr=False, compare=False
    )

    @property
    def dims(self) -> int:
        getter = getattr(self.model, "get_embedding_dimension", None) or (
            self.model.get_sentence_embedding_dimension
        )
        return int(getter())

    def encode(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        """Encode ``texts`` (normalized), reading and filling the cache when one is attached."""
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        cached = self.cache.get_many(self.fingerprint, texts) if self.cache else {}
        missing = list(dict.fromkeys(t for t in texts if t not in cached))
        if missing:
            fresh = self._encode_raw(missing, progress=progress)
            if self.cache:
                self.cache.put_many(self.fingerprint, missing, fresh)
            cached.update(zip(missing, fresh, strict=True))
        with self._lock:
            self.stats["encoded"] += len(missing)
            self.stats["cached"] += len(texts) - len(missing)
        return np.stack([cached[t] for t in texts]).astype(np.float32, copy=False)

    def _encode_raw(self, texts: list[str], *, progress: bool) -> np.ndarray:
        with self._lock:
            vectors = self.model.encode(
                texts,
                batch_size=self.batch_size,
                normalize_embeddings=True,
                convert_to_numpy=True,
                show_progress_bar=shown(progress),
            )
        return np.asarray(vectors, dtype=np.float32)


def load_sentence_transformer(base: ResolvedModel, device: str | None = None) -> Any:
    """Load a verified model directory with sentence-transformers, offline."""
    try:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(
            str(base.path), device=pick_device(device), local_files_only=True
        )
    except OSError as exc:
        raise ModelError(f"cannot load model from {base.path}: {exc}") from exc


def merge_adapter(model: Any, adapter: AdapterInfo) -> Any:
    """Merge a peft LoRA adapter into the transformer of ``model`` (in place) and return it."""
    from peft import PeftModel

    transformer = model[0]
    try:
        peft_model = PeftModel.from_pretrained(transformer.auto_model, str(adapter.path))
    except Exception as exc:  # peft/safetensors raise many types for damaged files
        raise ModelError(
            f"the LoRA adapter in {adapter.path} cannot be loaded ({type(exc).__name__}: "
            f"{str(exc)[:160]}); its files are damaged: restore them or retrain "
            "(`titlesearch train`)"
        ) from None
    transformer.auto_model = peft_model.merge_and_unload()
    return model


def tuned_fingerprint(base: ResolvedModel, adapter: AdapterInfo) -> str:
    return hashlib.sha256(f"{base.sha256}+{adapter.sha256}".encode()).hexdigest()


def build_encoder(
    base: ResolvedModel,
    *,
    adapter: AdapterInfo | None = None,
    cache: EmbeddingCache | None = None,
    device: str | None = None,
    batch_size: int = 128,
    backend: str = "torch",
    onnx_dir: Path | None = None,
    progress: bool = False,
) -> Encoder:
    """The base encoder, or the tuned one when ``adapter`` is given, run by ``backend``.

    Args:
        onnx_dir: Where ONNX exports live (``HomeSettings.models_dir / "onnx"``); needed by
            the ONNX backends, which export the model there the first time (with torch).
        progress: Show a bar while a model is exported.

    Raises:
        ModelError: the adapter was trained on another base model, or the backend is unknown.
    """
    if adapter is not None and adapter.base_sha256 and adapter.base_sha256 != base.sha256:
        raise ModelError(
            f"adapter {adapter.path} was trained on {adapter.base_model} "
            f"(sha {adapter.base_sha256[:12]}…), not on {base.name} (sha {base.sha256[:12]}…); "
            "use the matching --profile or retrain"
        )
    if backend not in BACKENDS:
        raise ModelError(f"encoder backend {backend!r} is not one of {', '.join(BACKENDS)}")
    weights = base.sha256 if adapter is None else tuned_fingerprint(base, adapter)
    name = base.name if adapter is None else f"{base.name}+lora:{adapter.run_id}"

    def torch_model() -> Any:
        model = load_sentence_transformer(base, device if backend == "torch" else "cpu")
        return model if adapter is None else merge_adapter(model, adapter)

    if backend == "torch":
        model = torch_model()
    else:
        from titlesearch.encoders.onnx_export import ensure_export
        from titlesearch.encoders.onnx_model import OnnxSentenceModel

        if onnx_dir is None:
            raise ModelError(f"the {backend} backend needs a folder for its ONNX export")
        folder = ensure_export(onnx_dir, weights, torch_model, progress=progress)
        model = OnnxSentenceModel(folder, backend)
    fingerprint = backend_fingerprint(weights, backend)
    return Encoder(model, name, fingerprint, base, adapter, cache, batch_size, backend)
