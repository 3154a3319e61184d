"""Score report-lint against the labelled real reports of ``../shared/realworld``.

The labels were written by a person reading each report; this script scores the linter's
JSON answer exactly as ``../shared/realworld/README.md`` says, one line per check:

1. a JSON result (no internal error);
2. company / activities / conclusion: a section of that role (any level) starts within one
   page of the label's first page; with pages ``null``, some section has the role; with a
   ``null`` label, no section has it;
3. the number of annexed documents equals the label's (or one of ``annex_count_any``);
4. ``pages.body`` within one page of ``body_pages`` (when not ``null``);
5. each ``must`` code is reported; 6. no ``must_not`` code is reported.

Issue 16 asks for proof that the reading generalises, so the corpus is scored in three
variants (``--variants``):

- ``plain``: the reports as they are;
- ``no-bookmarks``: every PDF report read from a copy without its bookmarks (``/Outlines``);
- ``last3``: every PDF report read from a copy that keeps only its last three bookmarks (the
  three pointing to the last pages, as one top-level list: a report whose only bookmarks are
  its annexes).

The copies are written with pypdf (the document cloned, everything but the outline kept) in a
temporary folder; the label's page numbers still hold. LaTeX, Markdown, DOCX and ODT reports
are scored as they are in every variant. Each reading is also checked against the invariants
of ``report_lint.structure.invariants`` (readings no report can have).

The linter runs exactly as ``report-lint check --format json --no-cache --fail-on never
<file>`` from the report's folder: the ``check`` command itself, invoked in long-lived worker
processes (spaCy loaded once per worker) instead of one interpreter per report; the JSON
scored is what the command prints. It prints a table per report, the misses and the totals
side by side; ``--json`` writes the details that ``tests/test_accuracy.py`` compares with the
recorded ratchet (``benchmarks/accuracy_ratchet.json``). The reports are third-party
documents: they are read from ``../shared`` in place, perturbed copies only live in a
temporary folder, and nothing of them is copied into the repository.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "realworld"
RATCHET_FILE = Path(__file__).resolve().with_name("accuracy_ratchet.json")
ROLES = ("company", "activities", "conclusion")
# A false error of these kinds is the worst a student can be told: once gone from a report,
# it must never come back (the ratchet's second half).
GUARDED_CODES = ("SEC001", "SEC002", "SEC003", "LEN001", "ANX001", "ANX002")
VARIANTS = ("plain", "no-bookmarks", "last3")
VARIANT_TITLES = {"plain": "plain", "no-bookmarks": "no bookmarks",
                  "last3": "last 3 bookmarks"}
KEEP_LAST = 3
CHECK_ARGS = ("check", "--format", "json", "--no-cache", "--fail-on", "never")


@dataclass
class Check:
    """One scored line: what was checked, whether it held, what the linter said instead."""

    name: str
    ok: bool
    detail: str = ""


@dataclass
class ReportScore:
    """Every check of one labelled report (in one variant)."""

    report_id: str
    checks: list[Check] = field(default_factory=list)
    internal_error: str | None = None
    codes: list[str] = field(default_factory=list)
    #: Impossible things the reading says (report_lint.structure.invariants).
    violations: list[str] = field(default_factory=list)
    #: Bookmarks of the PDF read: (in the report, in the copy read); None when not a PDF.
    bookmarks: tuple[int, int] | None = None
    seconds: float = 0.0
    #: (code, confidence of the part the verdict rests on) for every role-dependent finding.
    verdicts: list[tuple[str, float | None]] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.ok)

    def false_guarded(self, label: dict) -> list[str]:
        """Guarded codes the label forbids and the linter reported anyway."""
        must_not = set(label.get("expected", {}).get("must_not", []))
        return sorted(c for c in set(self.codes) if c in GUARDED_CODES and c in must_not)


# -- perturbed copies -----------------------------------------------------------------------

def _flat_outline(reader) -> list[tuple[str, int | None]]:
    """Every bookmark of a PDF in reading order (depth first): (title, 0-based page)."""
    entries: list[tuple[str, int | None]] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
                continue
            try:
                page = reader.get_destination_page_number(item)
            except Exception:  # noqa: BLE001 - a broken destination points nowhere
                page = None
            entries.append((str(getattr(item, "title", "") or ""),
                            page if page is not None and page >= 0 else None))

    try:
        walk(reader.outline)
    except Exception:  # noqa: BLE001 - an unreadable outline is no outline
        return []
    return entries


def last_bookmarks(entries: list[tuple[str, int | None]], keep: int = KEEP_LAST
                   ) -> list[tuple[str, int]]:
    """The ``keep`` bookmarks pointing to the last pages (the later one on a tie), in
    reading order."""
    usable = [(i, title, page) for i, (title, page) in enumerate(entries) if page is not None]
    chosen = sorted(usable, key=lambda e: (e[2], e[0]))[-keep:] if keep else []
    return [(title, page) for _, title, page in sorted(chosen)]


def perturb_pdf(src: Path, dst: Path, variant: str) -> tuple[int, int]:
    """Write ``src`` to ``dst`` with no bookmarks (``no-bookmarks``) or only its last three,
    as one top-level list (``last3``); pages, text, fonts and metadata are the same objects.
    Returns the number of bookmarks before and after."""
    import logging

    from pypdf import PdfReader, PdfWriter

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # "Ignoring wrong pointing object"
    reader = PdfReader(src)
    if reader.is_encrypted:
        reader.decrypt("")
    entries = _flat_outline(reader)
    writer = PdfWriter(clone_from=reader)
    root = writer.root_object
    if "/Outlines" in root:
        del root["/Outlines"]
    kept = last_bookmarks(entries) if variant == "last3" else []
    for title, page in kept:
        writer.add_outline_item(title=title, page_number=page)
    dst.parent.mkdir(parents=True, exist_ok=True)
    with dst.open("wb") as fh:
        writer.write(fh)
    return len(entries), len(kept)


def applies(label: dict, variant: str) -> bool:
    """Whether ``variant`` changes what is read: only PDF reports have bookmarks to remove."""
    return variant != "plain" and label.get("format") == "pdf"


# -- the linter, as the command line runs it ------------------------------------------------

def _warm_up() -> None:
    """Worker start: import the command and load spaCy once (a forked child inherits it)."""
    import report_lint.cli  # noqa: F401
    from report_lint.nlp import load_model

    try:
        load_model()
    except Exception:  # noqa: BLE001 - the check itself will say what is missing
        pass


def cli_check(folder: Path, file: str) -> tuple[str, str, int, list]:
    """``report-lint check --format json --no-cache --fail-on never <file>`` run from
    ``folder`` by the ``check`` command itself, in this process: (stdout, stderr, exit
    status, the FileResults it checked). The results are seen by wrapping
    ``report_lint.runner.check_file`` for the call; what is printed is the command's own."""
    from click.testing import CliRunner

    from report_lint import runner
    from report_lint.cli import cli

    seen: list = []
    original = runner.check_file

    def recording(*args, **kwargs):
        result = original(*args, **kwargs)
        seen.append(result)
        return result

    here = os.getcwd()
    runner.check_file = recording
    try:
        os.chdir(folder)
        outcome = CliRunner().invoke(cli, list(CHECK_ARGS) + [file], prog_name="report-lint")
    finally:
        runner.check_file = original
        os.chdir(here)
    stderr = outcome.stderr
    if outcome.exception is not None and not isinstance(outcome.exception, SystemExit):
        stderr += f"{type(outcome.exception).__name__}: {outcome.exception}"
    return outcome.stdout, stderr, outcome.exit_code, seen


def _lint_task(task: tuple[str, dict, str, str]) -> dict:
    """One report in one variant, in a worker: the JSON answer, the error, the invariants."""
    from report_lint.structure.invariants import violations

    variant, label, corpus, tmp = task
    started = time.monotonic()
    folder = Path(corpus) / "reports" / label["id"]
    file = label["file"]
    bookmarks = None
    if applies(label, variant):
        copy = Path(tmp) / variant / label["id"] / Path(file).name
        try:
            bookmarks = perturb_pdf(folder / file, copy, variant)
        except Exception as exc:  # noqa: BLE001 - said as this report's internal error
            return {"data": None, "error": f"perturbation failed: {type(exc).__name__}: {exc}",
                    "violations": [], "bookmarks": None,
                    "seconds": time.monotonic() - started}
        folder, file = copy.parent, copy.name
    stdout, stderr, status, results = cli_check(folder, file)
    data = error = None
    try:
        data = json.loads(stdout)
    except json.JSONDecodeError:
        tail = (stderr or stdout).strip().splitlines()[-1:] or ["no output"]
        error = f"exit {status}: {tail[0][:200]}"
    found: list[str] = []
    for result in results:
        if getattr(result, "document", None) is not None and result.report is not None:
            try:
                found += violations(result.document, result.report)
            except Exception as exc:  # noqa: BLE001 - a bug of the invariants is one too
                found.append(f"invariants not checked: {type(exc).__name__}: {exc}")
    return {"data": data, "error": error, "violations": found, "bookmarks": bookmarks,
            "seconds": time.monotonic() - started}


def _role_starts(result: dict, role: str) -> list[int | None]:
    return [s.get("first_page") for s in result.get("sections", []) if s.get("role") == role]


def score_report(label: dict, data: dict | None, error: str | None) -> ReportScore:
    """Score one answer against its label, line by line as the corpus README says."""
    score = ReportScore(label["id"])
    result = None
    if data is not None:
        files = data.get("files") or []
        result = files[0] if files else None
        if result is not None:
            score.codes = [f["code"] for f in result.get("findings", [])]
            confidence = result.get("confidence") or {}
            roles = reading_roles()
            score.verdicts = [(code, confidence.get(roles[code])) for code in score.codes
                              if code in roles]
            if "DOC001" in score.codes and not result.get("sections"):
                error = "DOC001: " + next(f["message"] for f in result["findings"]
                                          if f["code"] == "DOC001")
    if result is None and error is None:
        error = "no file in the JSON answer"
    score.internal_error = error
    score.checks.append(Check("json", error is None, error or ""))
    result = result or {}

    for role in ROLES:
        want = label.get(role)
        starts = _role_starts(result, role)
        if want is None:
            score.checks.append(Check(role, not starts, f"found at {starts}, label: none"))
        elif want.get("pages") is None:
            score.checks.append(Check(role, bool(starts), "label: present; found none"))
        else:
            first = want["pages"][0]
            ok = any(p is not None and abs(p - first) <= 1 for p in starts)
            score.checks.append(Check(role, ok, f"label p.{first} « {want.get('title')} »; "
                                                f"found at {starts or 'none'}"))

    allowed = label.get("annex_count_any") or [len(label.get("annex_documents") or [])]
    found = len(result.get("annexes") or [])
    score.checks.append(Check("annex_count", found in allowed, f"label {allowed}, found {found}"))

    if label.get("body_pages") is not None:
        body = (result.get("pages") or {}).get("body")
        ok = body is not None and abs(body - label["body_pages"]) <= 1
        score.checks.append(Check("body_pages", ok, f"label {label['body_pages']}, found {body}"))

    expected = label.get("expected", {})
    for code in expected.get("must", []):
        score.checks.append(Check(f"must {code}", code in score.codes, "not reported"))
    for code in expected.get("must_not", []):
        score.checks.append(Check(f"must_not {code}", code not in score.codes, "reported"))
    return score


def load_labels(corpus: Path, only: list[str] | None = None) -> list[dict]:
    labels = [json.loads(p.read_text(encoding="utf-8"))
              for p in sorted((corpus / "labels").glob("*.json"))]
    if only:
        labels = [lab for lab in labels if any(o in lab["id"] for o in only)]
    return labels


@lru_cache(maxsize=1)
def reading_roles() -> dict[str, str]:
    """The part of the reading each error-level verdict rests on, as each check declares it
    (``Check.reading_role``)."""
    from report_lint.rules import registry

    return {cls.code: cls.reading_role for cls in registry.checks if cls.reading_role}


def calibration(scored: list[tuple[dict, ReportScore]]) -> dict:
    """How sure the reading was of each role-dependent verdict, split by what the label
    says of it: the largest ``reading_sure`` that keeps every verdict the labels require an
    error is the lowest confidence among them; false verdicts above it cannot be caught by
    the threshold (they are wrong readings, not unsure ones)."""
    right, false = [], []
    for label, score in scored:
        expected = label.get("expected", {})
        for code, value in score.verdicts:
            if value is None:
                continue
            if code in expected.get("must", []):
                right.append((value, label["id"], code))
            elif code in expected.get("must_not", []):
                false.append((value, label["id"], code))
    lowest = min(right, default=None)
    return {"lowest_required": lowest, "false": sorted(false),
            "false_below": [f for f in false if lowest is None or f[0] < lowest[0]]}


def score_variants(corpus: Path, variants: tuple[str, ...] = VARIANTS, jobs: int = 2,
                   only: list[str] | None = None, progress=None
                   ) -> dict[str, list[tuple[dict, ReportScore]]]:
    """Every report in every variant: {variant: [(label, score), ...]} in label order;
    ``progress``: a stream told of each report as it is done."""
    labels = load_labels(corpus, only)
    unknown = [v for v in variants if v not in VARIANTS]
    if unknown:
        raise ValueError(f"unknown variants {unknown}: choose among {', '.join(VARIANTS)}")
    with tempfile.TemporaryDirectory(prefix="report-lint-accuracy-") as tmp:
        tasks = [(v, label, str(corpus), tmp) for v in variants for label in labels]
        # Long reports first, so that the last minutes are not one worker on one long PDF.
        order = sorted(range(len(tasks)), key=lambda i: -_weight(corpus, tasks[i][1]))
        context = multiprocessing.get_context(
            "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
        outs: dict[int, dict] = {}
        with ProcessPoolExecutor(max_workers=max(1, jobs), mp_context=context,
                                 initializer=_warm_up) as pool:
            futures = {pool.submit(_lint_task, tasks[i]): i for i in order}
            for done in as_completed(futures):
                i = futures[done]
                outs[i] = done.result()
                if progress is not None:
                    print(f"[{len(outs)}/{len(tasks)}] {tasks[i][0]:<12} {tasks[i][1]['id']} "
                          f"{outs[i]['seconds']:.0f} s", file=progress, flush=True)
    scored: dict[str, list[tuple[dict, ReportScore]]] = {v: [] for v in variants}
    for i, (variant, label, _, _) in enumerate(tasks):
        out = outs[i]
        score = score_report(label, out["data"], out["error"])
        score.violations = out["violations"]
        score.bookmarks = out["bookmarks"]
        score.seconds = out["seconds"]
        scored[variant].append((label, score))
    return scored


def _weight(corpus: Path, label: dict) -> int:
    try:
        return (corpus / "reports" / label["id"] / label.get("pdf", label["file"])).stat().st_size
    except (OSError, TypeError):
        return 0


def summary(scored: list[tuple[dict, ReportScore]]) -> dict:
    """What the ratchet compares: the total, internal errors, guarded codes gone per report,
    the invariants broken."""
    passed = sum(s.passed for _, s in scored)
    total = sum(len(s.checks) for _, s in scored)
    guarded_gone = {}
    for label, s in scored:
        must_not = set(label.get("expected", {}).get("must_not", []))
        guarded_gone[label["id"]] = sorted(c for c in GUARDED_CODES
                                           if c in must_not and c not in s.codes
                                           and s.internal_error is None)
    return {
        "passed": passed,
        "total": total,
        "internal_errors": {s.report_id: s.internal_error for _, s in scored if s.internal_error},
        "false_guarded": {s.report_id: s.false_guarded(label) for label, s in scored
                          if s.false_guarded(label)},
        "guarded_gone": guarded_gone,
        "violations": {s.report_id: list(s.violations) for _, s in scored if s.violations},
        "seconds": round(sum(s.seconds for _, s in scored), 1),
        "reports": {s.report_id: {"passed": s.passed, "total": len(s.checks),
                                  "misses": [f"{c.name}: {c.detail}" for c in s.checks
                                             if not c.ok],
                                  "bookmarks": list(s.bookmarks) if s.bookmarks else None}
                    for _, s in scored},
    }


def violation_key(report_id: str, variant: str, sentence: str) -> str:
    """A violation as the tests list it: the report's id, the variant and the sentence with
    every quoted title left out (no text of a third-party report in the repository)."""
    return f"{report_id} [{variant}]: " + re.sub(r"« [^»]*»", "«…»", sentence)


def print_table(scored: list[tuple[dict, ReportScore]], out=sys.stdout) -> None:
    width = max((len(s.report_id) for _, s in scored), default=10)
    cols = ("json",) + ROLES + ("annex_count", "body_pages")
    head = f"{'report':<{width}}  fmt  " + " ".join(f"{c[:7]:>7}" for c in cols) + "   codes  score"
    print(head, file=out)
    print("-" * len(head), file=out)
    for label, s in scored:
        by_name = {c.name: c for c in s.checks}
        cells = []
        for c in cols:
            check = by_name.get(c)
            cells.append(f"{'-' if check is None else ('ok' if check.ok else 'MISS'):>7}")
        code_checks = [c for c in s.checks if c.name.startswith("must")]
        codes = f"{sum(c.ok for c in code_checks)}/{len(code_checks)}"
        print(f"{s.report_id:<{width}}  {label['format']:<4} " + " ".join(cells)
              + f"  {codes:>6}  {s.passed}/{len(s.checks)}", file=out)
    print(file=out)
    print("Misses:", file=out)
    for _, s in scored:
        for c in s.checks:
            if not c.ok:
                print(f"  {s.report_id}: {c.name}: {c.detail}", file=out)
    info = summary(scored)
    print(file=out)
    pct = 100 * info["passed"] / info["total"] if info["total"] else 0
    print(f"Total: {info['passed']} of {info['total']} checks ({pct:.1f} %); "
          f"internal errors: {len(info['internal_errors'])}; "
          f"reports with a false {'/'.join(GUARDED_CODES)}: {len(info['false_guarded'])}",
          file=out)


def print_side_by_side(by_variant: dict[str, list[tuple[dict, ReportScore]]], wall: float,
                       out=sys.stdout) -> None:
    """The variants' totals in columns, then every invariant broken."""
    infos = {v: summary(s) for v, s in by_variant.items()}
    width = 26
    print(file=out)
    print(f"{'':<{width}}" + "".join(f"{VARIANT_TITLES[v]:>20}" for v in infos), file=out)

    def row(name: str, cell) -> None:
        print(f"{name:<{width}}" + "".join(f"{cell(v, i):>20}" for v, i in infos.items()),
              file=out)

    row("label checks", lambda v, i: f"{i['passed']}/{i['total']} "
        f"{100 * i['passed'] / i['total'] if i['total'] else 0:.1f} %")
    row("internal errors", lambda v, i: str(len(i["internal_errors"])))
    row("reports, false error", lambda v, i: str(len(i["false_guarded"])))
    row("invariant violations", lambda v, i: str(sum(map(len, i["violations"].values()))))
    row("reports perturbed", lambda v, i: str(sum(1 for r in i["reports"].values()
                                                  if r["bookmarks"] is not None)))
    row("worker seconds", lambda v, i: f"{i['seconds']:.0f}")
    print(f"(wall time {wall:.0f} s for all variants; false error: "
          f"{'/'.join(GUARDED_CODES)} where the label's must_not lists it)", file=out)
    for variant, info in infos.items():
        if info["violations"]:
            print(f"\nImpossible readings ({VARIANT_TITLES[variant]}):", file=out)
            for rid, sentences in info["violations"].items():
                for sentence in sentences:
                    print(f"  {rid}: {sentence}", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the labelled corpus (default: ../shared/realworld)")
    parser.add_argument("-j", "--jobs", type=int, default=2,
                        help="worker processes (default: 2)")
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help=f"comma-separated, among {','.join(VARIANTS)} (default: all)")
    parser.add_argument("--only", nargs="*", help="report ids (or parts of them) to score")
    parser.add_argument("--json", type=Path, help="write the summaries as JSON here")
    parser.add_argument("--update-ratchet", action="store_true",
                        help="record this run's totals and guarded codes (only ever upward)")
    args = parser.parse_args(argv)
    if not (args.corpus / "labels").is_dir():
        print(f"no labelled corpus at {args.corpus}", file=sys.stderr)
        return 2
    variants = tuple(v.strip() for v in args.variants.split(",") if v.strip())
    if not variants or any(v not in VARIANTS for v in variants):
        print(f"--variants: choose among {','.join(VARIANTS)}", file=sys.stderr)
        return 2
    started = time.monotonic()
    by_variant = score_variants(args.corpus, variants, args.jobs, args.only,
                                progress=sys.stderr)
    wall = time.monotonic() - started
    for variant, scored in by_variant.items():
        print(f"== {VARIANT_TITLES[variant]} ==")
        print_table(scored)
        print()
    print_side_by_side(by_variant, wall)
    plain = by_variant.get("plain") or next(iter(by_variant.values()))
    found = calibration(plain)
    lowest = found["lowest_required"]
    least = f"{lowest[0]} ({lowest[1]} {lowest[2]})" if lowest else "-"
    false = ", ".join(f"{r} {c} {v}" for v, r, c in found["false"]) or "none"
    print(f"\nreading_sure: the errors the labels require are read with confidence {least} "
          f"at the least; false errors: {false}")
    infos = {v: summary(s) for v, s in by_variant.items()}
    if args.json:
        args.json.write_text(json.dumps({"variants": infos, "wall_seconds": round(wall, 1)},
                                        indent=2, ensure_ascii=False), encoding="utf-8")
    if args.update_ratchet:
        if args.only:
            print("--update-ratchet needs the whole corpus", file=sys.stderr)
            return 2
        update_ratchet(infos)
    return 0


def update_ratchet(infos: dict[str, dict]) -> None:
    """Raise each variant's recorded figures to this run's, never lower them (a variant
    whose number of checks changed, the corpus having changed, is recorded afresh)."""
    old = json.loads(RATCHET_FILE.read_text()) if RATCHET_FILE.exists() else {}
    variants = dict(old.get("variants", {}))
    for variant, info in infos.items():
        before = variants.get(variant, {})
        same = before.get("total") == info["total"]
        passed = max(info["passed"], before.get("min_passed", 0)) if same else info["passed"]
        old_gone = before.get("guarded_gone", {}) if same else {}
        gone = {rid: sorted(set(codes) | set(old_gone.get(rid, [])))
                for rid, codes in info["guarded_gone"].items()}
        variants[variant] = {"min_passed": passed, "total": info["total"],
                             "guarded_gone": gone}
        print(f"ratchet [{variant}]: at least {passed} of {info['total']} checks")
    RATCHET_FILE.write_text(json.dumps({"variants": {v: variants[v] for v in VARIANTS
                                                     if v in variants}},
                                       indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
