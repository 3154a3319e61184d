"""A whole class at once: find each student's report in a folder or a ZIP, check them all in
worker processes, and build the class table every output shares.

Where the submissions come from
    A folder, or a ZIP such as the one Moodle's "Download all submissions" gives: one folder
    per student, named ``Nom Prénom_123456_assignsubmission_file_`` (older exports, and the
    option without folders, put the same prefix before each file name instead). Anything
    else works too: a folder per student (named after the student), or report files side by
    side (the student is the file name).

Which file is the report
    A student may hand in several files. The report is the one in the best-supported format
    (PDF first, then DOCX, ODT, LaTeX, Markdown), preferring a name that says "rapport" or
    "report", then the biggest; every other file is listed with the student's row, never
    dropped silently.

A ZIP is never extracted
    Members are listed from the ZIP's directory and only the chosen reports are read, through
    a size limit (against ZIP bombs), into a private temporary folder that is deleted at the
    end. Member names are only used as labels: a name with ``..`` or an absolute path is
    ignored, and the temporary files get a sanitised name of their own.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import stat
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Callable, Iterable

from report_lint.config import Config
from report_lint.findings import Severity
from report_lint.rules import registry

#: Report formats, best first: the order in which a student's files are preferred.
REPORT_SUFFIXES = (".pdf", ".docx", ".odt", ".tex", ".md")
#: Word-processor files the linter cannot read: a student who handed in only one of these
#: gets the DOC001 line saying how to save it (``.doc``: "save as .docx"), not "no report".
UNREADABLE_REPORT_SUFFIXES = (".doc", ".docm", ".rtf", ".pages", ".wps", ".wpd")
#: Files and folders that are never a submission (archivers' and systems' leftovers).
JUNK_NAMES = {"__macosx", ".ds_store", "thumbs.db", "desktop.ini"}

MOODLE_FOLDER = re.compile(
    r"^(?P<name>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_(?P<plugin>[a-z]+)_?$", re.I)
MOODLE_FILE = re.compile(
    r"^(?P<name>.+?)_(?P<id>\d+)_assign(?:submission|feedback)_(?P<plugin>[a-z]+)_(?P<file>.+)$",
    re.I)
REPORT_WORDS = re.compile(r"rapport|report|stage|internship", re.I)

#: Limits when reading a ZIP (a class is 15 to 35 reports of a few MB each).
MAX_MEMBERS = 10_000
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 2 * 1024 * 1024 * 1024
#: A member that inflates more than this many times and to more than MAX_RATIO_FLOOR bytes
#: is treated as a ZIP bomb (PDFs and DOCX are already compressed: they inflate little).
MAX_RATIO = 100
MAX_RATIO_FLOOR = 10 * 1024 * 1024

# Student statuses.
CHECKED, UNREADABLE, TIMEOUT, CRASH, MEMORY, MISSING, NO_REPORT = (
    "checked", "unreadable", "timeout", "crash", "memory", "missing", "no-report")
#: Statuses for which a file was handed in but could not be checked (exit status 2).
NOT_CHECKED = (UNREADABLE, TIMEOUT, CRASH, MEMORY)


class BatchError(Exception):
    """The class itself cannot be read (not a folder, not a ZIP, a damaged ZIP...)."""


class _RefusedMember(Exception):
    """One ZIP member that is not read (too big, encrypted, damaged); the student's row says
    why."""


@dataclass
class SubmittedFile:
    name: str  # the file's name inside the student's submission (for display)
    location: str  # where it is: a path, or ``classe.zip!folder/file.pdf``
    size: int = 0
    path: Path | None = None  # on disk (folder source)
    member: zipfile.ZipInfo | None = None  # inside the ZIP

    @property
    def suffix(self) -> str:
        return PurePosixPath(self.name).suffix.lower()


@dataclass
class Submission:
    student: str
    student_id: str | None = None
    folder: str | None = None  # the submission folder's name, when there is one
    files: list[SubmittedFile] = field(default_factory=list)
    chosen: SubmittedFile | None = None

    @property
    def others(self) -> list[SubmittedFile]:
        return [f for f in self.files if f is not self.chosen]


@dataclass
class StudentResult:
    student: str
    student_id: str | None = None
    status: str = CHECKED
    submission: Submission | None = None
    result: Any = None  # runner.FileResult when the file was checked (even unreadable)
    detail: str = ""
    seconds: float = 0.0
    on_roster: bool | None = None  # None without a roster
    annotated: Path | None = None

    @property
    def counts(self) -> dict[str, int]:
        counts = {s.value: 0 for s in Severity}
        if self.result is not None:
            for finding in self.result.findings:
                counts[getattr(finding.severity, "value", finding.severity)] += 1
        return counts


@dataclass
class BatchResult:
    source: str
    students: list[StudentResult]
    settings: dict[str, Any] = field(default_factory=dict)
    lang: str = "fr"

    @property
    def exit_status(self) -> int:
        if any(s.status in NOT_CHECKED for s in self.students):
            return 2
        if any(s.counts["error"] for s in self.students):
            return 1
        return 0


# -- names -------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents, spaces normalised: how names are compared and sorted."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


def name_tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in re.split(r"[\s\-'’_.,]+", fold(name)) if t)


def sort_key(student: str, student_id: str | None = None) -> tuple:
    return (fold(student), student_id or "")


def _clean_name(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


# -- discovery ---------------------------------------------------------------------------


def _zip_name(info: zipfile.ZipInfo) -> str:
    """The member's name; Windows archivers write UTF-8 names without saying so."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _safe_parts(name: str) -> list[str] | None:
    """The parts of a member name, or None when it tries to leave the archive."""
    name = name.replace("\\", "/")
    if name.startswith("/") or re.match(r"^[A-Za-z]:", name) or "\0" in name:
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        return None
    return parts


def _junk(parts: list[str]) -> bool:
    return any(p.lower() in JUNK_NAMES or p.startswith((".", "~$")) for p in parts)


def discover(source: Path) -> tuple[list[Submission], list[str]]:
    """The submissions in a folder or a ZIP, sorted by student; and notes (ignored members)."""
    source = Path(source)
    notes: list[str] = []
    entries: list[tuple[list[str], SubmittedFile]] = []
    if source.is_dir():
        for root, dirs, names in os.walk(source):
            dirs.sort()
            for name in sorted(names):
                path = Path(root) / name
                parts = list(path.relative_to(source).parts)
                if _junk(parts) or not path.is_file():
                    continue
                entries.append((parts, SubmittedFile(name, str(path), path.stat().st_size,
                                                     path=path)))
    elif zipfile.is_zipfile(source):
        try:
            with zipfile.ZipFile(source) as archive:
                infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise BatchError(f"{source}: damaged ZIP ({exc})") from None
        if len(infos) > MAX_MEMBERS:
            raise BatchError(f"{source}: {len(infos)} members in the ZIP, more than "
                             f"{MAX_MEMBERS}: not a class")
        for info in infos:
            if info.is_dir():
                continue
            name = _zip_name(info)
            parts = _safe_parts(name)
            if parts is None:
                notes.append(f"{source.name}!{name}: unsafe member name, ignored")
                continue
            if not parts or _junk(parts):
                continue
            entries.append((parts, SubmittedFile(parts[-1], f"{source.name}!{'/'.join(parts)}",
                                                 info.file_size, member=info)))
    elif source.exists():
        raise BatchError(f"{source}: neither a folder nor a ZIP file")
    else:
        raise BatchError(f"{source}: no such file or directory")

    # A ZIP of one folder that holds the whole class (student folders, or several reports
    # side by side): look inside it. One folder holding one report is one student's.
    while entries and all(len(p) > 1 for p, _ in entries) \
            and len({p[0] for p, _ in entries}) == 1 and not MOODLE_FOLDER.match(entries[0][0][0]) \
            and (any(len(p) > 2 for p, _ in entries)
                 or sum(f.suffix in REPORT_SUFFIXES for _, f in entries) > 1):
        entries = [(p[1:], f) for p, f in entries]

    by_key: dict[str, Submission] = {}
    for parts, file in entries:
        if len(parts) > 1:
            folder = parts[0]
            match = MOODLE_FOLDER.match(folder)
            student = _clean_name(match["name"]) if match else _clean_name(folder)
            sid = match["id"] if match else None
            key = f"{sid}:{fold(student)}" if sid else f"folder:{folder}"
            file.name = "/".join(parts[1:])
        else:
            match = MOODLE_FILE.match(parts[0])
            if match:
                student, sid, file.name = _clean_name(match["name"]), match["id"], match["file"]
                key, folder = f"{sid}:{fold(student)}", None
            else:
                student, sid, folder = _clean_name(PurePosixPath(parts[0]).stem), None, None
                key = f"file:{parts[0]}"
        submission = by_key.setdefault(key, Submission(student, sid, folder))
        submission.files.append(file)
    submissions = sorted(by_key.values(), key=lambda s: sort_key(s.student, s.student_id))
    for submission in submissions:
        submission.chosen = choose_report(submission.files)
    return submissions, notes


def choose_report(files: list[SubmittedFile]) -> SubmittedFile | None:
    """The report among a student's files: best format, a name saying so, the biggest; a
    word-processor file the linter cannot read when there is nothing else (it is checked,
    so the student's row says why it was not read)."""
    order = REPORT_SUFFIXES + UNREADABLE_REPORT_SUFFIXES
    candidates = [f for f in files if f.suffix in REPORT_SUFFIXES] or [
        f for f in files if f.suffix in UNREADABLE_REPORT_SUFFIXES]
    if not candidates:
        return None
    return min(candidates, key=lambda f: (
        order.index(f.suffix),
        0 if REPORT_WORDS.search(f.name) else 1,
        -f.size,
        fold(f.name),
    ))


def _safe_file_name(name: str, limit: int = 120) -> str:
    base = PurePosixPath(name.replace("\\", "/")).name
    base = re.sub(r'[\x00-\x1f<>:"/\\|?*]', "_", base).strip(" .") or "rapport"
    stem, suffix = os.path.splitext(base)
    return stem[: limit - len(suffix)] + suffix


def read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> bytes:
    """A member's bytes, refusing encrypted members and anything that inflates too much.

    The header's sizes are checked first, then the bytes are counted as they are inflated
    (a forged header cannot make us read more than the limit)."""
    if info.flag_bits & 0x1:
        raise _RefusedMember("encrypted in the ZIP")
    if info.file_size > MAX_MEMBER_BYTES:
        raise _RefusedMember(f"{info.file_size} bytes, more than the {MAX_MEMBER_BYTES} allowed")
    if info.file_size > MAX_RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
        raise _RefusedMember("inflates too much (ZIP bomb?)")
    limit = min(MAX_MEMBER_BYTES, budget[0])
    out = io.BytesIO()
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(1 << 20):
                out.write(chunk)
                if out.tell() > limit:
                    raise _RefusedMember("more data than the ZIP declares or allows")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError,
            NotImplementedError, RuntimeError) as exc:
        raise _RefusedMember(f"damaged in the ZIP ({' '.join(str(exc).split())})") from None
    budget[0] -= out.tell()
    return out.getvalue()


# -- the roster --------------------------------------------------------------------------

_NAME_HEADERS = {"nom", "name", "last name", "lastname", "surname", "nom de famille"}
_FIRST_HEADERS = {"prenom", "first name", "firstname", "given name"}
_FULL_HEADERS = {"nom complet", "full name", "fullname", "eleve", "etudiant", "student",
                 "nom prenom", "identite", "apprenant"}


def read_roster(path: Path) -> list[str]:
    """Student names from a CSV (``;``, ``,`` or tab; UTF-8 or Windows-1252): columns
    ``Nom`` and ``Prénom``, or one name column, or no header (first columns)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if ";" in lines[0] else ","
    rows = [[c.strip() for c in row] for row in csv.reader(lines, delimiter=delimiter)]
    header = [fold(c) for c in rows[0]]
    name_col = next((i for i, h in enumerate(header) if h in _NAME_HEADERS), None)
    first_col = next((i for i, h in enumerate(header) if h in _FIRST_HEADERS), None)
    full_col = next((i for i, h in enumerate(header) if h in _FULL_HEADERS), None)
    names: list[str] = []
    if name_col is not None or first_col is not None or full_col is not None:
        for row in rows[1:]:
            def cell(i: int | None) -> str:
                return row[i] if i is not None and i < len(row) else ""
            if full_col is not None and name_col is None:
                name = cell(full_col)
            else:
                name = f"{cell(name_col)} {cell(first_col)}"
            if name.strip():
                names.append(" ".join(name.split()))
    else:
        for row in rows:
            cells = [c for c in row[:2] if c and "@" not in c and not c.isdigit()]
            if cells:
                names.append(" ".join(" ".join(cells).split()))
    return names


def match_roster(roster: list[str], students: list[StudentResult]) -> list[StudentResult]:
    """Mark who is on the roster; return rows for the students with no submission."""
    wanted = [(name, name_tokens(name)) for name in roster]
    taken: set[int] = set()
    for student in students:
        tokens = name_tokens(student.student)
        hit = next((i for i, (_, t) in enumerate(wanted) if i not in taken and t == tokens), None)
        if hit is None:  # a second first name on one side only
            near = [i for i, (_, t) in enumerate(wanted)
                    if i not in taken and t and tokens and (t <= tokens or tokens <= t)]
            hit = near[0] if len(near) == 1 else None
        student.on_roster = hit is not None
        if hit is not None:
            taken.add(hit)
    return [StudentResult(name, status=MISSING, on_roster=True)
            for i, (name, _) in enumerate(wanted) if i not in taken]


# -- running -----------------------------------------------------------------------------


def check_submission(path: str, config: Config) -> Any:
    """What a worker runs for one report (a module-level function: it is sent to workers)."""
    from report_lint.reporters import file_to_dict
    from report_lint.runner import check_file

    result = check_file(path, config)
    file_to_dict(result, extras=True)  # what the reporters read must be readable
    return result


def run_batch(
    source: Path,
    config: Config,
    *,
    jobs: int | None = None,
    timeout: float | None = None,
    memory_mb: int | None = None,
    roster: Path | None = None,
    annotate_dir: Path | None = None,
    check: Callable = check_submission,
    cache: Any = None,
    initializer: Callable | None | str = "default",
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[StudentResult], None] | None = None,
) -> BatchResult:
    """Check every student's report in ``source`` (a folder or a ZIP).

    With a ``cache`` (:class:`report_lint.cache.ResultCache`, shared with ``check``), a
    report already checked with the same configuration is answered without a worker: a
    class checked again after two students resubmit costs two reports."""
    from report_lint import workers
    from report_lint.parsers import SOURCE_SUFFIXES

    source = Path(source)
    submissions, notes = discover(source)
    students: list[StudentResult] = []
    tasks: list[workers.Task] = []
    keys: dict[int, str | None] = {}  # result-cache keys of the reports given to workers
    temp_dir: Path | None = None
    try:
        archive = zipfile.ZipFile(source) if not source.is_dir() else None
        budget = [MAX_TOTAL_BYTES]
        for index, submission in enumerate(submissions):
            row = StudentResult(submission.student, submission.student_id, submission=submission)
            students.append(row)
            chosen = submission.chosen
            if chosen is None:
                row.status = NO_REPORT
                continue
            if chosen.path is not None:
                path = chosen.path
            else:
                if temp_dir is None:
                    temp_dir = Path(tempfile.mkdtemp(prefix="report-lint-batch-"))
                    os.chmod(temp_dir, stat.S_IRWXU)
                try:
                    data = read_member(archive, chosen.member, budget)
                except _RefusedMember as exc:
                    row.status, row.detail = UNREADABLE, str(exc)
                    continue
                folder = temp_dir / f"{index:04d}"
                folder.mkdir()
                path = folder / _safe_file_name(chosen.name)
                path.write_bytes(data)
            if cache is not None and Path(path).suffix.lower() not in SOURCE_SUFFIXES:
                keys[index] = cache.key(Path(path), config)
                cached = cache.get(keys[index])
                if cached is not None:
                    _record_result(row, cached)
                    if annotate_dir is not None and row.status == CHECKED:
                        _annotate(row, Path(path), annotate_dir, config.lang)
                    continue
            tasks.append(workers.Task(index, (str(path), config)))
        if archive is not None:
            archive.close()

        paths = {task.key: task.args[0] for task in tasks}
        if on_start is not None:
            on_start(len(tasks))
        options: dict[str, Any] = {}
        if timeout is not None:
            options["timeout"] = timeout
        if memory_mb is not None:
            options["memory_mb"] = memory_mb
        if initializer != "default":
            options["initializer"] = initializer
        elif not any(cls.needs_nlp for cls in registry.selected(config.select, config.ignore)):
            options["initializer"] = None  # no selected check reads lemmas: no spaCy
        for outcome in workers.run_tasks(tasks, check, jobs=jobs, **options):
            row = students[outcome.key]
            row.seconds = outcome.seconds
            if outcome.ok:
                if cache is not None and not outcome.value.unreadable:
                    cache.put(keys.get(outcome.key), outcome.value)
                _record_result(row, outcome.value)
            else:
                row.status = {workers.TIMEOUT: TIMEOUT, workers.MEMORY: MEMORY}.get(
                    outcome.status, CRASH)
                row.detail = f"{outcome.kind}: {outcome.detail}" if outcome.kind not in (
                    "timeout", "") else outcome.detail
            if annotate_dir is not None and row.status == CHECKED:
                _annotate(row, Path(paths[outcome.key]), annotate_dir, config.lang)
            if on_progress is not None:
                on_progress(row)
    finally:
        if temp_dir is not None:
            shutil.rmtree(temp_dir, ignore_errors=True)

    if roster is not None:
        students.extend(match_roster(read_roster(roster), students))
    students.sort(key=lambda s: sort_key(s.student, s.student_id))
    batch = BatchResult(str(source), students, config.settings, config.lang)
    batch.notes = notes  # type: ignore[attr-defined]
    return batch


def _record_result(row: StudentResult, result: Any) -> None:
    """A report's result in its row: checked, or unreadable when it could not be read."""
    row.result = result
    row.result.path = row.submission.chosen.location
    if row.result.document is not None:
        row.result.document.path = row.result.path
    unreadable = row.result.unreadable or any(f.code == "DOC001" for f in row.result.findings)
    row.status = UNREADABLE if unreadable else CHECKED
    if unreadable:
        row.detail = next((f.message for f in row.result.findings if f.code == "DOC001"), "")


def _annotate(row: StudentResult, path: Path, out_dir: Path, lang: str) -> None:
    from report_lint.annotate import annotate_pdf

    if row.result is None or row.result.format != "pdf":
        return
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = _safe_file_name(row.student.replace(" ", "_"), 80)
    target = out_dir / f"{stem}{'_' + row.student_id if row.student_id else ''}-annote.pdf"
    try:
        annotate_pdf(path, row.result.findings, target, lang=lang)
    except Exception as exc:  # noqa: BLE001 - the table still has the student's result
        row.detail = (row.detail + "; " if row.detail else "") + f"not annotated: {exc}"
    else:
        row.annotated = target


# -- the class table ---------------------------------------------------------------------

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
        roles = {s.role for s in report.sections}
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
