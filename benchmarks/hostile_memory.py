"""Peak memory and time of ``report-lint check`` on every file of the bad-input corpus
(issue 7: under 1 GB each).

    python benchmarks/hostile_memory.py [--out FOLDER] [--backend pdfium|pypdf|both]

Each file is checked by its own ``report-lint check --no-cache`` process with the default
limits; the peak is ``ru_maxrss`` from ``wait4``: the largest resident set of the CLI and of
the children it waited for (the child process that reads the file, LibreOffice).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import badinputs  # noqa: E402


def measure(path: Path, backend: str | None) -> tuple[int, float, int]:
    env = {k: v for k, v in os.environ.items() if k != "REPORT_LINT_TIMEOUT"}
    if backend:
        env["REPORT_LINT_PDF_BACKEND"] = backend
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "report_lint", "check", "--no-cache",
                                "--format", "json", str(path)], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, time.monotonic() - start, usage.ru_maxrss


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=None, help="keep the corpus here")
    parser.add_argument("--backend", choices=("pdfium", "pypdf", "both"), default="both")
    args = parser.parse_args()
    folder = args.out or Path(tempfile.mkdtemp(prefix="report-lint-corpus-"))
    try:
        cases = badinputs.build(folder / "files")
        rows = []
        for case in cases:
            backends = (["pdfium", "pypdf"] if args.backend == "both" else [args.backend]) \
                if case.kind == "pdf" else [None]
            for backend in backends:
                status, seconds, kb = measure(case.path, backend)
                rows.append((kb, seconds, status, backend or "-", case.name))
                print(f"{kb / 1024:8.1f} MB {seconds:6.2f} s  exit {status}  "
                      f"{backend or '-':6} {case.name!r}", flush=True)
        peak = max(rows)
        slowest = max(rows, key=lambda r: r[1])
        print(f"\n{len(rows)} checks; peak {peak[0] / 1024:.1f} MB ({peak[4]!r}, {peak[3]}); "
              f"slowest {slowest[1]:.2f} s ({slowest[4]!r}); "
              f"total {sum(r[1] for r in rows):.1f} s")
        return 0 if peak[0] < 1024 * 1024 else 1
    finally:
        if args.out is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
