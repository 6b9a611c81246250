"""REST API throughput and latency against the search service called in-process, in one run.

Prints requests/s and p50/p95 latency of ``POST /search`` (one title per request) and
``POST /classify`` (a batch of ``--batch`` titles per request) with ``--clients`` concurrent
clients (httpx, one thread each) against a real ``titlesearch serve`` subprocess; then the
same calls made directly on a :class:`SearchService` by as many threads, and the ratio of the
two (what HTTP, JSON and the server add). Titles come from a CSV of real vacancy titles.
The in-process part runs first and closes its store, so the server is the index's only reader.
A script that prints figures, not a test:

    python benchmarks/bench_api.py --home DIR [--clients 4] [--titles FILE.csv]
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from titlesearch.config import AppSettings
from titlesearch.runtime import search_service_for, store_for
from titlesearch.search.query import BASE, BOTH

ROOT = Path(__file__).resolve().parents[1]
DEV_TITLES = ROOT.parent / "shared" / "data" / "dev" / "real_vacancy_dev.csv"


def read_titles(path: Path, column: str) -> list[str]:
    """The distinct non-empty titles of ``column``, in file order."""
    with path.open(newline="", encoding="utf-8") as handle:
        titles = (row.get(column, "").strip() for row in csv.DictReader(handle))
        return list(dict.fromkeys(t for t in titles if t))


def run_clients(call: Callable[[int], Any], clients: int, per_client: int) -> dict[str, float]:
    """``call(i)`` ``per_client`` times in each of ``clients`` threads: requests/s, p50, p95."""
    times: list[float] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        mine = []
        for i in range(per_client):
            started = time.perf_counter()
            call(number * per_client + i)
            mine.append((time.perf_counter() - started) * 1000)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    cut = statistics.quantiles(times, n=20) if len(times) > 1 else times * 19
    return {"rps": len(times) / seconds, "p50": statistics.median(times), "p95": cut[18]}


def bench_in_process(settings: AppSettings, titles: list[str], args) -> dict[str, dict]:
    """The service called directly, as the API's handlers call it."""
    with store_for(settings) as store:
        service = search_service_for(settings, store)
        model = BASE if len(service.models) == 1 else BOTH
        for title in titles[:5]:  # warm-up: the first calls pay for lazy initialisation
            service.search(title, model=model)
        service.classify(batch_of(titles, 0, args.batch))
        return {
            "search": run_clients(
                lambda i: service.search(titles[i % len(titles)], model=model),
                args.clients,
                args.requests,
            ),
            "classify": run_clients(
                lambda i: service.classify(batch_of(titles, i, args.batch)),
                args.clients,
                args.batch_requests,
            ),
        }


def batch_of(titles: list[str], i: int, size: int) -> list[str]:
    start = (i * size) % len(titles)
    return (titles[start:] + titles)[:size]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def api_server(home: Path, port: int):
    """``titlesearch serve`` on ``port`` (quiet), until /health answers; stopped on exit."""
    command = [sys.executable, "-m", "titlesearch", "-q", "serve", "--port", str(port)]
    process = subprocess.Popen(
        [*command, "--home", str(home)],
        stdout=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and process.poll() is None:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            time.sleep(0.5)
        else:
            raise SystemExit(f"`titlesearch serve` did not become healthy at {url}")
        yield url
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def bench_api(url: str, titles: list[str], args) -> dict[str, dict]:
    """The same calls over HTTP, one httpx client (connection pool) per thread."""
    key = os.environ.get("TITLESEARCH_API_KEY")
    local = threading.local()

    def post(path: str, body: dict) -> None:
        if not hasattr(local, "client"):
            headers = {"X-API-Key": key} if key else {}
            local.client = httpx.Client(base_url=url, timeout=120, headers=headers)
        local.client.post(path, json=body).raise_for_status()

    for title in titles[:5]:  # warm-up, as in-process
        post("/search", {"query": title})
    post("/classify", {"titles": batch_of(titles, 0, args.batch)})
    return {
        "search": run_clients(
            lambda i: post("/search", {"query": titles[i % len(titles)]}),
            args.clients,
            args.requests,
        ),
        "classify": run_clients(
            lambda i: post("/classify", {"titles": batch_of(titles, i, args.batch)}),
            args.clients,
            args.batch_requests,
        ),
    }


def report(results: dict[str, dict[str, dict]], args, n_titles: int) -> None:
    print(
        f"\n{args.clients} concurrent clients; {n_titles} distinct titles from {args.titles}; "
        f"/classify batches of {args.batch}"
    )
    print(f"{'mode':<11} {'endpoint':<9} {'requests':>8} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8}")
    for mode, endpoints in results.items():
        for endpoint, r in endpoints.items():
            count = args.clients * (args.requests if endpoint == "search" else args.batch_requests)
            print(
                f"{mode:<11} {endpoint:<9} {count:>8} {r['rps']:>8.1f} "
                f"{r['p50']:>8.1f} {r['p95']:>8.1f}"
            )
    api, direct = results["api"], results["in-process"]
    ratios = "  ".join(
        f"{name} x{api[name]['rps'] / direct[name]['rps']:.2f}" for name in ("search", "classify")
    )
    print(f"\nratio api / in-process (requests/s): {ratios}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=None, help="index home (TITLESEARCH_HOME)")
    parser.add_argument("--titles", type=Path, default=DEV_TITLES, help="CSV of titles")
    parser.add_argument("--column", default="title", help="title column of --titles")
    parser.add_argument("--clients", type=int, default=4, help="concurrent clients (threads)")
    parser.add_argument("--requests", type=int, default=50, help="/search calls per client")
    parser.add_argument("--batch", type=int, default=100, help="titles per /classify call")
    parser.add_argument("--batch-requests", type=int, default=5, help="/classify per client")
    parser.add_argument("--port", type=int, default=0, help="API port (0: a free one)")
    args = parser.parse_args()

    settings = AppSettings.load(args.home)
    titles = read_titles(args.titles, args.column)
    if not titles:
        raise SystemExit(f"no titles in column {args.column!r} of {args.titles}")
    results = {"in-process": bench_in_process(settings, titles, args)}
    with api_server(settings.home.home, args.port or free_port()) as url:
        results["api"] = bench_api(url, titles, args)
    report(results, args, len(titles))


if __name__ == "__main__":
    main()
