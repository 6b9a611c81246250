"""Rebuild the index with a new tuned adapter: base vectors are reused, tuned ones re-encoded.

The corpus (user rows included) and the ``base`` vectors are read back from the active
version, so nothing but the ``tuned`` vectors is computed; the result is a new version,
published atomically like any build.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from tqdm.auto import tqdm

from titlesearch.encoders import Encoder
from titlesearch.errors import IndexMissingError, ModelMismatchError
from titlesearch.ingest.build import IngestSummary, build_index
from titlesearch.ingest.corpus import RESERVED, record_id
from titlesearch.progress import shown
from titlesearch.store.base import TitleStore
from titlesearch.store.vectors import BASE
from titlesearch.taxonomy import TitleRecord


def record_from_payload(payload: dict) -> TitleRecord:
    extra = tuple((k, str(v)) for k, v in payload.items() if k not in RESERVED)
    return TitleRecord(
        payload["title"], payload["onet_code"], payload["onet_title"], payload["source"], extra
    )


def reindex(
    store: TitleStore, base: Encoder, tuned: Encoder, *, progress: bool = True
) -> IngestSummary:
    """Build and publish a new version holding the active corpus with ``tuned`` vectors."""
    manifest = store.read_manifest()
    if manifest is None:
        raise IndexMissingError("no index to reindex yet; run `titlesearch ingest` first")
    recorded = manifest.vectors[BASE]
    if recorded.sha256 != base.base.sha256:
        raise ModelMismatchError(
            f"the index was built with {recorded.name} but the base model given is "
            f"{base.base.name}; reindex with --profile matching the index, or run a full ingest"
        )
    if recorded.fingerprint != base.fingerprint:
        raise ModelMismatchError(
            f"the index's base vectors were made with the {recorded.backend} encoder backend, "
            f"not {base.backend}; reindex with TITLESEARCH_ENCODER_BACKEND={recorded.backend}, "
            "or run a full ingest to change backend"
        )
    records, stored = read_active(store, [BASE], progress=progress)
    return build_index(store, records, base, tuned, progress=progress, stored=stored)


def read_active(
    store: TitleStore,
    names: Sequence[str],
    *,
    progress: bool = True,
    tick: Callable[[int, int], None] | None = None,
) -> tuple[list[TitleRecord], dict[str, dict[str, np.ndarray]]]:
    """The active version's records (in id order) and its ``names`` vectors by point id;
    ``tick(read, total)`` after each page."""
    stored: dict[str, dict[str, np.ndarray]] = {name: {} for name in names}
    records: list[TitleRecord] = []
    total = store.count()
    with tqdm(total=total, desc="read index", unit="title", disable=not shown(progress)) as bar:
        for batch in store.scroll(with_vectors=True):
            for point in batch:
                records.append(record_from_payload(point.payload))
                for name in names:
                    stored[name][point.id] = np.asarray(point.vectors[name], dtype=np.float32)
            bar.update(len(batch))
            if tick is not None:
                tick(len(records), total)
    records.sort(key=record_id)
    return records, stored
