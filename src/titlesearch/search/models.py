"""The encoders an index version needs: loaded from its manifest and checked against it.

A search must encode its query with exactly the model that made the stored vectors; the
manifest names it (weights sha256, adapter). :func:`load_encoders` loads those models (or the
ones a user asks for, if they match) and :func:`check_encoders` refuses any that do not.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path

from titlesearch.encoders import (
    AdapterInfo,
    EmbeddingCache,
    Encoder,
    ResolvedModel,
    build_encoder,
    read_adapter,
    resolve_model,
)
from titlesearch.encoders.backends import query_backend
from titlesearch.errors import ModelError, ModelMismatchError
from titlesearch.store.manifest import IndexManifest, VectorRecord
from titlesearch.store.vectors import BASE, TUNED


def check_encoders(encoders: Mapping[str, Encoder], manifest: IndexManifest) -> None:
    """Refuse encoders whose fingerprint is not the one recorded for their vector.

    Raises:
        ModelMismatchError: naming the indexed model and the fix.
    """
    for name, encoder in encoders.items():
        entry = manifest.vectors.get(name)
        if entry is None:
            raise ModelMismatchError(
                f"the index has no '{name}' vectors; run `titlesearch reindex --adapter DIR`"
            )
        if entry.fingerprint != encoder.fingerprint:
            made = f"{entry.name}{' + adapter ' + entry.adapter.run_id if entry.adapter else ''}"
            run = encoder.adapter.run_id if encoder.adapter else None
            alike = entry.name == encoder.base.name and run == (
                entry.adapter.run_id if entry.adapter else None
            )
            backends = (
                f"both {entry.backend}"
                if entry.backend == encoder.backend
                else f"{entry.backend} vs {encoder.backend}"
            )
            raise ModelMismatchError(
                f"the index's '{name}' vectors were made by {made} but the query model is "
                f"{encoder.name} (backends: {backends}"
                + ("; same model, other weights or int8 recipe" if alike else "")
                + "); re-ingest with this model (`titlesearch ingest`) or pass the adapter the "
                "index was built with (--adapter)"
            )


@dataclass(frozen=True)
class ModelLoader:
    """How to load the encoders of any version: where models live, which ones, on what device.

    Args:
        models_dir: Where resolved models are unpacked (``HomeSettings.models_dir``).
        cache: Embedding cache for the encoders (None for one-off queries).
        requested_base: A base model asked for by name or path instead of the manifest's.
        adapter: A LoRA adapter asked for instead of the one the manifest records.
        device: Torch device, None for automatic.
        batch_size: Texts per encoder batch (``TITLESEARCH_BATCH_SIZE``).
        only: Load just these vectors' models (None: every vector the index holds), so a
            base search works while the tuned adapter is missing.
        backend: The encoder backend wanted (``TITLESEARCH_ENCODER_BACKEND``); each vector is
            queried with it when its vectors are interchangeable with the indexed ones
            (torch and onnx), else with the backend the manifest records.
        onnx_dir: Where ONNX exports live.
    """

    models_dir: Path
    cache: EmbeddingCache | None = None
    requested_base: str | None = None
    adapter: Path | None = None
    device: str | None = None
    only: Collection[str] | None = None
    backend: str | None = None
    onnx_dir: Path | None = None
    batch_size: int = 128

    def _build(
        self, model: ResolvedModel, indexed: VectorRecord, adapter: AdapterInfo | None = None
    ) -> Encoder:
        """The encoder of ``model`` (+ ``adapter``) for the vectors ``indexed`` records."""
        return build_encoder(
            model,
            adapter=adapter,
            cache=self.cache,
            device=self.device,
            backend=query_backend(indexed.backend, self.backend),
            onnx_dir=self.onnx_dir,
            batch_size=self.batch_size,
        )

    def load(
        self, manifest: IndexManifest, reuse: Mapping[str, Encoder] | None = None
    ) -> dict[str, Encoder]:
        """The encoders ``manifest`` needs; those in ``reuse`` with the right fingerprint are
        kept as they are (a reindex usually changes only the tuned model).

        Raises:
            ModelMismatchError: a requested model or adapter is not the indexed one, or the
                adapter the index needs is gone or damaged.
        """
        reuse = reuse or {}
        encoders: dict[str, Encoder] = {}
        base = reuse.get(BASE)
        if base is None or base.fingerprint != manifest.vectors[BASE].fingerprint:
            model = resolve_model(
                self.requested_base or manifest.vectors[BASE].name, self.models_dir
            )
            base = self._build(model, manifest.vectors[BASE])
        encoders[BASE] = base
        entry = manifest.vectors.get(TUNED)
        recorded = entry.adapter if entry else None
        adapter_dir = self.adapter or (Path(recorded.path) if recorded else None)
        if adapter_dir is not None and (self.only is None or TUNED in self.only):
            tuned = reuse.get(TUNED)
            if tuned is None or entry is None or tuned.fingerprint != entry.fingerprint:
                try:
                    info = read_adapter(adapter_dir)
                except ModelError as exc:
                    raise ModelMismatchError(
                        f"the index's tuned vectors need adapter {adapter_dir}, which is gone or "
                        f"damaged ({exc}); pass --adapter DIR or run `titlesearch reindex`"
                    ) from None
                tuned = self._build(base.base, entry or manifest.vectors[BASE], info)
            encoders[TUNED] = tuned
        check_encoders(encoders, manifest)
        return encoders
