"""Encoder backends side by side: titles/s, ms per single query, and accuracy on both dev sets.

For each backend (torch, onnx, onnx-int8) of the base model: batched encoding of real vacancy
titles (no cache), the median latency of one-title queries, and the cosine of its vectors to
torch's. With accuracy on (the default), each backend's vectors of the whole corpus, base and
tuned (the adapter of the home's active index), go into a temporary embedded index through
the ingest path (the home's embedding cache makes repeats cheap), and `titlesearch eval`'s
own function scores both dev sets on it: acc@1 and major group @1. Backends that make the
same vectors (torch, onnx: one fingerprint) share one index; each is queried with its own
encoder. The default backend is the fastest one within 0.5 points of torch on both sets.

Usage: python benchmarks/bench_encode.py [--home DIR] [--rows 3000] [--no-accuracy]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from titlesearch.config import AppSettings
from titlesearch.encoders import Encoder, build_encoder, read_adapter, resolve_model
from titlesearch.encoders.backends import BACKENDS, backend_fingerprint
from titlesearch.errors import IndexMissingError
from titlesearch.evaluate.run import evaluate, load_labelled
from titlesearch.ingest.build import build_index
from titlesearch.ingest.corpus import build_corpus, record_id
from titlesearch.runtime import base_model_name, embedding_cache, onnx_dir, store_for
from titlesearch.search.service import SearchService
from titlesearch.store.edge import EdgeStore
from titlesearch.taxonomy import load_taxonomy

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
DATASETS = ("in_the_wild_dev.csv", "real_vacancy_dev.csv")


def speed(encoder: Encoder, titles: list[str], batch_size: int) -> tuple[float, float]:
    """Titles/s batched and median ms of a one-title encode (warm, no cache)."""
    encoder.model.encode(titles[:batch_size], batch_size=batch_size)  # warm-up
    started = time.perf_counter()
    encoder.model.encode(titles, batch_size=batch_size, normalize_embeddings=True)
    rate = len(titles) / (time.perf_counter() - started)
    single = []
    for title in titles[:200]:
        started = time.perf_counter()
        encoder.model.encode([title], batch_size=1, normalize_embeddings=True)
        single.append((time.perf_counter() - started) * 1000)
    return rate, statistics.median(single)


def accuracy(
    settings: AppSettings, encoders: dict[str, Encoder], dev: Path, corpus: list, rows: int | None
) -> dict:
    """acc@1 and group@1 per (dataset, model) on a temporary index of these encoders."""
    base, tuned = encoders["base"], encoders.get("tuned")
    with tempfile.TemporaryDirectory() as tmp, EdgeStore(Path(tmp), "job_titles") as store:
        build_index(store, corpus, base, tuned, progress=True)
        service = SearchService(
            store,
            base,
            tuned,
            store.read_manifest(),
            abstain_below=settings.search.abstain_below,
            expand=settings.search.expand,
        )
        out = {}
        for name in DATASETS:
            titles, gold = load_labelled(dev / name, limit=rows)
            report = evaluate(service, titles, gold, dataset=name, systems=list(encoders))
            for model, m in report.systems.items():
                out[(name, model)] = (m.acc_at_1, m.group_acc_at_1)
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="default TITLESEARCH_HOME")
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--dev", type=Path, default=DEV, help="folder of the two dev sets")
    parser.add_argument("--no-accuracy", dest="accuracy", action="store_false")
    parser.add_argument("--corpus", type=int, default=None, help="index N titles (smoke runs)")
    parser.add_argument("--dev-rows", type=int, default=None, help="first N rows of each set")
    args = parser.parse_args()

    settings = AppSettings.load(home=args.home)
    titles, _ = load_labelled(args.dev / DATASETS[1])
    titles = list(dict.fromkeys(titles))[: args.rows]
    model = resolve_model(base_model_name(settings), settings.home.models_dir)
    adapter = None
    try:
        with store_for(settings) as store:
            manifest = store.read_manifest()
    except IndexMissingError:
        manifest = None  # base model only
    if manifest is not None and "tuned" in manifest.vectors:
        adapter = read_adapter(Path(manifest.vectors["tuned"].adapter.path))
    corpus = build_corpus(load_taxonomy())
    if args.corpus:
        corpus = sorted(corpus, key=record_id)[: args.corpus]
    cache = embedding_cache(settings)
    rows, vectors, scores = {}, {}, {}
    for backend in BACKENDS:
        options = dict(backend=backend, onnx_dir=onnx_dir(settings), cache=cache, progress=True)
        encoders = {"base": build_encoder(model, batch_size=args.batch_size, **options)}
        if adapter is not None:
            encoders["tuned"] = build_encoder(model, adapter=adapter, **options)
        rows[backend] = speed(encoders["base"], titles, args.batch_size)
        vectors[backend] = encoders["base"].model.encode(titles[:1000])
        if args.accuracy:
            scores[backend] = accuracy(settings, encoders, args.dev, corpus, args.dev_rows)
    cache.close()

    torch_rate = rows["torch"][0]
    print(f"\nencoders on {len(titles)} real titles, {model.name} (base), batch {args.batch_size}")
    print(f"{'backend':10s} {'titles/s':>9s} {'x torch':>8s} {'1 query':>9s} {'cos vs torch':>13s}")
    for backend, (rate, single) in rows.items():
        cos = (vectors[backend] * vectors["torch"]).sum(axis=1)
        print(
            f"{backend:10s} {rate:9.0f} {rate / torch_rate:7.2f}x {single:7.2f}ms "
            f"{np.mean(cos):6.4f} (min {np.min(cos):.4f})  fingerprint "
            f"{backend_fingerprint(model.sha256, backend)[:8]}"
        )
    if not scores:
        return
    print("\naccuracy (acc@1 / major group @1) through the eval path, per backend")
    for (dataset, name), _ in scores["torch"].items():
        cells = []
        for backend in BACKENDS:
            acc, group = scores[backend][(dataset, name)]
            delta = (acc - scores["torch"][(dataset, name)][0]) * 100
            cells.append(f"{backend} {acc:.3f}/{group:.3f} ({delta:+.1f} pt)")
        print(f"  {dataset:22s} {name:5s}  " + "   ".join(cells))


if __name__ == "__main__":
    main()
