"""Commands that provision models and build, rebuild and describe the index:
``models pull``, ``ingest``, ``reindex``, ``info``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from titlesearch.cli.common import (
    HomeOption,
    JsonOption,
    ProfileOption,
    guarded,
    load_settings,
    out_console,
    print_json,
)
from titlesearch.cli.reports import ingest_json, model_json

models_app = typer.Typer(help="Provision and inspect models.", no_args_is_help=True)

AdapterOption = Annotated[
    Path | None, typer.Option("--adapter", help="LoRA adapter directory (tuned vectors).")
]


@guarded
def models_pull(
    profile: ProfileOption = None, as_json: JsonOption = False, home: HomeOption = None
) -> None:
    """Find (or unpack) the profile's model offline, verify its sha256, print where it is."""
    from titlesearch.encoders import resolve_model
    from titlesearch.runtime import base_model_name

    settings = load_settings(home, profile)
    resolved = resolve_model(base_model_name(settings), settings.home.models_dir)
    if as_json:
        print_json(model_json(resolved))
        return
    out_console.print(
        f"{resolved.name}\n  path:   {resolved.path}\n  sha256: {resolved.sha256} (verified)\n"
        f"  source: {resolved.source}"
    )


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
    as_json: JsonOption = False,
    home: HomeOption = None,
) -> None:
    """Build the index (base vectors, plus tuned ones with --adapter) and publish it atomically.

    Re-running changes nothing; an interrupted run resumes where it stopped.
    """
    from titlesearch.ingest.job import run_ingest

    summary = run_ingest(
        load_settings(home, profile),
        adapter=adapter,
        extra=extra,
        title_column=title_column,
        code_column=code_column,
        limit=limit,
        batch_size=batch_size,
    )
    if as_json:
        print_json(ingest_json(summary))
        return
    out_console.print(
        f"{summary.status}: version {summary.version}, {summary.points} titles "
        f"({summary.written} written, {summary.skipped} already there; {summary.encoded} encoded, "
        f"{summary.from_cache} from cache) in {summary.seconds:.1f}s"
    )


@guarded
def reindex(
    adapter: AdapterOption = None,
    profile: ProfileOption = None,
    as_json: JsonOption = False,
    home: HomeOption = None,
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
    if as_json:
        print_json(ingest_json(summary))
        return
    out_console.print(
        f"{summary.status}: version {summary.version} is live ({summary.points} titles)"
    )


@guarded
def info(as_json: JsonOption = False, home: HomeOption = None) -> None:
    """The index manifest, point counts per vector and per SOC major group."""
    from titlesearch.runtime import store_for
    from titlesearch.search.index_info import active_manifest, index_info
    from titlesearch.taxonomy import MAJOR_GROUPS

    settings = load_settings(home)
    with store_for(settings) as store:
        manifest = active_manifest(store)
        data = index_info(store, manifest)
    if as_json:
        print_json(data)
        return
    out_console.print(
        f"collection {manifest.collection} version {manifest.version} "
        f"({manifest.created_at}), {data['points']} points"
    )
    for name, entry in manifest.vectors.items():
        adapter = f" + adapter {entry.adapter.run_id}" if entry.adapter else ""
        out_console.print(
            f"  {name}: {entry.name}{adapter}, {entry.dims}-d, {data['vectors'][name]} points"
        )
    for group, count in data["major_groups"].items():
        out_console.print(f"  {group} {MAJOR_GROUPS.get(group, '?')}: {count}")
