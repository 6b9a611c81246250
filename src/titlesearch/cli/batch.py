"""The table half of ``classify``: ``--input`` (a file, or CSV on standard input) streamed
through the model a chunk at a time into ``--output`` (a file that appears complete, or
standard output) as CSV, JSON Lines or Parquet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from titlesearch.cli.common import Settings, err_console, out_console, quiet


def classify_service(
    settings: Settings,
    store: Any,
    *,
    adapter: Path | None,
    profile: str | None,
    model: str | None,
    hybrid: bool | None,
    abstain_below: float | None,
) -> Any:
    """The search service ``classify`` codes with: only the model asked for is loaded (base
    alone needs no adapter), with ``--abstain-below`` applied."""
    from titlesearch.runtime import search_service_for

    only = [model] if model else None
    service = search_service_for(
        settings, store, adapter=adapter, requested_base=profile, only=only, hybrid=hybrid
    )
    if abstain_below is not None:
        service.abstain_below = abstain_below
    return service


def classify_table(
    settings: Settings,
    source: Path,
    column: str,
    output: Path,
    fmt: str | None,
    *,
    as_json: bool,
    **service_options: Any,
) -> None:
    """Code every row of ``source`` into ``output`` and report it (a summary line, or JSON).

    The input is checked (readable, has ``column``, has rows) and the output place too before
    any model loads. Memory holds about two chunks whatever the table's length.
    """
    from tqdm.auto import tqdm

    from titlesearch.progress import shown
    from titlesearch.runtime import store_for
    from titlesearch.search.batch import code_table
    from titlesearch.search.service import CLASSIFY_BATCH
    from titlesearch.table_chunks import STDIN, open_chunks
    from titlesearch.table_writer import TableWriter, output_format
    from titlesearch.tabular import output_target, require_columns

    file_format = output_format(fmt, output)
    target = output_target(output, source=None if str(source) == STDIN else source)
    with open_chunks(source, chunk_rows=CLASSIFY_BATCH) as chunks:
        require_columns(chunks, [column], chunks.name)  # type: ignore[arg-type]
        with store_for(settings) as store:
            service = classify_service(settings, store, **service_options)
            bar = tqdm(desc="classify", unit="title", disable=not shown())
            with bar, TableWriter(target, file_format) as writer:
                summary = code_table(
                    service,
                    chunks,
                    column,
                    writer,
                    model=service_options.get("model"),
                    progress=lambda rows: bar.update(rows - bar.n),
                    written_to=f"nothing was written to {output}"
                    if target is not None
                    else "the rows before it were written to standard output",
                )
    report = {**summary.as_dict(), "output": str(output), "format": file_format}
    # The table went to stdout when --output is '-': the summary goes to stderr then.
    console = out_console if target is not None else err_console
    if as_json:
        console.print(json.dumps(report), soft_wrap=True)
    elif target is not None or not quiet():
        console.print(f"wrote {report['rows']} rows to {output} ({report['abstained']} abstained)")
