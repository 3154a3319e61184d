"""Time ``report-lint check`` on the compliant fixture and on a generated 100-page report.

Whole-process timings (start-up, spaCy load, parsing, checks), several repetitions, median
and spread, plus seconds per page. Run from the repository root after ``pip install .``:

    python benchmarks/run_benchmark.py [--repeat 3] [--pages 100]

The 100-page report is made by fixtures/make_fixtures.py with LibreOffice into a temporary
folder (not committed).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def time_check(pdf: Path, repeat: int) -> list[float]:
    exe = shutil.which("report-lint")
    command = [exe] if exe else [sys.executable, "-m", "report_lint"]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run([*command, "check", str(pdf)], capture_output=True, text=True)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"report-lint failed on {pdf}: {done.stderr or done.stdout}")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--pages", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-lint-bench-") as tmp:
        subprocess.run([sys.executable, str(ROOT / "fixtures" / "make_fixtures.py"),
                        "--long", str(args.pages), "--out", tmp], check=True)
        generated = sorted(Path(tmp).glob("*.pdf"))
        if not generated:
            raise SystemExit("fixtures/make_fixtures.py --long made no PDF")
        cases = [ROOT / "fixtures" / "reports" / "compliant-lo.pdf",
                 ROOT / "fixtures" / "reports" / "compliant-latex.pdf", generated[0]]
        print(f"{'file':<28} {'pages':>5} {'median s':>9} {'min s':>7} {'max s':>7} {'s/page':>7}")
        for pdf in cases:
            pages = page_count(pdf)
            times = time_check(pdf, args.repeat)
            median = statistics.median(times)
            print(f"{pdf.name:<28} {pages:>5} {median:>9.2f} {min(times):>7.2f} "
                  f"{max(times):>7.2f} {median / pages:>7.3f}")


if __name__ == "__main__":
    main()
