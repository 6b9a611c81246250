"""The index manifest: what built an index version, typed, versioned, read and written here.

Each version stores one manifest (server: the collection's metadata; embedded:
``manifest.json``). It names the model of every vector (name, weights sha256, fingerprint,
size, and the LoRA adapter for ``tuned``), the corpus (hash, points), when it was made and
whether the build finished. Search loads exactly the models it names and refuses others.

The JSON form is part of the public index contract (README, "The index"): other programs read
it, so fields are only ever added. ``format`` counts incompatible changes; a manifest from a
newer titlesearch is refused with a message instead of being misread.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, computed_field

from titlesearch.errors import StoreError
from titlesearch.store.vectors import BASE

MANIFEST_FORMAT = 1
"""The manifest format this titlesearch writes and the newest it reads."""


class AdapterRecord(BaseModel):
    """The LoRA adapter merged into a vector's model (``tuned``)."""

    run_id: str
    sha256: str
    path: str


class VectorRecord(BaseModel):
    """The model behind one named vector; ``fingerprint`` covers weights and adapter."""

    name: str
    sha256: str
    fingerprint: str
    dims: int
    adapter: AdapterRecord | None = None
    backend: str = "torch"  # encoders.backends: the runtime that made the vectors


class CorpusRecord(BaseModel):
    """The titles indexed: a hash of their ids and payloads, and how many points."""

    hash: str
    points: int


class IndexManifest(BaseModel):
    """The manifest of one index version.

    Attributes:
        collection: Logical collection name (the alias on a server).
        version: The version (physical collection / shard folder) this manifest describes.
        vectors: Model record per vector name; always holds ``base``.
        lexical: How the sparse ``lexical`` vectors were made (``store.lexical.LEXICAL_MODEL``),
            or None for an index built before they existed (no hybrid search there).
        corpus: What was indexed.
        created_at: ISO time the build started, reset when it finished.
        status: ``building`` until every point is written, then ``ready``.
    """

    model_config = ConfigDict(extra="ignore")

    format: int = MANIFEST_FORMAT
    collection: str
    version: str
    vectors: dict[str, VectorRecord]
    lexical: str | None = None
    corpus: CorpusRecord
    created_at: str
    status: Literal["building", "ready"] = "building"

    @computed_field  # type: ignore[prop-decorator]
    @property
    def dims(self) -> dict[str, int]:
        """``{vector name: size}``; written out too, for programs that only need the sizes."""
        return {name: record.dims for name, record in self.vectors.items()}

    @property
    def ready(self) -> bool:
        return self.status == "ready"

    def finished(self) -> IndexManifest:
        """This manifest marked ready, stamped with the time the build finished."""
        return self.model_copy(update={"status": "ready", "created_at": now_iso()})

    def to_data(self) -> dict[str, Any]:
        """The JSON object stored with the version (adapter left out where there is none)."""
        return self.model_dump(mode="json", exclude_none=True)

    @classmethod
    def from_data(cls, data: Any, where: str = "the active index") -> IndexManifest:
        """Parse a stored manifest, or raise a StoreError that says how to repair it.

        Args:
            data: The decoded JSON object.
            where: Which version, for the message (e.g. ``"version 'v1a2b'"``).

        Raises:
            StoreError: the object is not a manifest, lacks the ``base`` model record, or was
                written by a newer titlesearch.
        """
        newer = isinstance(data, dict) and isinstance(data.get("format"), int)
        if newer and data["format"] > MANIFEST_FORMAT:
            raise StoreError(
                f"the manifest of {where} has format {data['format']}, newer than this "
                f"titlesearch reads ({MANIFEST_FORMAT}); upgrade titlesearch"
            )
        try:
            manifest = cls.model_validate(data)
        except ValidationError:
            manifest = None
        if manifest is None or BASE not in manifest.vectors:
            raise StoreError(
                f"the manifest of {where} is incomplete (it lacks the model record under "
                "'vectors'); rerun the `titlesearch ingest` that built this index to repair it"
            )
        return manifest


def now_iso() -> str:
    """The current UTC time as the manifest writes it (seconds precision)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
