"""CLI cold start: `titlesearch --help` and a `search --json`, each in a fresh process.

Prints the median wall time of several runs of: the bare interpreter (the floor every command
pays), `titlesearch --help`, `titlesearch search … --json` against ``--home`` with the
index's own encoder backend, and, as the baseline of the same run, the import of
sentence-transformers alone (what every query paid before the ONNX backends: the torch
query path imports it before it can encode). Targets (2 cores): --help <= 1 s, search <= 2 s.

Usage: python benchmarks/bench_cli.py [--home DIR] [--runs 5] [--query "..."]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

OLD_FLOOR = "import sentence_transformers"


def cold(command: list[str], env: dict[str, str], runs: int) -> float:
    """Median seconds of ``command`` in a fresh process; fails loudly if it fails."""
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
        if done.returncode != 0:
            sys.exit(f"{' '.join(command[:4])}… failed:\n{done.stderr[-2000:]}")
    return statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", default=os.environ.get("TITLESEARCH_HOME"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--query", default="senior software engineer - remote")
    args = parser.parse_args()

    env = dict(os.environ)
    if args.home:
        env["TITLESEARCH_HOME"] = args.home
    cli = [sys.executable, "-m", "titlesearch"]
    search = [*cli, "search", args.query, "--group", "15", "--json"]
    rows = [
        ("python -c pass (interpreter floor)", [sys.executable, "-c", "pass"]),
        ("titlesearch --help", [*cli, "--help"]),
        ("titlesearch search --json (index backend)", search),
        ("import sentence_transformers (old floor)", [sys.executable, "-c", OLD_FLOOR]),
    ]
    figures = {name: cold(command, env, args.runs) for name, command in rows}
    baseline = figures[rows[-1][0]]
    print(f"CLI cold start, median of {args.runs} runs (home {args.home or 'default'})")
    for name, seconds in figures.items():
        print(f"  {name:45s} {seconds:6.2f} s   {seconds / baseline:5.2f}x of the old floor")


if __name__ == "__main__":
    main()
