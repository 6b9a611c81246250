"""The ``titlesearch`` command: one typer app, commands grouped by area in sibling modules."""

from titlesearch.cli.app import app

__all__ = ["app"]
