"""What the active index holds, as JSON: ``titlesearch info --json`` and ``GET /info`` print it.

One definition of the shape: the manifest (models, dimensions, corpus, creation time), point
counts per vector and per SOC major group, and the versions the store keeps.
"""

from __future__ import annotations

from typing import Any

from titlesearch.errors import IndexMissingError
from titlesearch.store.base import TitleStore
from titlesearch.store.manifest import IndexManifest


def active_manifest(store: TitleStore) -> IndexManifest:
    """The manifest of the published version.

    Raises:
        IndexMissingError: nothing is published yet.
    """
    manifest = store.read_manifest()
    if manifest is None:
        raise IndexMissingError("no index found; build one with `titlesearch ingest`")
    return manifest


def index_info(store: TitleStore, manifest: IndexManifest) -> dict[str, Any]:
    """The info of ``manifest``'s index: the manifest, and counts read from ``store``."""
    return {
        "manifest": manifest.to_data(),
        "points": store.count(),
        "vectors": {name: store.count(has_vector=name) for name in manifest.vectors},
        "major_groups": dict(sorted(store.facet("major_group").items())),
        "sources": dict(sorted(store.facet("source").items())),  # user: your own and reviewed
        "versions": store.versions(),
    }
