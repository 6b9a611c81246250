"""2-D maps of the indexed titles: PCA (with explained variance) and t-SNE, per model.

A deterministic sample of indexed points is read with its vectors through the service's store;
each model's vectors get their own PCA (so a query can be projected into it later) and,
optionally, a t-SNE of at most ``tsne_size`` of the sampled points (t-SNE is quadratic-ish and
has no ``transform``: it maps only what it was fitted on). PCA to 50 dimensions first is the
usual speed-up for t-SNE and keeps a 500-point map at a few seconds on two CPU cores.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from titlesearch.errors import InvalidInputError
from titlesearch.search.query import clean_query
from titlesearch.taxonomy import MAJOR_GROUPS

MIN_SAMPLE = 10
TSNE_PERPLEXITY = 30.0
TSNE_ITERATIONS = 250  # scikit-learn's minimum; the layout is settled well before on titles


@dataclass(frozen=True)
class ModelMap:
    """One model's coordinates for the sampled points, and the PCA that made them."""

    model: str
    pca: object  # sklearn.decomposition.PCA, kept to project queries
    explained: tuple[float, float]  # explained variance ratio of the two components
    pca_xy: np.ndarray  # (n, 2)
    tsne_xy: np.ndarray | None  # (m, 2) for the first m points, or None


@dataclass(frozen=True)
class EmbeddingMap:
    """Sampled points (id, title, code, group) and a :class:`ModelMap` per model."""

    version: str
    points: pd.DataFrame
    models: dict[str, ModelMap]

    def frame(self, model: str, method: str = "pca") -> pd.DataFrame:
        """The points with ``x``/``y`` of ``model`` by ``method`` (``pca`` or ``tsne``)."""
        entry = self.models[model]
        xy = entry.pca_xy if method == "pca" else entry.tsne_xy
        if xy is None:
            raise InvalidInputError("this map was computed without t-SNE; enable it and recompute")
        frame = self.points.iloc[: len(xy)].copy()
        frame["x"], frame["y"] = xy[:, 0], xy[:, 1]
        return frame


def sample_points(service, size: int, *, seed: int = 0) -> list:
    """``size`` indexed points with their vectors, drawn uniformly with a fixed seed.

    Scrolling ids (payload only) and retrieving the chosen few with vectors is ~50× cheaper
    than scrolling every vector of a 57k-title index.
    """
    if size < MIN_SAMPLE:
        raise InvalidInputError(f"the sample needs at least {MIN_SAMPLE} titles, got {size}")
    ids = [p.id for batch in service.store.scroll(batch_size=5000) for p in batch]
    if not ids:
        raise InvalidInputError("the index holds no titles; run `titlesearch ingest`")
    rng = np.random.default_rng(seed)
    chosen = sorted(rng.choice(len(ids), size=min(size, len(ids)), replace=False))
    points = []
    for start in range(0, len(chosen), 1000):
        wanted = [ids[i] for i in chosen[start : start + 1000]]
        points.extend(service.store.retrieve(wanted, with_vectors=True))
    return points


def _tsne(vectors: np.ndarray, seed: int) -> np.ndarray:
    from sklearn.decomposition import PCA
    from sklearn.manifold import TSNE

    reduced = vectors
    if vectors.shape[1] > 50 and len(vectors) > 50:
        reduced = PCA(n_components=50, random_state=seed).fit_transform(vectors)
    perplexity = min(TSNE_PERPLEXITY, max(2.0, (len(vectors) - 1) / 3))
    tsne = TSNE(
        n_components=2,
        perplexity=perplexity,
        max_iter=TSNE_ITERATIONS,
        init="pca",
        learning_rate="auto",
        random_state=seed,
    )
    return tsne.fit_transform(reduced)


def build_map(
    service,
    *,
    size: int = 1000,
    tsne_size: int = 500,
    seed: int = 0,
) -> EmbeddingMap:
    """PCA of ``size`` sampled titles per model, and t-SNE of the first ``tsne_size`` (0: none).

    Raises:
        InvalidInputError: a sample under :data:`MIN_SAMPLE`, or an empty index.
    """
    from sklearn.decomposition import PCA

    points = sample_points(service, size, seed=seed)
    frame = pd.DataFrame(
        {
            "id": [p.id for p in points],
            "title": [p.payload["title"] for p in points],
            "onet_code": [p.payload["onet_code"] for p in points],
            "onet_title": [p.payload.get("onet_title", "") for p in points],
            "major_group": [p.payload["major_group"] for p in points],
        }
    )
    frame["group"] = [f"{g} {MAJOR_GROUPS.get(g, '?')}" for g in frame["major_group"]]
    # t-SNE takes a prefix of a shuffled order, so it is a uniform sample of the sample too
    order = np.random.default_rng(seed).permutation(len(frame))
    frame = frame.iloc[order].reset_index(drop=True)
    points = [points[i] for i in order]
    models = {}
    for name in service.models:
        vectors = np.array([p.vectors[name] for p in points], dtype=np.float32)
        pca = PCA(n_components=2, random_state=seed).fit(vectors)
        tsne_n = min(tsne_size, len(vectors))
        tsne_xy = _tsne(vectors[:tsne_n], seed) if tsne_n >= MIN_SAMPLE else None
        ratio = pca.explained_variance_ratio_
        models[name] = ModelMap(
            name, pca, (float(ratio[0]), float(ratio[1])), pca.transform(vectors), tsne_xy
        )
    return EmbeddingMap(service.manifest.version, frame, models)


def project_queries(service, emap: EmbeddingMap, queries: Sequence[str]) -> dict[str, np.ndarray]:
    """Each query's PCA coordinates in every model's map: ``{model: (len(queries), 2)}``."""
    texts = [clean_query(q, max_chars=service.max_query_chars).text for q in queries]
    out = {}
    for name, entry in emap.models.items():
        out[name] = entry.pca.transform(_encode(service, name, texts))
    return out


def _encode(service, model: str, texts: list[str]) -> np.ndarray:
    if model not in service.models:
        raise InvalidInputError(f"the index has no '{model}' model")
    return service.encoder(model).encode(texts)
