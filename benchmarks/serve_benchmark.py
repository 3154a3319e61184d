#!/usr/bin/env python3
"""Reports per minute and latency of ``report-lint serve`` for the 30-page PDF, against
running ``report-lint check`` once per file.

    python benchmarks/serve_benchmark.py                      # 40 uploads, 4 clients, -j 2
    python benchmarks/serve_benchmark.py --uploads 60 --clients 8 --checks 10
    python benchmarks/serve_benchmark.py --uploads 60 --also ../shared/realworld/reports/*/*.pdf

The server is a real process on 127.0.0.1 (started as the tests start it, workers warm);
each upload is timed by its client from the first byte sent to the last byte of the JSON.
``check`` is the whole command, one process per file (start-up, spaCy, the file; ``--no-cache``
so that nothing is answered from the result cache), run one at a time and two at a time
(the machine's two cores). Not part of the test suite.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests")]

from batch_benchmark import make_report, page_count  # noqa: E402
from _serve_helpers import running_server  # noqa: E402


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def figures(latencies: list[float], seconds: float) -> dict[str, float]:
    return {"per_minute": 60 * len(latencies) / seconds, "p50": percentile(latencies, 0.5),
            "p95": percentile(latencies, 0.95), "n": len(latencies), "seconds": seconds}


def bench_serve(report: Path, work: Path, uploads: int, clients: int, jobs: int,
                others: list[Path] | None = None) -> dict:
    """``others``: upload these files in turn instead of ``report`` each time (a class's
    different reports: nothing a worker keeps from one report, such as the possible lemmas of
    its words, is all there for the next)."""
    import httpx

    data = report.read_bytes()
    files = [path.read_bytes() for path in others] if others else [data]
    # A school's server runs on an installation that has checked a file before: its cache
    # folder holds the lemma store and the phrase lemmas (built once per installation, never
    # a result: serve keeps none). Without this, every worker would run on spaCy's own
    # tables, as no installation does after its first check.
    install(report, work)
    with running_server(work, "-j", str(jobs), "--queue", str(4 * jobs)) as server:
        with httpx.Client(timeout=300) as http:  # warm-up: one upload, not counted
            http.post(server.url + "/api/v1/check", files={"file": ("r.pdf", data)})

        def one(n: int) -> float:
            with httpx.Client(timeout=300) as http:
                start = time.perf_counter()
                response = http.post(server.url + "/api/v1/check",
                                     files={"file": ("r.pdf", files[n % len(files)])})
                response.json()
                if response.status_code != 200:
                    raise RuntimeError(f"status {response.status_code}: {response.text}")
                return time.perf_counter() - start

        start = time.perf_counter()
        with ThreadPoolExecutor(clients) as pool:
            latencies = list(pool.map(one, range(uploads)))
        return figures(latencies, time.perf_counter() - start)


def check_command(report: Path, work: Path) -> list[str]:
    return [sys.executable, "-m", "report_lint", "check", "--no-cache", "--format", "json",
            "--cache-dir", str(work / "cache"), str(report)]


def install(report: Path, work: Path) -> None:
    """The first check of an installation: it stores the lemma tables and the phrase
    lemmas in the cache folder (``--no-cache``: no result is stored)."""
    subprocess.run(check_command(report, work), capture_output=True, timeout=600)


def bench_check(report: Path, work: Path, runs: int, parallel: int) -> dict:
    command = check_command(report, work)

    def one(_: int) -> float:
        start = time.perf_counter()
        subprocess.run(command, capture_output=True, timeout=600)
        return time.perf_counter() - start

    install(report, work)  # the first run of an installation: not counted
    start = time.perf_counter()
    with ThreadPoolExecutor(parallel) as pool:
        latencies = list(pool.map(one, range(runs)))
    return figures(latencies, time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--uploads", type=int, default=40)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--checks", type=int, default=10, help="check runs per mode")
    parser.add_argument("--also", nargs="+", type=Path, default=[], metavar="PDF",
                        help="then upload these PDFs in turn (different reports, e.g. "
                             "../shared/realworld/reports/*/*.pdf), read in place")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-lint-serve-bench-") as tmp:
        work = Path(tmp)
        report = make_report(args.pages, work)
        print(f"report: {report.name}, {page_count(report)} pages", flush=True)
        rows = [(f"serve -j {args.jobs}, {args.clients} clients",
                 bench_serve(report, work, args.uploads, args.clients, args.jobs))]
        print(rows[-1], flush=True)
        if args.also:
            rows.append((f"serve -j {args.jobs}, {args.clients} clients, {len(args.also)} "
                         f"different PDFs in turn",
                         bench_serve(report, work, args.uploads, args.clients, args.jobs,
                                     args.also)))
            print(rows[-1], flush=True)
        for parallel in (1, 2):
            rows.append((f"check, one process per file, {parallel} at a time",
                         bench_check(report, work, args.checks, parallel)))
            print(rows[-1], flush=True)
    print("\n| how | reports | reports/min | latency p50 s | latency p95 s |")
    print("|---|---|---|---|---|")
    for label, f in rows:
        print(f"| {label} | {f['n']} | {f['per_minute']:.1f} | {f['p50']:.2f} | {f['p95']:.2f} |")


if __name__ == "__main__":
    main()
