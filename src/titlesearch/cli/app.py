"""Builds the typer app and registers each area's commands."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="titlesearch",
    help="Map messy job titles to O*NET-SOC occupations and search titles by meaning.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


COMMAND_MODULES = (
    "index_commands",
    "eval_commands",
    "train_commands",
    "model_commands",
    "pipeline_commands",
    "ui_commands",
)


def _register() -> None:
    """Import each area's module for its side effect of adding commands to ``app``.

    Command modules import heavy libraries inside the command bodies, so this stays fast.
    """
    import importlib

    for name in COMMAND_MODULES:
        importlib.import_module(f"titlesearch.cli.{name}")


_register()
