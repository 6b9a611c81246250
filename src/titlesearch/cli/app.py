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


def _register() -> None:
    # Imported for their side effect of adding commands to `app`; kept lazy-light:
    # command modules import heavy libraries inside the command bodies.
    from titlesearch.cli import (
        index_commands,  # noqa: F401
        train_commands,  # noqa: F401
    )


_register()
