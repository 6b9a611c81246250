"""The ``titlesearch`` command: one typer app (``app.py``), commands in modules by area.

:func:`main` is the console script: it runs the app and turns click's usage errors (an
unknown option, ``--threshold abc``) into one line with the ``--help`` hint, like our own.
"""

from __future__ import annotations

import sys

from titlesearch.cli.app import app

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run ``titlesearch`` with ``argv`` (default: the process arguments); return the status."""
    errors = _click_exceptions()
    try:
        status = app(args=argv, prog_name="titlesearch", standalone_mode=False)
    except errors.NoArgsIsHelpError as exc:
        sys.stdout.write(exc.ctx.get_help() + "\n" if exc.ctx else str(exc))
        return 0
    except errors.UsageError as exc:
        where = exc.ctx.command_path if exc.ctx else "titlesearch"
        message = " ".join(exc.format_message().split())
        sys.stderr.write(f"error: {message} (see `{where} --help`)\n")
        return 2
    except errors.ClickException as exc:
        sys.stderr.write(f"error: {' '.join(exc.format_message().split())}\n")
        return exc.exit_code
    return status if isinstance(status, int) else 0


def _click_exceptions():
    """click's exception classes as typer raises them (typer >= 0.20 vendors click)."""
    try:
        from typer._click import exceptions
    except ImportError:
        from click import exceptions
    return exceptions
