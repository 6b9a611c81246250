"""Commands that query the index: ``search`` (nearest titles) and ``classify`` (codes)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from titlesearch.cli.choices import MODELS, SEARCH_MODELS, TABLE_FORMATS, choice
from titlesearch.cli.common import (
    HomeOption,
    HybridOption,
    ProfileOption,
    err_console,
    guarded,
    load_settings,
    out_console,
    print_json,
)
from titlesearch.cli.index import AdapterOption


@guarded
def search(
    query: Annotated[str, typer.Argument(help="A job title, as messy as you like.")],
    model: Annotated[
        str, choice(choices=SEARCH_MODELS, help="base, tuned or both (side by side).")
    ] = "both",
    code: Annotated[str | None, typer.Option(help="Only this O*NET code (NN-NNNN.NN).")] = None,
    soc: Annotated[str | None, typer.Option(help="Only this SOC code (NN-NNNN).")] = None,
    group: Annotated[str | None, typer.Option(help="Only this major group (NN).")] = None,
    threshold: Annotated[
        float | None,
        typer.Option(
            help="Minimum cosine similarity, -1..1 (default TITLESEARCH_SEARCH_THRESHOLD)."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(help="Results per model, 1..1000 (default TITLESEARCH_SEARCH_LIMIT, 10)."),
    ] = None,
    hybrid: HybridOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    adapter: AdapterOption = None,
    profile: ProfileOption = None,
    home: HomeOption = None,
) -> None:
    """Nearest indexed titles to QUERY, filtered by code/group and similarity."""
    from titlesearch.errors import InvalidInputError
    from titlesearch.runtime import search_service_for, store_for
    from titlesearch.search.query import (
        BASE,
        BOTH,
        TUNED,
        check_limit,
        check_model,
        check_threshold,
        clean_query,
        make_filter,
    )

    settings = load_settings(home, profile)
    limit = settings.search.limit if limit is None else limit
    threshold = settings.search.threshold if threshold is None else threshold
    check_model(model), check_threshold(threshold), check_limit(limit)
    title_filter = make_filter(code, soc, group)
    clean_query(query, max_chars=settings.search.max_query_chars)  # refuse before touching files
    with store_for(settings) as store:
        if model == TUNED and adapter is None:  # refuse before loading (and verifying) models
            manifest = store.read_manifest()
            if manifest is not None and TUNED not in manifest.vectors:
                raise InvalidInputError(
                    "this index has no tuned model yet; use --model base, or train one "
                    "(`titlesearch train`) and reindex"
                )
        only = None if model == BOTH else [model]  # base alone needs no adapter
        service = search_service_for(
            settings, store, adapter=adapter, requested_base=profile, only=only, hybrid=hybrid
        )
        if model == BOTH and len(service.models) == 1:
            model = BASE
        result = service.search(
            query, model=model, title_filter=title_filter, threshold=threshold, limit=limit
        )
    if result.query.truncated:
        err_console.print(
            f"note: query truncated from {result.query.original_length} to "
            f"{len(result.query.text)} characters"
        )
    if as_json:
        print_json(result.to_dict())
        return
    _print_search(result)


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


@guarded
def classify(
    title: Annotated[str | None, typer.Argument(help="One title to classify.")] = None,
    input: Annotated[
        Path | None,
        typer.Option("--input", help="CSV/Parquet of titles ('-': CSV from standard input)."),
    ] = None,
    column: Annotated[str, typer.Option(help="Title column of --input.")] = "title",
    output: Annotated[
        Path | None, typer.Option(help="Where to write the coded table ('-': standard output).")
    ] = None,
    fmt: Annotated[
        str | None,
        choice(
            "--format",
            choices=TABLE_FORMATS,
            help="Format of --output (default: from its suffix, else csv).",
        ),
    ] = None,
    model: Annotated[
        str | None, choice(choices=MODELS, help="base or tuned (default: tuned if indexed).")
    ] = None,
    top_k: Annotated[int, typer.Option(min=1, max=50, help="Alternatives to show.")] = 5,
    abstain_below: Annotated[
        float | None,
        typer.Option(
            min=0.0,
            max=1.0,
            help="Confidence under which to abstain or fall back to the major group "
            "(default TITLESEARCH_SEARCH_ABSTAIN_BELOW, 0.15).",
        ),
    ] = None,
    hybrid: HybridOption = None,
    as_json: Annotated[bool, typer.Option("--json", help="Machine-readable output.")] = False,
    adapter: AdapterOption = None,
    profile: ProfileOption = None,
    home: HomeOption = None,
) -> None:
    """Predict the O*NET code of TITLE, or of every row of --input into --output.

    --input is read and coded a chunk at a time (any length, in bounded memory); --output
    appears only once complete.
    """
    from titlesearch.cli.batch import classify_service, classify_table
    from titlesearch.errors import InvalidInputError
    from titlesearch.runtime import store_for
    from titlesearch.search.query import check_vector_name, clean_query

    if (title is None) == (input is None):
        raise InvalidInputError("give either a TITLE or --input FILE.csv (with --output OUT.csv)")
    if input is not None and output is None:
        raise InvalidInputError("--input needs --output OUT.csv")
    if input is None and fmt is not None:
        raise InvalidInputError("--format is for --input tables; one TITLE prints its answer")
    if model is not None:
        check_vector_name(model)
    settings = load_settings(home, profile)
    options = dict(adapter=adapter, profile=profile, model=model, hybrid=hybrid)
    options["abstain_below"] = abstain_below
    if input is not None:
        classify_table(settings, input, column, output, fmt, as_json=as_json, **options)  # type: ignore[arg-type]
        return
    clean_query(title, max_chars=settings.search.max_query_chars)  # refuse before loading
    with store_for(settings) as store:
        service = classify_service(settings, store, **options)  # type: ignore[arg-type]
        result = service.classify([title], model=model, top_k=top_k)[0]  # type: ignore[list-item]
    if as_json:
        print_json(result.to_dict())
        return
    out_console.print(
        f"{result.label}\nconfidence {result.confidence:.2f}; matched '{result.matched_title}'"
    )
    for alt in result.alternatives:
        out_console.print(
            f"  {alt.onet_code}  {alt.onet_title}  p={alt.probability:.2f} s={alt.score:.3f}"
        )
    if result.neighbours:
        out_console.print("why: the nearest indexed titles")
    for near in result.neighbours:
        mark = " (a reviewer's correction)" if near.reviewed else ""
        out_console.print(f"  {near.score:.3f}  {near.title}  [{near.onet_code}]{mark}")
