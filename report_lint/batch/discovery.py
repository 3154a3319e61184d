"""Where the submissions are: each student's files in a folder or a ZIP, and the report among
them. A ZIP is never extracted: members are read one by one, through size limits."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path, PurePosixPath

from report_lint.batch.model import BatchError, SubmittedFile, Submission, _RefusedMember
from report_lint.batch.roster import _clean_name, fold, sort_key

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
    candidates = _source_reports(candidates) or candidates
    return min(candidates, key=lambda f: (
        order.index(f.suffix),
        0 if REPORT_WORDS.search(f.name) else 1,
        -f.size,
        fold(f.name),
    ))


def _source_reports(files: list[SubmittedFile]) -> list[SubmittedFile]:
    """When a student handed in LaTeX sources (on disk), the files a folder search takes
    for reports: the main file, not a chapter, a cover template, a blank page, a figure or
    slides, nor a PDF the report includes (an annex) or compiles to. Empty when there are
    no such sources (or they are in a ZIP): the usual choice then."""
    from report_lint.parsers._sources import select_reports

    if not any(f.suffix == ".tex" and f.path is not None for f in files):
        return []
    on_disk = [f for f in files if f.path is not None]
    paths = [Path(f.path) for f in on_disk]
    try:
        top = Path(os.path.commonpath([str(p.resolve().parent) for p in paths]))
        found = {p.resolve() for p in select_reports(paths, top)}
    except Exception:  # noqa: BLE001 - unreadable sources: the usual choice
        return []
    return [f for f in on_disk if Path(f.path).resolve() in found]


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
