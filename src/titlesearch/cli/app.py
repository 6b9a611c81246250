"""Builds the typer app: every command is registered here, explicitly, from the module that
holds it (data, train, index, query, eval, pipeline, ui, serve).

Command modules import heavy libraries inside the command bodies, so building the app (and
``titlesearch --help``) stays fast.
"""

from __future__ import annotations

import typer

from titlesearch.cli import data, index, pipeline, query, review, serve, train, ui
from titlesearch.cli import eval as eval_commands
from titlesearch.cli.common import global_options

app = typer.Typer(
    name="titlesearch",
    help="Map messy job titles to O*NET-SOC occupations and search titles by meaning.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    callback=global_options,
)

app.add_typer(index.models_app, name="models")
index.models_app.command("pull")(index.models_pull)
app.command()(data.generate)
app.command()(train.train)
app.command()(train.tune)
app.command()(index.ingest)
app.command()(index.reindex)
app.command()(query.search)
app.command()(query.classify)
app.command()(index.info)
app.command("eval")(eval_commands.eval_command)
app.command("bench-llm")(eval_commands.bench_llm_command)
app.command()(pipeline.pipeline)
app.command()(ui.ui)
app.command()(serve.serve)
app.add_typer(review.review_app, name="review")
review.review_app.command("queue")(review.queue)
review.review_app.command("decide")(review.decide)
review.review_app.command("list")(review.list_decisions)
review.review_app.command("undo")(review.undo)
review.review_app.command("export")(review.export)
review.review_app.command("import")(review.import_decisions)
review.review_app.command("apply")(review.apply)
review.review_app.command("teach")(review.teach)
