"""The data every congruence test stores and queries, and how to build each engine.

Deterministic points over a few real O*NET codes (every fifth one base-only), unit query
vectors, a manifest, and :func:`make_store` for each engine. The integration suite loads this
module too, to run the same data against a real Qdrant server.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from titlesearch.store.base import PointRecord, QueryParams, TitleStore, point_id
from titlesearch.store.edge import EdgeStore
from titlesearch.store.lexical import lexical_documents
from titlesearch.store.manifest import IndexManifest
from titlesearch.store.server import ServerStore
from titlesearch.store.vectors import BASE, LEXICAL, TUNED

DIM = 16
N_POINTS = 500
DIMS = {BASE: DIM, TUNED: DIM}
EXACT = QueryParams(exact=True)
CODES = [
    ("15-1252.00", "Software Developers"),
    ("15-1251.00", "Computer Programmers"),
    ("15-1211.00", "Computer Systems Analysts"),
    ("29-1141.00", "Registered Nurses"),
    ("29-1228.00", "Physicians, All Other"),
    ("11-1021.00", "General and Operations Managers"),
    ("43-4051.00", "Customer Service Representatives"),
    ("53-3032.00", "Heavy and Tractor-Trailer Truck Drivers"),
    ("41-2031.00", "Retail Salespersons"),
]
ENGINES = ["edge", "memory"]
WORDS = [
    "night",
    "senior",
    "remote",
    "barista",
    "welder",
    "lead",
    "junior",
    "weekend",
    "clinic",
    "harbour",
    "apprentice",
]


def unit(rng: np.random.Generator, n: int) -> np.ndarray:
    x = rng.normal(size=(n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def make_points(n: int = N_POINTS, seed: int = 7, build: str = "v1") -> list[PointRecord]:
    """Deterministic points; every fifth one has no ``tuned`` vector (a base-only title).
    Every point has its ``lexical`` vector; a title is its occupation plus two words of
    :data:`WORDS`, so some words are rare and some common (the IDF has something to weigh)."""
    rng = np.random.default_rng(seed)
    base, tuned = unit(rng, n), unit(rng, n)
    points = []
    titles = [
        f"{CODES[i % len(CODES)][1]} {WORDS[i % len(WORDS)]} {WORDS[(i * i) % 97 % len(WORDS)]} {i}"
        for i in range(n)
    ]
    lexical = lexical_documents(titles)
    for i in range(n):
        code, occupation = CODES[i % len(CODES)]
        title = titles[i]
        vectors = {BASE: base[i].tolist(), LEXICAL: lexical[i]}
        if i % 5:
            vectors[TUNED] = tuned[i].tolist()
        payload = {
            "title": title,
            "onet_code": code,
            "onet_title": occupation,
            "soc_code": code[:7],
            "major_group": code[:2],
            "source": "onet_alternate" if i % 7 else "onet_occupation",
            "build": build,
        }
        points.append(PointRecord(point_id(code, title.casefold()), payload, vectors))
    return points


POINTS = make_points()
QUERIES = unit(np.random.default_rng(99), 25).tolist()


def sample_manifest(version: str, status: str = "ready") -> IndexManifest:
    """A manifest for a version of these points, one model record per vector."""
    record = {"name": "m", "sha256": "ab" * 32, "fingerprint": "cd" * 32, "dims": DIM}
    return IndexManifest.model_validate(
        {
            "collection": "job_titles",
            "version": version,
            "vectors": {name: record for name in DIMS},
            "corpus": {"hash": "ef" * 8, "points": N_POINTS},
            "created_at": "2026-01-01T00:00:00+00:00",
            "status": status,
        }
    )


def make_store(engine: str, tmp_path: Path, **edge_options: int) -> TitleStore:
    if engine == "edge":
        return EdgeStore(tmp_path / "index", "job_titles", **edge_options)
    return ServerStore(":memory:", collection="job_titles")


def fill(store: TitleStore, version: str, points: list[PointRecord], publish: bool = True) -> None:
    store.create_version(version, DIMS)
    for start in range(0, len(points), 128):
        store.upsert(version, points[start : start + 128])
    if publish:
        store.publish(version)
