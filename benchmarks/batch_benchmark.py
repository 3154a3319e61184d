#!/usr/bin/env python3
"""Time ``report-lint batch`` on a class of N reports of about 30 pages, with 1 and 2 workers.

    python benchmarks/batch_benchmark.py                 # 30 reports, -j 1 then -j 2
    python benchmarks/batch_benchmark.py --students 10 --jobs 1 2 4 --repeat 2

The report is made once by ``fixtures/make_fixtures.py --long 30`` (LibreOffice; falls back
to the committed ``fixtures/reports/compliant-lo.pdf``, 28 pages, if that fails), then copied
into a Moodle-like ZIP, one folder per student. Each run is the whole command (start-up,
one spaCy load per worker, parsing, checks, the table), timed from outside. Not part of the
test suite.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def make_report(pages: int, work: Path) -> Path:
    try:
        subprocess.run([sys.executable, str(ROOT / "fixtures" / "make_fixtures.py"), "--long",
                        str(pages), "--out", str(work)], check=True, capture_output=True,
                       timeout=600)
        found = sorted(work.glob(f"long-{pages}-pages*.pdf"))
        if found:
            return found[0]
    except (subprocess.SubprocessError, OSError) as exc:
        print(f"make_fixtures --long failed ({exc}); using compliant-lo.pdf", file=sys.stderr)
    return ROOT / "fixtures" / "reports" / "compliant-lo.pdf"


def make_class(report: Path, students: int, target: Path) -> Path:
    data = report.read_bytes()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as zf:
        for i in range(students):
            zf.writestr(f"Élève{i:02d} Test_{200000 + i}_assignsubmission_file_/rapport.pdf", data)
    return target


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-lint-bench-") as tmp:
        work = Path(tmp)
        report = make_report(args.pages, work)
        archive = make_class(report, args.students, work / "classe.zip")
        print(f"class: {args.students} x {report.name} ({page_count(report)} pages)")
        print("| workers | runs | median s | s/report |")
        print("|---|---|---|---|")
        for jobs in args.jobs:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                done = subprocess.run([sys.executable, "-m", "report_lint", "batch", str(archive),
                                       "--no-cache", "-j", str(jobs), "--csv",
                                       str(work / "c.csv")],
                                      capture_output=True, text=True)
                times.append(time.perf_counter() - start)
                if done.returncode not in (0, 1):
                    print(done.stdout[-2000:], done.stderr[-2000:], file=sys.stderr)
            median = statistics.median(times)
            print(f"| {jobs} | {len(times)} | {median:.1f} | {median / args.students:.2f} |",
                  flush=True)


if __name__ == "__main__":
    main()
