"""Commands that provision models, build the index and query it: models, ingest, reindex,
search, classify, info."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from titlesearch.cli.app import app
from titlesearch.cli.common import (
    HomeOption,
    ProfileOption,
    err_console,
    guarded,
    load_settings,
    out_console,
    print_json,
)

models_app = typer.Typer(help="Provision and inspect models.", no_args_is_help=True)
app.add_typer(models_app, name="models")

AdapterOption = Annotated[
    Path | None, typer.Option("--adapter", help="LoRA adapter directory (tuned vectors).")
]


@models_app.command("pull")
@guarded
def models_pull(profile: ProfileOption = None, home: HomeOption = None) -> None:
    """Find (or unpack) the profile's model offline, verify its sha256, print where it is."""
    from titlesearch.encoders import resolve_model
    from titlesearch.runtime import base_model_name

    settings = load_settings(home, profile)
    resolved = resolve_model(base_model_name(settings), settings.home.models_dir)
    out_console.print(
        f"{resolved.name}\n  path:   {resolved.path}\n  sha256: {resolved.sha256} (verified)\n"
        f"  source: {resolved.source}"
    )


@app.command()
@guarded
def ingest(
    profile: ProfileOption = None,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Index only N titles (a spread sample).")
    ] = None,
    extra: Annotated[Path | None, typer.Option(help="A CSV of your own titles to add.")] = None,
    title_column: Annotated[str, typer.Option(help="Title column of --extra.")] = "title",
    code_column: Annotated[str | None, typer.Option(help="O*NET code column of --extra.")] = None,
    adapter: AdapterOption = None,
    batch_size: Annotated[int, typer.Option(min=1, max=8192, help="Titles per step.")] = 1024,
    home: HomeOption = None,
) -> None:
    """Build the index (base vectors, plus tuned ones with --adapter) and publish it atomically.

    Re-running changes nothing; an interrupted run resumes where it stopped.
    """
    from titlesearch.ingest.build import build_index
    from titlesearch.ingest.corpus import build_corpus, record_id, user_records
    from titlesearch.runtime import embedding_cache, encoders_for, store_for
    from titlesearch.taxonomy import load_taxonomy

    settings = load_settings(home, profile)
    taxonomy = load_taxonomy()
    extra_rows = (
        user_records(extra, taxonomy, title_column=title_column, code_column=code_column)
        if extra
        else []
    )
    records = build_corpus(taxonomy, extra_rows)
    if limit:
        records = sorted(records, key=record_id)[:limit]
    with store_for(settings) as store:
        cache = embedding_cache(settings)
        base, tuned = encoders_for(settings, adapter, cache)
        summary = build_index(store, records, base, tuned, batch_size=batch_size)
        cache.close()
    out_console.print(
        f"{summary.status}: version {summary.version}, {summary.points} titles "
        f"({summary.written} written, {summary.skipped} already there; {summary.encoded} encoded, "
        f"{summary.from_cache} from cache) in {summary.seconds:.1f}s"
    )


@app.command()
@guarded
def reindex(
    adapter: AdapterOption = None, profile: ProfileOption = None, home: HomeOption = None
) -> None:
    """Rebuild the tuned vectors for a new adapter as a new version and switch atomically."""
    from titlesearch.errors import InvalidInputError
    from titlesearch.ingest.reindex import reindex as run_reindex
    from titlesearch.runtime import embedding_cache, encoders_for, store_for

    if adapter is None:
        raise InvalidInputError(
            "reindex needs --adapter DIR (the adapter folder of a training run)"
        )
    settings = load_settings(home, profile)
    with store_for(settings) as store:
        base, tuned = encoders_for(settings, adapter, embedding_cache(settings))
        summary = run_reindex(store, base, tuned)  # type: ignore[arg-type]
    out_console.print(
        f"{summary.status}: version {summary.version} is live ({summary.points} titles)"
    )


def _search_filter(code: str | None, soc: str | None, group: str | None):
    from titlesearch.search.query import make_filter

    return make_filter(code, soc, group)


@app.command()
@guarded
def search(
    query: Annotated[str, typer.Argument(help="A job title, as messy as you like.")],
    model: Annotated[str, typer.Option(help="base, tuned or both (side by side).")] = "both",
    code: Annotated[str | None, typer.Option(help="Only this O*NET code (NN-NNNN.NN).")] = None,
    soc: Annotated[str | None, typer.Option(help="Only this SOC code (NN-NNNN).")] = None,
    group: Annotated[str | None, typer.Option(help="Only this major group (NN).")] = None,
    threshold: Annotated[
        float | None, typer.Option(help="Minimum cosine similarity, -1..1.")
    ] = None,
    limit: Annotated[int, typer.Option(help="Results per model, 1..1000.")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    adapter: AdapterOption = None,
    profile: ProfileOption = None,
    home: HomeOption = None,
) -> None:
    """Nearest indexed titles to QUERY, filtered by code/group and similarity."""
    from titlesearch.errors import InvalidInputError
    from titlesearch.runtime import search_service_for, store_for
    from titlesearch.search.query import check_limit, check_model, check_threshold, clean_query

    check_model(model), check_threshold(threshold), check_limit(limit)
    title_filter = _search_filter(code, soc, group)
    settings = load_settings(home, profile)
    clean_query(query, max_chars=settings.search.max_query_chars)  # refuse before touching files
    with store_for(settings) as store:
        if model == "tuned" and adapter is None:  # refuse before loading (and verifying) models
            manifest = store.read_manifest() or {}
            if "tuned" not in (manifest.get("dims") or {"tuned": 0}):
                raise InvalidInputError(
                    "this index has no tuned model yet; use --model base, or train one "
                    "(`titlesearch train`) and reindex"
                )
        service = search_service_for(settings, store, adapter=adapter, requested_base=profile)
        if model == "both" and service.tuned is None:
            model = "base"
        result = service.search(
            query, model=model, title_filter=title_filter, threshold=threshold, limit=limit
        )
    if result.query.truncated:
        err_console.print(
            f"note: query truncated from {result.query.original_length} to "
            f"{len(result.query.text)} characters"
        )
    if as_json:
        print_json(_search_json(result))
        return
    _print_search(result)


def _hit_json(rank: int, hit) -> dict:
    return {"rank": rank, "id": hit.id, "score": round(hit.score, 6), **hit.payload}


def _search_json(result) -> dict:
    data = {
        "query": result.query.text,
        "truncated": result.query.truncated,
        "results": {
            name: [_hit_json(i, h) for i, h in enumerate(hits, 1)]
            for name, hits in result.results.items()
        },
    }
    if result.overlap is not None:
        data["overlap"] = {
            "shared": [
                {"title": t, "rank_base": b, "rank_tuned": u} for t, b, u in result.overlap.shared
            ],
            "only_base": result.overlap.only_base,
            "only_tuned": result.overlap.only_tuned,
            "jaccard": round(result.overlap.jaccard, 4),
        }
    return data


def _print_search(result) -> None:
    grid = Table.grid(padding=(0, 2))
    tables = []
    for name, hits in result.results.items():
        table = Table(title=f"{name}", show_lines=False)
        for column in ("#", "title", "O*NET", "occupation", "score"):
            table.add_column(column)
        for i, hit in enumerate(hits, 1):
            p = hit.payload
            table.add_row(str(i), p["title"], p["onet_code"], p["onet_title"], f"{hit.score:.3f}")
        if not hits:
            table.add_row("", "no titles match these filters and threshold", "", "", "")
        tables.append(table)
    grid.add_row(*tables)
    out_console.print(grid)
    if result.overlap is not None:
        out_console.print(
            f"overlap: {len(result.overlap.shared)} shared titles "
            f"(jaccard {result.overlap.jaccard:.2f})"
        )


@app.command()
@guarded
def classify(
    title: Annotated[str | None, typer.Argument(help="One title to classify.")] = None,
    input: Annotated[Path | None, typer.Option("--input", help="CSV/Parquet of titles.")] = None,
    column: Annotated[str, typer.Option(help="Title column of --input.")] = "title",
    output: Annotated[Path | None, typer.Option(help="Where to write the coded CSV.")] = None,
    model: Annotated[
        str | None, typer.Option(help="base or tuned (default: tuned if indexed).")
    ] = None,
    top_k: Annotated[int, typer.Option(min=1, max=50, help="Alternatives to show.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    adapter: AdapterOption = None,
    profile: ProfileOption = None,
    home: HomeOption = None,
) -> None:
    """Predict the O*NET code of TITLE, or of every row of --input into --output."""
    from titlesearch.errors import InvalidInputError
    from titlesearch.runtime import search_service_for, store_for

    if (title is None) == (input is None):
        raise InvalidInputError("give either a TITLE or --input FILE.csv (with --output OUT.csv)")
    if input is not None and output is None:
        raise InvalidInputError("--input needs --output OUT.csv")
    if model is not None and model not in ("base", "tuned"):
        raise InvalidInputError(f"model {model!r} must be base or tuned")
    settings = load_settings(home, profile)
    if input is not None:
        from titlesearch.search.batch import read_titles

        frame = read_titles(input, column)
    else:
        from titlesearch.search.query import clean_query

        clean_query(title, max_chars=settings.search.max_query_chars)  # refuse before loading
    with store_for(settings) as store:
        service = search_service_for(settings, store, adapter=adapter, requested_base=profile)
        if input is not None:
            _classify_file(service, frame, column, output, model)  # type: ignore[arg-type]
            return
        result = service.classify([title], model=model, top_k=top_k)[0]  # type: ignore[list-item]
    if as_json:
        row = result.as_row()
        row["alternatives"] = [vars(a) for a in result.alternatives]
        print_json(row)
        return
    out_console.print(
        f"{result.label}\nconfidence {result.confidence:.2f}; matched '{result.matched_title}'"
    )
    for alt in result.alternatives:
        out_console.print(
            f"  {alt.onet_code}  {alt.onet_title}  p={alt.probability:.2f} s={alt.score:.3f}"
        )


def _classify_file(service, frame, column: str, output: Path, model: str | None) -> None:
    from tqdm.auto import tqdm

    from titlesearch.search.batch import classify_frame, write_coded

    bar = tqdm(desc="classify", unit="title", total=len(frame))

    def tick(done: int, total: int) -> None:
        bar.update(done - bar.n)

    with bar:
        coded = classify_frame(service, frame, column, model=model, progress=tick)
    write_coded(coded, output)
    abstained = int(coded["abstain"].sum())
    out_console.print(f"wrote {len(coded)} rows to {output} ({abstained} abstained)")


@app.command()
@guarded
def info(as_json: Annotated[bool, typer.Option("--json")] = False, home: HomeOption = None) -> None:
    """The index manifest, point counts per vector and per SOC major group."""
    from titlesearch.errors import IndexMissingError
    from titlesearch.ingest.build import check_manifest
    from titlesearch.runtime import store_for
    from titlesearch.taxonomy import MAJOR_GROUPS

    settings = load_settings(home)
    with store_for(settings) as store:
        manifest = store.read_manifest()
        if manifest is None:
            raise IndexMissingError("no index found; build one with `titlesearch ingest`")
        check_manifest(manifest)
        data = {
            "manifest": manifest,
            "points": store.count(),
            "vectors": {name: store.count(has_vector=name) for name in manifest["dims"]},
            "major_groups": dict(sorted(store.facet("major_group").items())),
            "versions": store.versions(),
        }
    if as_json:
        print_json(data)
        return
    vectors = manifest["vectors"]
    out_console.print(
        f"collection {manifest['collection']} version {manifest['version']} "
        f"({manifest['created_at']}), {data['points']} points"
    )
    for name, entry in vectors.items():
        adapter = f" + adapter {entry['adapter']['run_id']}" if entry.get("adapter") else ""
        out_console.print(
            f"  {name}: {entry['name']}{adapter}, {entry['dims']}-d, {data['vectors'][name]} points"
        )
    for group, count in data["major_groups"].items():
        out_console.print(f"  {group} {MAJOR_GROUPS.get(group, '?')}: {count}")
