"""Run ``titlesearch ingest ARGS...`` in this process and SIGKILL it at a chosen point.

Usage: ``python ingest_killed_at.py POINT [ARGS...]`` with POINT one of

* ``never``: run to completion (a plain ingest);
* ``after-create``: the version exists (empty shard, keyword indexes), nothing uploaded yet;
* ``upsert-N``: right after the N-th batch of points was written;
* ``in-publish``: all points and the "ready" manifest are written and the search index built,
  and the pointer swap is half done (its temporary file written, not yet renamed);
* ``after-publish``: the pointer names the new version, older versions not yet pruned.

SIGKILL cannot be caught, so nothing of titlesearch's own cleanup runs: what is left on disk is
exactly what a power cut or ``kill -9`` at that point would leave. The test suite also kills
plain ingests from outside at moments it observes; this script covers the moments too short
to hit from outside.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path


def _die() -> None:
    sys.stdout.flush()
    sys.stderr.flush()
    os.kill(os.getpid(), signal.SIGKILL)


def _install(point: str) -> None:
    from titlesearch.ingest import build
    from titlesearch.store import edge

    if point == "after-create":
        create = edge.EdgeStore.create_version

        def create_version(self, version, dims):  # type: ignore[no-untyped-def]
            create(self, version, dims)
            _die()

        edge.EdgeStore.create_version = create_version  # type: ignore[method-assign]
    elif point.startswith("upsert-"):
        upsert, left = edge.EdgeStore.upsert, [int(point.removeprefix("upsert-"))]

        def counted_upsert(self, version, points):  # type: ignore[no-untyped-def]
            upsert(self, version, points)
            left[0] -= 1
            if left[0] == 0:
                _die()

        edge.EdgeStore.upsert = counted_upsert  # type: ignore[method-assign]
    elif point == "in-publish":
        from titlesearch.atomic_write import temp_path

        write = edge.write_text_atomic

        def torn_write(path: Path, text: str) -> None:
            if path.name == "CURRENT":
                temp_path(path).write_text(text[:3])
                _die()
            write(path, text)

        edge.write_text_atomic = torn_write
    elif point == "after-publish":
        build.prune_versions = lambda store, keep: _die()  # type: ignore[assignment,misc]
    elif point != "never":
        raise SystemExit(f"unknown kill point {point!r}")


def main() -> None:
    point, args = sys.argv[1], sys.argv[2:]
    _install(point)
    from titlesearch.cli import app

    app(["ingest", *args], prog_name="titlesearch")


if __name__ == "__main__":
    main()
