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

    python benchmarks/run_benchmark.py --stages [--file report.pdf] [--repeat 5]

measures instead where a cold ``check`` of one PDF (default: the 28-page
fixtures/reports/compliant-lo.pdf) spends its time, stage by stage in a fresh process, with
the lemmatizer's tables from the store (the default) and as spaCy ships them
(``REPORT_LINT_FULL_SPACY=1``); then the whole cold ``check`` side by side with
``pdftotext`` on the same file (pairs, ratio), its peak memory, the re-check from the
cache, ``--version`` and ``rules`` (issue 17).
"""

from __future__ import annotations

import argparse
import json
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


STAGE_PROBE = r"""
import json, sys, time
from pathlib import Path
CLOCK = time.perf_counter if sys.argv[2] == "wall" else time.process_time
clock = CLOCK
spent = {}
running = {}  # key -> depth: a stage timed inside itself is counted once

def timed(owner, name, key):
    inner = getattr(owner, name)
    def wrapper(*args, **kwargs):
        running[key] = running.get(key, 0) + 1
        start = clock()
        try:
            return inner(*args, **kwargs)
        finally:
            running[key] -= 1
            if not running[key]:
                spent[key] = spent.get(key, 0.0) + clock() - start
    setattr(owner, name, wrapper)

start = clock()
from report_lint.nlp import import_spacy
import_spacy()  # spaCy without its command line, as the linter imports it
spent["import spacy"] = clock() - start
from spacy.lookups import Lookups
from report_lint import lemma_store, language
from report_lint.nlp import Analyzer, load_model
timed(Lookups, "from_disk", "lemma tables")        # spaCy's own (full pipeline)
timed(lemma_store, "load", "lemma tables")          # the store
start = clock()
load_model()
spent["spaCy model"] = clock() - start - spent.get("lemma tables", 0.0)
start = clock()
language.warm_up()
spent["langdetect profiles"] = clock() - start
from langdetect.detector_factory import DetectorFactory, PROFILES_DIRECTORY
start = clock()
DetectorFactory().load_profile(PROFILES_DIRECTORY)
spent["(langdetect's 55 profiles, before issue 17)"] = clock() - start
from report_lint.nlp import PartialTags
timed(Analyzer, "doc", "analysis (spaCy on the text)")
timed(Analyzer, "_phrases", "analysis (spaCy on the text)")
# The activities, tagged where their answers depend on the tags: tokenizer, possible
# lemmas, the pieces tagged.
for method in ("__init__", "possible", "possible_lemmas", "tag"):
    timed(PartialTags, method, "analysis (spaCy on the text)")
timed(language, "detect_language", "language detection")
from report_lint.config import load_config
from report_lint.reporters import get_reporter
from report_lint import runner
# The model is loaded here already, so the file is read in turn; a cold check reads it in a
# child process while spaCy loads (report_lint/aside.py): this stage is off its critical path.
timed(runner, "_read", "pdf + layout (read aside while spaCy loads)")
start = clock()
result = runner.check_file(Path(sys.argv[1]), load_config(None))
get_reporter("text")([result], lang="fr")
total = clock() - start
spent["structure+checks+output"] = total - sum(spent.get(stage, 0.0) for stage in (
    "analysis (spaCy on the text)", "language detection",
    "pdf + layout (read aside while spaCy loads)"))
print(json.dumps(spent))
"""


def stage_table(path: Path, repeat: int) -> None:
    """Seconds per stage in a fresh process, wall-clock and CPU (a busy machine inflates
    the first, hardly the second): median of ``repeat`` processes per column."""
    modes = {"store": {}, "full spaCy": {"REPORT_LINT_FULL_SPACY": "1"}}
    columns = [f"{mode}, {clock}" for mode in modes for clock in ("wall", "CPU")]
    found: dict[str, dict[str, list[float]]] = {}
    for mode, extra in modes.items():
        env = dict(os.environ, REPORT_LINT_TIMEOUT="0", **extra)
        for _ in range(repeat):
            for clock in ("wall", "CPU"):
                done = subprocess.run([sys.executable, "-c", STAGE_PROBE, str(path), clock.lower()],
                                      env=env, capture_output=True, text=True, check=True)
                for stage, seconds in json.loads(done.stdout.strip().splitlines()[-1]).items():
                    found.setdefault(stage, {}).setdefault(f"{mode}, {clock}", []).append(seconds)
    print(f"\n### Stages of a cold check, {pages(path)}-page PDF, fresh process each "
          f"(median of {repeat}; full spaCy: REPORT_LINT_FULL_SPACY=1)\n")
    print("| stage s | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for stage, by_column in found.items():
        cells = [f"{statistics.median(by_column[c]):.3f}" if c in by_column else "–"
                 for c in columns]
        print(f"| {stage} | " + " | ".join(cells) + " |")


def run_cpu(command: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, children included) and peak resident KB."""
    full = ["/usr/bin/time", "-f", "%M %U %S", *command]
    start = time.perf_counter()
    done = subprocess.run(full, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    peak, user, system = done.stderr.strip().splitlines()[-1].split()
    return elapsed, float(user) + float(system), int(peak)


def stages(path: Path, repeat: int, bytecode: bool = False) -> None:
    if bytecode:
        # What `pip install .` does: without it (an editable install with
        # PYTHONDONTWRITEBYTECODE=1), every process compiles report-lint's modules again.
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "report_lint"),
                        str(ROOT / "checks")], check=True)
        print("report-lint's bytecode compiled first (--bytecode), as pip install does")
    with tempfile.TemporaryDirectory(prefix="report-lint-stages-") as tmp:
        os.environ["REPORT_LINT_CACHE_DIR"] = str(Path(tmp) / "cache-home")
        # As after an installation's first runs: the tokenizer's patterns and the lemma
        # store (first run), the word lists' phrase lemmas (the first run on the store).
        for _ in range(2):
            subprocess.run(report_lint("check", "--no-cache", str(path)), capture_output=True)
            wait_for_store(Path(tmp) / "cache-home")
        stage_table(path, repeat)

        print(f"\n### Cold `report-lint check --no-cache` against `pdftotext`, {repeat} pairs\n")
        print("| pair | check wall s | check CPU s | peak MB | pdftotext wall s | "
              "pdftotext CPU s | ratio wall | ratio CPU |")
        print("|---|---|---|---|---|---|---|---|")
        walls, cpus, ratios, cpu_ratios, peaks = [], [], [], [], []
        for i in range(repeat):
            wall, cpu, peak = run_cpu(report_lint("check", "--no-cache", str(path)))
            base_wall, base_cpu, _ = run_cpu(["pdftotext", str(path), os.devnull])
            base_cpu = max(base_cpu, 0.01)  # /usr/bin/time counts in hundredths
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(peak)
            ratios.append(wall / base_wall)
            cpu_ratios.append(cpu / base_cpu)
            print(f"| {i + 1} | {wall:.2f} | {cpu:.2f} | {peak / 1024:.0f} | {base_wall:.3f} | "
                  f"{base_cpu:.2f} | {wall / base_wall:.0f}× | {cpu / base_cpu:.0f}× |",
                  flush=True)
        print(f"\ncold check: wall {spread(walls)} s, CPU {spread(cpus)} s; "
              f"{spread(ratios)}× pdftotext (wall), {spread(cpu_ratios)}× (CPU); "
              f"peak {max(peaks) / 1024:.0f} MB")
        env = dict(os.environ, REPORT_LINT_FULL_SPACY="1")
        full = [run_cpu(report_lint("check", "--no-cache", str(path)), env)
                for _ in range(repeat)]
        print(f"the same with REPORT_LINT_FULL_SPACY=1: wall {spread([f[0] for f in full])} s, "
              f"CPU {spread([f[1] for f in full])} s, peak {max(f[2] for f in full) / 1024:.0f} MB")

        cache = Path(tmp) / "results"
        subprocess.run(report_lint("check", "--cache-dir", str(cache), str(path)),
                       capture_output=True)
        for label, command in (
                ("re-check from the cache", report_lint("check", "--cache-dir", str(cache),
                                                        str(path))),
                ("--version", report_lint("--version")), ("rules", report_lint("rules"))):
            runs = [run_cpu(command) for _ in range(repeat)]
            print(f"{label}: wall {spread([r[0] for r in runs])} s, "
                  f"CPU {spread([r[1] for r in runs])} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 35, 100])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--batch-repeat", type=int, default=5,
                        help="pairs of batch runs (1 then 2 workers); the machine's noise "
                             "weighs more on a ratio than on a time")
    parser.add_argument("--no-batch", action="store_true")
    parser.add_argument("--stages", action="store_true",
                        help="where a cold check of one PDF spends its time (issue 17)")
    parser.add_argument("--file", type=Path,
                        default=ROOT / "fixtures" / "reports" / "compliant-lo.pdf",
                        help="the PDF of --stages")
    parser.add_argument("--bytecode", action="store_true",
                        help="--stages: compile report-lint's bytecode first, as pip install "
                             "does (an editable install under PYTHONDONTWRITEBYTECODE=1 "
                             "compiles it in every process)")
    args = parser.parse_args()
    if args.stages:
        stages(args.file.resolve(), args.repeat, args.bytecode)
        return
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
