"""Benchmark the index engines on the O*NET corpus: write, build, reopen, query latency.

Compares, in one run and on the same points and queries:

* ``edge``        - EdgeStore (Qdrant Edge in-process), queried with HNSW after ``publish``;
* ``edge-exact``  - the same shard with ``exact=True`` (brute force), for reference;
* ``local-disk``  - qdrant-client's local mode on disk, ``QdrantClient(path=...)`` used directly;
* ``memory``      - ServerStore(":memory:"), qdrant-client's local mode in memory.

Payloads and ids are the real ones (``load_taxonomy().corpus()`` through ``to_point``). Vectors
are seeded and synthetic: by default *clustered* like real title embeddings (a direction per
major group and per occupation plus per-title noise; queries are new titles of a random
occupation); ``--vectors uniform`` draws plain random unit vectors, which have no structure and
are the worst case for HNSW recall. Local mode answers in 100+ ms, so it gets fewer queries
(``--local-queries``). A script that prints figures, not a test:

    python benchmarks/bench_store.py --points 5000
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from tqdm.auto import tqdm

from titlesearch.ingest.corpus import to_point
from titlesearch.store.base import PointRecord, QueryParams, TitleFilter, TitleStore
from titlesearch.store.edge import EdgeStore
from titlesearch.store.server import ServerStore
from titlesearch.taxonomy import load_taxonomy

KINDS = ("unfiltered", "onet_code", "major_group")


class VectorModel:
    """Seeded synthetic embeddings: clustered by major group and occupation, or uniform."""

    def __init__(self, dim: int, seed: int, clustered: bool) -> None:
        self.dim, self.clustered = dim, clustered
        self.rng = np.random.default_rng(seed)
        self.groups: dict[str, np.ndarray] = {}
        self.codes: dict[str, np.ndarray] = {}

    def _direction(self, table: dict[str, np.ndarray], key: str) -> np.ndarray:
        if key not in table:
            table[key] = unit_vectors(self.rng, 1, self.dim)[0]
        return table[key]

    def encode(self, codes: Sequence[str], noise: float) -> np.ndarray:
        """One unit vector per code: 0.5 group + 0.7 occupation + ``noise`` random direction."""
        spread = unit_vectors(self.rng, len(codes), self.dim)
        if not self.clustered:
            return spread
        centre = np.stack(
            [
                0.5 * self._direction(self.groups, c[:2]) + 0.7 * self._direction(self.codes, c)
                for c in codes
            ]
        )
        x = centre + noise * spread
        return x / np.linalg.norm(x, axis=1, keepdims=True)


def make_points(n: int, model: VectorModel) -> list[PointRecord]:
    """``n`` corpus titles spread over the whole corpus, with ``base`` and ``tuned`` vectors."""
    corpus = load_taxonomy().corpus()
    picked = [corpus[i] for i in np.linspace(0, len(corpus) - 1, min(n, len(corpus))).astype(int)]
    codes = [r.onet_code for r in picked]
    base, tuned = model.encode(codes, noise=0.6), model.encode(codes, noise=0.4)
    return [to_point(r, {"base": base[i], "tuned": tuned[i]}) for i, r in enumerate(picked)]


def unit_vectors(rng: np.random.Generator, n: int, dim: int) -> np.ndarray:
    x = rng.normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def filters_for(points: Sequence[PointRecord], n: int, seed: int) -> dict[str, list[Any]]:
    """Per kind, ``n`` filters on values that exist (a random point's code or group)."""
    rng = np.random.default_rng(seed)
    chosen = [points[i].payload for i in rng.integers(0, len(points), n)]
    return {
        "unfiltered": [None] * n,
        "onet_code": [TitleFilter(onet_code=p["onet_code"]) for p in chosen],
        "major_group": [TitleFilter(major_group=p["major_group"]) for p in chosen],
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def latencies(search: Callable[[list[float], Any], list[str]], queries, filters) -> dict:
    """p50/p95 in ms of one single-vector call per query, for each filter kind; and the ids."""
    out: dict[str, Any] = {}
    for kind in KINDS:
        times, ids = [], []
        for query, title_filter in zip(queries, filters[kind], strict=False):
            seconds, hits = timed(lambda q=query, f=title_filter: search(q, f))
            times.append(seconds * 1000)
            ids.append(hits)
        cut = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
        out[kind] = {"p50": statistics.median(times), "p95": cut[18], "ids": ids}
    return out


def upsert_all(write: Callable[[list[PointRecord]], None], points, batch: int, name: str) -> float:
    started = time.perf_counter()
    with tqdm(total=len(points), desc=f"upsert {name}", unit="pt") as bar:
        for start in range(0, len(points), batch):
            write(points[start : start + batch])
            bar.update(min(batch, len(points) - start))
    return time.perf_counter() - started


def store_search(store: TitleStore, params: QueryParams) -> Callable:
    def search(query: list[float], title_filter: TitleFilter | None) -> list[str]:
        hits = store.search("base", [query], title_filter=title_filter, limit=10, params=params)
        return [h.id for h in hits[0]]

    return search


def bench_edge(points, queries, filters, args, root: Path) -> dict[str, dict]:
    dims = {"base": args.dim, "tuned": args.dim}
    store = EdgeStore(root / "edge")
    store.create_version("bench", dims)
    upsert = upsert_all(lambda b: store.upsert("bench", b), points, args.batch, "edge")
    publish, _ = timed(lambda: store.publish("bench"))
    store.close()
    reopen, _ = timed(lambda: EdgeStore(root / "edge").count())  # load + first read
    store = EdgeStore(root / "edge")
    runs = {
        "edge": QueryParams(),
        f"edge-ef{args.hnsw_ef}": QueryParams(hnsw_ef=args.hnsw_ef),
        "edge-exact": QueryParams(exact=True),
    }
    base = {"upsert_s": upsert, "publish_s": publish, "reopen_s": reopen}
    out = {
        name: {**base, **latencies(store_search(store, p), queries, filters)}
        for name, p in runs.items()
    }
    store.close()
    return out


def bench_local_disk(points, queries, filters, args, root: Path) -> dict:
    from qdrant_client import QdrantClient, models

    path = root / "local"
    client = QdrantClient(path=str(path))
    params = models.VectorParams(size=args.dim, distance=models.Distance.COSINE)
    client.create_collection("bench", vectors_config={"base": params, "tuned": params})

    def write(batch: list[PointRecord]) -> None:
        structs = [models.PointStruct(id=p.id, vector=p.vectors, payload=p.payload) for p in batch]
        client.upsert("bench", structs)

    upsert = upsert_all(write, [_as_lists(p) for p in points], args.batch, "local-disk")
    client.close()
    reopen, client = timed(lambda: QdrantClient(path=str(path)))

    def search(query: list[float], title_filter: TitleFilter | None) -> list[str]:
        must = [
            models.FieldCondition(key=k, match=models.MatchValue(value=v))
            for k, v in (title_filter.conditions() if title_filter else {}).items()
        ]
        flt = models.Filter(must=must) if must else None
        res = client.query_points("bench", query=query, using="base", query_filter=flt, limit=10)
        return [str(p.id) for p in res.points]

    n = args.local_queries
    result = latencies(search, queries[:n], {k: v[:n] for k, v in filters.items()})
    client.close()
    return {"local-disk": {"upsert_s": upsert, "publish_s": 0.0, "reopen_s": reopen, **result}}


def bench_memory(points, queries, filters, args) -> dict:
    store = ServerStore(":memory:")
    store.create_version("bench", {"base": args.dim, "tuned": args.dim})
    upsert = upsert_all(lambda b: store.upsert("bench", b), points, args.batch, "memory")
    publish, _ = timed(lambda: store.publish("bench"))
    n = args.local_queries
    result = latencies(
        store_search(store, QueryParams()), queries[:n], {k: v[:n] for k, v in filters.items()}
    )
    store.close()
    return {
        "memory": {"upsert_s": upsert, "publish_s": publish, "reopen_s": float("nan"), **result}
    }


def _as_lists(point: PointRecord) -> PointRecord:
    vectors = {k: v.tolist() if hasattr(v, "tolist") else v for k, v in point.vectors.items()}
    return PointRecord(point.id, point.payload, vectors)


def recall(approx: list[list[str]], exact: list[list[str]]) -> float:
    pairs = list(zip(approx, exact, strict=False))
    return sum(len(set(a) & set(e)) / max(1, len(e)) for a, e in pairs) / max(1, len(pairs))


def report(results: dict[str, dict], args, n_points: int) -> None:
    print(f"\n{n_points} points, 2 named vectors x {args.dim}-d, batches of {args.batch}")
    print(
        f"{args.vectors} vectors; queries per kind: {args.queries} on edge, "
        f"{args.local_queries} on local-disk and memory (local mode is slow)"
    )
    head = f"{'engine':<11} {'upsert s':>9} {'publish s':>9} {'reopen s':>8}"
    for kind in KINDS:
        head += f" {kind + ' p50':>16} {'p95':>8}"
    print(head)
    edge = results["edge"]
    for name, r in results.items():
        line = f"{name:<11} {r['upsert_s']:>9.1f} {r['publish_s']:>9.1f} {r['reopen_s']:>8.2f}"
        for kind in KINDS:
            line += f" {r[kind]['p50']:>13.2f} ms {r[kind]['p95']:>8.2f}"
        print(line)
    print("\nratio to edge (p50 latency; upsert time)")
    for name, r in results.items():
        if name == "edge":
            continue
        ratios = "  ".join(f"{k} x{r[k]['p50'] / edge[k]['p50']:.1f}" for k in KINDS)
        print(f"{name:<11} {ratios}  upsert x{r['upsert_s'] / edge['upsert_s']:.1f}")
    exact = results["edge-exact"]
    print(f"\nrecall@10 against edge-exact ({args.vectors} vectors)")
    for name, r in results.items():
        if name != "edge-exact":
            n = len(r["unfiltered"]["ids"])
            found = "  ".join(f"{k} {recall(r[k]['ids'], exact[k]['ids'][:n]):.3f}" for k in KINDS)
            print(f"{name:<11} {found}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--points", type=int, default=57_508, help="corpus titles to index")
    parser.add_argument("--dim", type=int, default=384, help="size of each named vector")
    parser.add_argument("--queries", type=int, default=200, help="queries per kind on Edge")
    parser.add_argument("--local-queries", type=int, default=30, help="queries on local mode")
    parser.add_argument("--batch", type=int, default=1024, help="points per upsert")
    parser.add_argument("--skip", nargs="*", default=[], choices=["local-disk", "memory"])
    parser.add_argument("--vectors", choices=["clustered", "uniform"], default="clustered")
    parser.add_argument("--hnsw-ef", type=int, default=128, help="ef of the edge-ef row")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    model = VectorModel(args.dim, args.seed, clustered=args.vectors == "clustered")
    points = make_points(args.points, model)
    filters = filters_for(points, args.queries, args.seed + 2)
    # A query is a new title of a random occupation: near its cluster, not a stored point.
    picks = np.random.default_rng(args.seed + 1).integers(0, len(points), args.queries)
    queries = model.encode([points[i].payload["onet_code"] for i in picks], noise=0.8).tolist()
    root = Path(tempfile.mkdtemp(prefix="bench_store_"))
    try:
        results = bench_edge(points, queries, filters, args, root)
        if "local-disk" not in args.skip:
            results |= bench_local_disk(points, queries, filters, args, root)
        if "memory" not in args.skip:
            results |= bench_memory(points, queries, filters, args)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    report(results, args, len(points))


if __name__ == "__main__":
    main()
