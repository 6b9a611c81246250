"""What every command shares: settings built once from env + options, and clean user errors."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from titlesearch.cli.choices import PROFILES, choice
from titlesearch.config import AppSettings
from titlesearch.errors import (
    TitlesearchError,
    error_dict,
    is_disk_full,
    is_read_only,
    read_only,
    storage_full,
)

# Messages carry user text (file names like data[seed].csv, codes like '[/]'): never read it
# as Rich markup, which would drop brackets or crash on an unbalanced tag.
err_console = Console(stderr=True, markup=False, highlight=False)
out_console = Console(markup=False, highlight=False)

F = TypeVar("F", bound=Callable[..., Any])

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Where the index, caches and runs live (env TITLESEARCH_HOME)."),
]
ProfileOption = Annotated[
    str | None,
    choice("--profile", choices=PROFILES, help="Model profile: quick (MiniLM) or seed (mpnet)."),
]
JsonOption = Annotated[
    bool,
    typer.Option(
        "--json", help="Print the report as one JSON object on stdout (no progress bars)."
    ),
]
HybridOption = Annotated[
    bool | None,
    typer.Option(
        "--hybrid/--dense",
        help="Fuse lexical (BM25) matches into the dense ones, in Qdrant "
        "(default: TITLESEARCH_SEARCH_HYBRID, off).",
    ),
]


Settings = AppSettings


def load_settings(home: Path | None = None, profile: str | None = None) -> AppSettings:
    """Settings for a command: environment first, command-line options on top."""
    return AppSettings.load(home, profile)


def fail(message: str, code: int = 2, *, as_json: bool = False, kind: str = "error") -> None:
    """Print one clear line to stderr (a JSON object with ``--json``) and exit non-zero."""
    if as_json:
        sys.stderr.write(json.dumps(error_dict(kind, message), ensure_ascii=False) + "\n")
    else:
        err_console.print(Text("error:", style="bold red"), message, soft_wrap=True)
    raise typer.Exit(code)


_QUIET = {"on": False}  # the -q/--quiet of the current invocation


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out_console.print(f"titlesearch {version('titlesearch')}")
        raise typer.Exit()


def global_options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="No progress bars or notes on stderr.")
    ] = False,
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Debug logging on stderr.")
    ] = False,
) -> None:
    """Map messy job titles to O*NET-SOC occupations and search titles by meaning."""
    import logging

    _QUIET["on"] = quiet
    level = logging.DEBUG if verbose else logging.WARNING
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s", force=True)
    logging.getLogger("titlesearch").setLevel(level)


def quiet() -> bool:
    """Whether this invocation runs with ``--quiet``: notes on stderr are left out too."""
    return _QUIET["on"]


def guarded(func: F) -> F:
    """Turn our own errors into one-line messages; Ctrl-C into a short note (work is resumable).

    A command called with ``--json`` (an ``as_json`` parameter) reports errors as one JSON
    object ``{"error": {"code", "message"}}`` on stderr, with the error's stable ``code``.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from titlesearch import progress

        progress.configure(hidden=_QUIET["on"] or bool(kwargs.get("as_json")))
        try:
            return func(*args, **kwargs)
        except TitlesearchError as exc:
            fail(str(exc), as_json=bool(kwargs.get("as_json")), kind=exc.code)
        except BrokenPipeError:  # `… --output - | head`: the reader has all it wants
            _silence_stdout()
            raise typer.Exit(EXIT_BROKEN_PIPE) from None
        except OSError as exc:  # a write that the disk refused, wherever it happened
            where = exc.filename or "titlesearch's files"
            if not (is_disk_full(exc) or is_read_only(exc)):
                raise
            full = storage_full(where) if is_disk_full(exc) else read_only(where)
            fail(str(full), as_json=bool(kwargs.get("as_json")), kind=full.code)
        except KeyboardInterrupt:
            err_console.print("interrupted: rerun the same command to resume where it stopped")
            raise typer.Exit(130) from None

    return wrapper  # type: ignore[return-value]


EXIT_BROKEN_PIPE = 141
"""The status a Unix tool killed by SIGPIPE reports (128 + 13): quiet, as `head` expects."""


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so flushing it at exit raises no second broken pipe."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's capture)
        pass


def print_json(data: Any) -> None:
    """Machine-readable output on stdout, nothing else mixed in."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
