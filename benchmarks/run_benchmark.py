#!/usr/bin/env python3
"""The performance benchmark of report-lint (issue 8): one run, several repetitions.

    python benchmarks/run_benchmark.py                  # sizes 10 35 100, 3 repetitions
    python benchmarks/run_benchmark.py --sizes 35 --repeat 5 --no-batch

It generates reports of about 10, 35 and 100 pages with fixtures/make_fixtures.py (PDF
through LibreOffice, its DOCX, and the same content as LaTeX source with its pdflatex PDF),
then measures, each as median and spread over the repetitions:

- the parse stage alone (in this process) with pypdf and with pypdfium2, against poppler's
  ``pdftotext`` on the same PDF, printed as ratios;
- the whole ``report-lint check`` process per format (start-up, spaCy, parsing, checks),
  with its peak memory (``/usr/bin/time`` when present, else getrusage of the children),
  ``--no-cache`` so no result is reused; spaCy's tokenizer patterns are in the cache folder
  (``report_lint/regex_store.py``) as after any first run;
- the very first run of an installation, with an empty cache folder (those patterns are
  compiled and stored);
- a re-check of an unchanged file (answered by the result cache);
- ``report-lint batch`` of 30 copies of the 35-page report with 1 and 2 workers.

Results are Markdown tables, ready for the README's Performance section. Run it on a quiet
machine: every figure is wall-clock time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from batch_benchmark import make_class  # noqa: E402

TIME = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)


def spread(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})"


def run_timed(command: list[str], env: dict | None = None) -> tuple[float, int, int]:
    """Wall seconds, peak resident KB and exit status of one whole process."""
    full = [TIME, "-f", "%M", *command] if TIME else command
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run(full, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if TIME:
        peak = int(done.stderr.strip().splitlines()[-1])
    else:
        peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return elapsed, peak, done.returncode


def report_lint(*args: str) -> list[str]:
    exe = shutil.which("report-lint")
    return [exe, *args] if exe else [sys.executable, "-m", "report_lint", *args]


def wait_for_store(folder: Path, seconds: float = 120) -> None:
    """Until the detached process of a first run has stored spaCy's tokenizer patterns."""
    deadline = time.monotonic() + seconds
    while not list(folder.glob("regex/*.pickle")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)  # the writer exits just after its rename


def make_reports(sizes: list[int], work: Path) -> dict[int, dict[str, Path]]:
    made = {}
    for size in sizes:
        out = work / f"r{size}"
        subprocess.run([sys.executable, str(ROOT / "fixtures" / "make_fixtures.py"), "--long",
                        str(size), "--out", str(out)], check=True, capture_output=True)
        name = f"long-{size}-pages"
        made[size] = {"pdf": out / f"{name}.pdf", "docx": out / f"{name}.docx",
                      "tex": out / f"{name}-latex" / f"{name}.tex",
                      "tex_pdf": out / f"{name}-latex" / f"{name}.pdf"}
    return made


def pages(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def parse_stage(pdf: Path, repeat: int) -> dict[str, list[float]]:
    from report_lint.parsers.pdf_backend import parse_any_pdf

    out: dict[str, list[float]] = {"pdftotext": [], "pypdf": [], "pdfium": []}
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(["pdftotext", str(pdf), os.devnull], check=True)
        out["pdftotext"].append(time.perf_counter() - start)
        for backend in ("pypdf", "pdfium"):
            start = time.perf_counter()
            parse_any_pdf(pdf, backend=backend)
            out[backend].append(time.perf_counter() - start)
    return out


def whole_check(path: Path, repeat: int, env_extra: dict, *flags: str):
    env = dict(os.environ, **env_extra)
    times, peaks, status = [], [], None
    for _ in range(repeat):
        elapsed, peak, status = run_timed(report_lint("check", "--no-cache", *flags, str(path)),
                                          env)
        times.append(elapsed)
        peaks.append(peak)
    return times, max(peaks), status


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 35, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--batch-repeat", type=int, default=5,
                        help="pairs of batch runs (1 then 2 workers); the machine's noise "
                             "weighs more on a ratio than on a time")
    parser.add_argument("--no-batch", action="store_true")
    args = parser.parse_args()
    have_soffice = bool(shutil.which("soffice"))
    with tempfile.TemporaryDirectory(prefix="report-lint-bench-") as tmp:
        work = Path(tmp)
        reports = make_reports(args.sizes, work)
        # A cache folder of the benchmark's own, as an installation has after its first run.
        os.environ["REPORT_LINT_CACHE_DIR"] = str(work / "cache-home")
        size = 35 if 35 in reports else sorted(reports)[0]
        target = reports[size]["pdf"]
        first = []
        for i in range(args.repeat):
            env = dict(os.environ, REPORT_LINT_CACHE_DIR=str(work / f"empty-{i}"))
            first.append(run_timed(report_lint("check", str(target)), env)[0])
            wait_for_store(work / f"empty-{i}")  # nothing else runs while a figure is taken
        subprocess.run(report_lint("check", "--no-cache", str(target)), capture_output=True)
        wait_for_store(work / "cache-home")

        print("\n### Parse stage (in-process), against pdftotext\n")
        print("| pages | pdftotext s | pypdf s | pypdf / pdftotext | pypdfium2 s "
              "| pypdfium2 / pdftotext |")
        print("|---|---|---|---|---|---|")
        for size, files in reports.items():
            t = parse_stage(files["pdf"], args.repeat)
            base = statistics.median(t["pdftotext"])
            print(f"| {pages(files['pdf'])} | {spread(t['pdftotext'])} | {spread(t['pypdf'])} | "
                  f"{statistics.median(t['pypdf']) / base:.1f}× | {spread(t['pdfium'])} | "
                  f"{statistics.median(t['pdfium']) / base:.1f}× |", flush=True)

        print("\n### Whole `report-lint check` process (every rule, no cache)\n")
        print("| input | pages | seconds: median (min–max) | peak memory MB | exit |")
        print("|---|---|---|---|---|")
        medians: dict[tuple[str, int], float] = {}
        for size, files in reports.items():
            n = pages(files["pdf"])
            cases = [("PDF, pypdfium2", files["pdf"], {"REPORT_LINT_PDF_BACKEND": "pdfium"}, ()),
                     ("PDF, pypdf", files["pdf"], {"REPORT_LINT_PDF_BACKEND": "pypdf"}, ()),
                     ("DOCX, estimated pages", files["docx"], {}, ("--render", "never"))]
            if have_soffice:
                cases.append(("DOCX, LibreOffice", files["docx"], {}, ("--render", "always")))
            cases.append(("LaTeX source", files["tex"], {}, ()))
            cases.append(("LaTeX's PDF, pypdfium2", files["tex_pdf"],
                          {"REPORT_LINT_PDF_BACKEND": "pdfium"}, ()))
            for label, path, env, flags in cases:
                times, peak, status = whole_check(path, args.repeat, env, *flags)
                medians[(label, size)] = statistics.median(times)
                print(f"| {label} | {n} | {spread(times)} | {peak / 1024:.0f} | {status} |",
                      flush=True)
        if len(reports) > 1:
            sizes = sorted(reports)
            small, large = sizes[-2], sizes[-1]
            ratio = medians[("PDF, pypdfium2", large)] / medians[("PDF, pypdfium2", small)]
            print(f"\n{large}-page report / {small}-page report (PDF, pypdfium2): {ratio:.2f}×")

        print(f"\nFirst run of an installation (empty cache folder), {pages(target)}-page PDF: "
              f"{spread(first)} s")
        cache = work / "cache"
        subprocess.run(report_lint("check", "--cache-dir", str(cache), str(target)),
                       capture_output=True)
        times = [run_timed(report_lint("check", "--cache-dir", str(cache), str(target)))[0]
                 for _ in range(args.repeat)]
        print(f"\nRe-check of an unchanged {pages(target)}-page PDF (cache): {spread(times)} s")

        if not args.no_batch:
            archive = make_class(target, args.students, work / "classe.zip")
            print(f"\n### `report-lint batch`, {args.students} reports of {pages(target)} pages"
                  " (pypdfium2)\n")
            print("| workers | seconds: median (min–max) | peak memory MB (largest process) |")
            print("|---|---|---|")
            env = dict(os.environ, REPORT_LINT_PDF_BACKEND="pdfium")
            runs: dict[int, list[tuple[float, int, int]]] = {1: [], 2: []}
            # 1 and 2 workers in turns: a machine that slows down or speeds up during the
            # benchmark weighs on both, and each pair gives its own ratio.
            for _ in range(args.batch_repeat):
                for jobs in (1, 2):
                    runs[jobs].append(run_timed(report_lint(
                        "batch", str(archive), "--no-cache", "-j", str(jobs),
                        "--csv", str(work / "c.csv")), env))
            for jobs in (1, 2):
                print(f"| {jobs} | {spread([r[0] for r in runs[jobs]])} | "
                      f"{max(r[1] for r in runs[jobs]) / 1024:.0f} |", flush=True)
            ratios = [two[0] / one[0] for one, two in zip(runs[1], runs[2])]
            print(f"\n2 workers / 1 worker, run by run: {spread(ratios)}×")

if __name__ == "__main__":
    main()
