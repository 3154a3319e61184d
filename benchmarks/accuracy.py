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

It prints a table per report, the misses and the total; ``--json`` writes the details that
``tests/test_accuracy.py`` compares with the recorded ratchet
(``benchmarks/accuracy_ratchet.json``). The reports are third-party documents: they are read
from ``../shared`` in place and nothing of them is copied.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO_ROOT.parent / "shared" / "realworld"
RATCHET_FILE = Path(__file__).resolve().with_name("accuracy_ratchet.json")
ROLES = ("company", "activities", "conclusion")
# A false error of these kinds is the worst a student can be told: once gone from a report,
# it must never come back (the ratchet's second half).
GUARDED_CODES = ("SEC001", "SEC002", "SEC003", "LEN001", "ANX002")
PER_REPORT_TIMEOUT = 600


@dataclass
class Check:
    """One scored line: what was checked, whether it held, what the linter said instead."""

    name: str
    ok: bool
    detail: str = ""


@dataclass
class ReportScore:
    """Every check of one labelled report."""

    report_id: str
    checks: list[Check] = field(default_factory=list)
    internal_error: str | None = None
    codes: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for c in self.checks if c.ok)

    def false_guarded(self, label: dict) -> list[str]:
        """Guarded codes the label forbids and the linter reported anyway."""
        must_not = set(label.get("expected", {}).get("must_not", []))
        return sorted(c for c in set(self.codes) if c in GUARDED_CODES and c in must_not)


def run_linter(corpus: Path, label: dict) -> tuple[dict | None, str | None]:
    """Run ``report-lint check --format json --no-cache`` as a user would, in the report's folder."""
    folder = corpus / "reports" / label["id"]
    cmd = [sys.executable, "-m", "report_lint", "check", "--format", "json", "--no-cache",
           "--fail-on", "never", label["file"]]
    env = dict(os.environ)
    try:
        proc = subprocess.run(cmd, cwd=folder, capture_output=True, text=True,
                              timeout=PER_REPORT_TIMEOUT, env=env, stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return None, f"no answer within {PER_REPORT_TIMEOUT} s"
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["no output"]
        return None, f"exit {proc.returncode}: {tail[0][:200]}"
    return data, None


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


def score_corpus(corpus: Path, jobs: int = 2, only: list[str] | None = None
                 ) -> list[tuple[dict, ReportScore]]:
    labels = load_labels(corpus, only)

    def one(label: dict) -> tuple[dict, ReportScore]:
        data, error = run_linter(corpus, label)
        return label, score_report(label, data, error)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(one, labels))


def summary(scored: list[tuple[dict, ReportScore]]) -> dict:
    """What the ratchet compares: the total, internal errors, guarded codes gone per report."""
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
        "reports": {s.report_id: {"passed": s.passed, "total": len(s.checks),
                                  "misses": [f"{c.name}: {c.detail}" for c in s.checks
                                             if not c.ok]}
                    for _, s in scored},
    }


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the labelled corpus (default: ../shared/realworld)")
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--only", nargs="*", help="report ids (or parts of them) to score")
    parser.add_argument("--json", type=Path, help="write the summary as JSON here")
    parser.add_argument("--update-ratchet", action="store_true",
                        help="record this run's total and guarded codes (only ever upward)")
    args = parser.parse_args(argv)
    if not (args.corpus / "labels").is_dir():
        print(f"no labelled corpus at {args.corpus}", file=sys.stderr)
        return 2
    scored = score_corpus(args.corpus, args.jobs, args.only)
    print_table(scored)
    info = summary(scored)
    if args.json:
        args.json.write_text(json.dumps(info, indent=2, ensure_ascii=False), encoding="utf-8")
    if args.update_ratchet:
        if args.only:
            print("--update-ratchet needs the whole corpus", file=sys.stderr)
            return 2
        update_ratchet(info)
    return 0


def update_ratchet(info: dict) -> None:
    """Raise the recorded figures to this run's, never lower them."""
    old = json.loads(RATCHET_FILE.read_text()) if RATCHET_FILE.exists() else {}
    passed = max(info["passed"], old.get("min_passed", 0))
    gone = {rid: sorted(set(codes) | set(old.get("guarded_gone", {}).get(rid, [])))
            for rid, codes in info["guarded_gone"].items()}
    RATCHET_FILE.write_text(json.dumps({"min_passed": passed, "total": info["total"],
                                        "guarded_gone": gone}, indent=2) + "\n")
    print(f"ratchet: at least {passed} of {info['total']} checks")


if __name__ == "__main__":
    sys.exit(main())
