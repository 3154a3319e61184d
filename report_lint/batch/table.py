"""The class table every output shares: one row per student, in French or English."""

from __future__ import annotations

from typing import Any, Iterable

from report_lint.batch.model import (
    CHECKED,
    CRASH,
    MEMORY,
    MISSING,
    NO_REPORT,
    NOT_CHECKED,
    TIMEOUT,
    UNREADABLE,
    BatchResult,
    StudentResult,
)

REQUIRED_ROLES = ("company", "activities", "conclusion")

TABLE_TEXT = {
    "fr": {
        "columns": {"student": "Élève", "pages": "Pages", "sections": "Sections",
                    "annexes_en": "Annexes EN", "image_share": "Images max",
                    "errors": "Erreurs", "warnings": "Avert.", "verdict": "Verdict"},
        "extra": {"student_id": "Identifiant", "pages_total": "Pages (total)",
                  "file": "Fichier", "other_files": "Autres fichiers", "detail": "Détail"},
        "verdicts": {"ok": "conforme", "errors": "non conforme", UNREADABLE: "illisible",
                     TIMEOUT: "délai dépassé", CRASH: "échec", MEMORY: "mémoire dépassée",
                     MISSING: "absent", NO_REPORT: "aucun rapport"},
        "roles": {"company": "entreprise", "activities": "activités", "conclusion": "conclusion"},
        "without": "sans",
        "percent": "{} %",
    },
    "en": {
        "columns": {"student": "Student", "pages": "Pages", "sections": "Sections",
                    "annexes_en": "English annexes", "image_share": "Worst image share",
                    "errors": "Errors", "warnings": "Warnings", "verdict": "Verdict"},
        "extra": {"student_id": "ID", "pages_total": "Pages (total)", "file": "File",
                  "other_files": "Other files", "detail": "Detail"},
        "verdicts": {"ok": "compliant", "errors": "non-compliant", UNREADABLE: "unreadable",
                     TIMEOUT: "timed out", CRASH: "failed", MEMORY: "out of memory",
                     MISSING: "missing", NO_REPORT: "no report"},
        "roles": {"company": "company", "activities": "activities", "conclusion": "conclusion"},
        "without": "no",
        "percent": "{}%",
    },
}
COLUMNS = ("student", "pages", "sections", "annexes_en", "image_share", "errors", "warnings",
           "verdict")
EXTRA_COLUMNS = ("student_id", "pages_total", "file", "other_files", "detail")


def verdict_key(student: StudentResult) -> str:
    if student.status != CHECKED:
        return student.status
    return "errors" if student.counts["error"] else "ok"


def worst_share(student: StudentResult) -> float | None:
    report = getattr(student.result, "report", None)
    if report is None or not report.annexes:
        return None
    return max(annex.image_share for annex in report.annexes)


def table_row(student: StudentResult, lang: str = "fr", settings: dict | None = None,
              *, extra: bool = False) -> dict[str, str]:
    """One student's row, as text cells (the terminal, CSV and HTML all show these)."""
    t = TABLE_TEXT.get(lang, TABLE_TEXT["fr"])
    settings = settings or {}
    row = dict.fromkeys(COLUMNS + (EXTRA_COLUMNS if extra else ()), "")
    row["student"] = student.student
    row["verdict"] = t["verdicts"][verdict_key(student)]
    result = student.result
    report = getattr(result, "report", None)
    if result is not None and report is not None:
        row["pages"] = str(len(report.body_pages))
        roles = {s.role for s in report.all_sections()}
        missing = [r for r in REQUIRED_ROLES if r not in roles]
        row["sections"] = f"{len(REQUIRED_ROLES) - len(missing)}/{len(REQUIRED_ROLES)}"
        if missing:
            row["sections"] += f" ({t['without']} {', '.join(t['roles'][r] for r in missing)})"
        wanted = settings.get("annex_language", "en")
        english = sum(1 for a in report.annexes if a.language == wanted)
        row["annexes_en"] = f"{english}/{len(report.annexes)}"
        share = worst_share(student)
        row["image_share"] = "" if share is None else t["percent"].format(round(share * 100))
    if result is not None or student.status == CHECKED:
        row["errors"] = str(student.counts["error"])
        row["warnings"] = str(student.counts["warning"])
    if extra:
        submission = student.submission
        row["student_id"] = student.student_id or ""
        if result is not None and result.document is not None:
            row["pages_total"] = str(result.document.page_count)
        if submission is not None:
            row["file"] = submission.chosen.location if submission.chosen else ""
            row["other_files"] = ", ".join(f.name for f in submission.others)
        row["detail"] = student.detail
    return row


def headers(lang: str = "fr", *, extra: bool = False) -> dict[str, str]:
    t = TABLE_TEXT.get(lang, TABLE_TEXT["fr"])
    names = dict(t["columns"])
    if extra:
        names.update(t["extra"])
    return names


def table_rows(batch: BatchResult, *, extra: bool = False) -> list[dict[str, str]]:
    return [table_row(s, batch.lang, batch.settings, extra=extra) for s in batch.students]


def students_to_dict(batch: BatchResult) -> dict[str, Any]:
    """``--json``: for each student, the rules.md contract of their file (``report``)."""
    from report_lint import __version__
    from report_lint.reporters import file_to_dict

    students = []
    for s in batch.students:
        submission = s.submission
        students.append({
            "student": s.student,
            "student_id": s.student_id,
            "status": s.status,
            "verdict": verdict_key(s),
            "detail": s.detail or None,
            "on_roster": s.on_roster,
            "file": submission.chosen.location if submission and submission.chosen else None,
            "other_files": [f.location for f in submission.others] if submission else [],
            "report": file_to_dict(s.result) if s.result is not None else None,
        })
    return {"version": __version__, "source": batch.source, "students": students}


def iter_notes(batch: BatchResult) -> Iterable[str]:
    """Lines worth reading under the table: other files, why a file was not checked."""
    fr = batch.lang != "en"
    for s in batch.students:
        sub = s.submission
        if sub is not None and sub.others:
            chosen = sub.chosen.name if sub.chosen else None
            others = ", ".join(f.name for f in sub.others)
            if chosen:
                yield (f"{s.student} : rapport vérifié « {chosen} » ; autres fichiers déposés, non "
                       f"vérifiés : {others}" if fr else
                       f"{s.student}: checked \"{chosen}\"; other files handed in, not checked: "
                       f"{others}")
            else:
                yield (f"{s.student} : aucun rapport parmi les fichiers déposés : {others}" if fr
                       else f"{s.student}: no report among the files handed in: {others}")
        if s.status in NOT_CHECKED and s.detail:
            yield f"{s.student} : {s.detail}" if fr else f"{s.student}: {s.detail}"
        if s.on_roster is False:
            yield (f"{s.student} : absent de la liste d'élèves" if fr
                   else f"{s.student}: not on the roster")
    for note in getattr(batch, "notes", []):
        yield note


def text_table(batch: BatchResult, *, color: bool = False) -> str:
    """The terminal output: the class table, notes under it, a one-line total."""
    import click

    names = headers(batch.lang)
    rows = table_rows(batch)
    widths = {k: max([len(names[k])] + [len(r[k]) for r in rows]) for k in COLUMNS}
    right = {"pages", "image_share", "errors", "warnings"}

    def line(cells: dict[str, str]) -> str:
        return "  ".join(cells[k].rjust(widths[k]) if k in right else cells[k].ljust(widths[k])
                         for k in COLUMNS).rstrip()

    out = [click.style(line(names), bold=True)]
    colours = {"ok": "green", "errors": "red", MISSING: None}
    for student, row in zip(batch.students, rows):
        text = line(row)
        colour = colours.get(verdict_key(student), "yellow")
        out.append(click.style(text, fg=colour) if colour else text)
    notes = list(iter_notes(batch))
    if notes:
        out.append("")
        out.extend(notes)
    t = TABLE_TEXT.get(batch.lang, TABLE_TEXT["fr"])
    tally: dict[str, int] = {}
    for student in batch.students:
        verdict = t["verdicts"][verdict_key(student)]
        tally[verdict] = tally.get(verdict, 0) + 1
    word = "élèves" if batch.lang != "en" else "students"
    sep = " : " if batch.lang != "en" else ": "
    summary = ", ".join(f"{v}{sep}{n}" for v, n in tally.items())
    out.append("")
    out.append(click.style(f"{len(batch.students)} {word} : {summary}." if batch.lang != "en"
                           else f"{len(batch.students)} {word}: {summary}.", bold=True))
    return "\n".join(out) + "\n"
