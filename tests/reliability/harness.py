"""What the reliability suites check again and again: a CLI command's outcome, and whether a
folder's files changed. Plain functions, so each test reads as the promise it checks."""

from __future__ import annotations

import hashlib
from pathlib import Path

from typer.testing import CliRunner

SERVER_VARS = (
    "TITLESEARCH_QDRANT_URL",
    "TITLESEARCH_QDRANT_API_KEY",
    "TITLESEARCH_QDRANT_COLLECTION",
    "TITLESEARCH_QDRANT_TIMEOUT",
    "TITLESEARCH_PROFILE",
    "TITLESEARCH_BASE_MODEL",
)


def invoke(*args: str):
    """Run one CLI command in-process; the result has exit_code, stdout and stderr."""
    from titlesearch.cli import app

    return CliRunner().invoke(app, list(args))


def assert_one_line_error(result, *needles: str) -> str:
    """Exit code 2, no traceback, and one error line naming each of ``needles``: ``error: …``,
    or with ``--json`` one JSON object ``{"error": {"code", "message"}}``."""
    output = result.stdout + result.stderr
    assert result.exit_code == 2, output
    assert "Traceback" not in output, output
    errors = [
        line
        for line in result.stderr.splitlines()
        if line.startswith("error:") or line.startswith('{"error": {"code": ')
    ]
    assert len(errors) == 1, output
    for needle in needles:
        assert needle in errors[0], errors[0]
    return errors[0]


def snapshot(root: Path, *, skip: tuple[str, ...] = ()) -> dict[str, str]:
    """``{relative path: sha256 of content}`` of every file under ``root``.

    Args:
        skip: path fragments to leave out (e.g. ``"/shard/"``: the engine's own files, which
            Qdrant Edge rewrites - journals, flags - whenever a shard is merely opened).
    """
    files = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not any(part in f"/{rel}" for part in skip):
            files[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return files
