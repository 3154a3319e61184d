"""Checking the class: every chosen report in a worker process, or from the result cache."""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import Any, Callable

from report_lint.batch.discovery import MAX_TOTAL_BYTES, _safe_file_name, discover, read_member
from report_lint.batch.model import (
    CHECKED,
    CRASH,
    MEMORY,
    NO_REPORT,
    TIMEOUT,
    UNREADABLE,
    BatchResult,
    StudentResult,
    _RefusedMember,
)
from report_lint.batch.roster import match_roster, read_roster, sort_key
from report_lint.config import Config
from report_lint.rules import registry

def check_submission(path: str, config: Config) -> Any:
    """What a worker runs for one report (a module-level function: it is sent to workers)."""
    from report_lint import thumbnails
    from report_lint.reporters import file_to_dict
    from report_lint.runner import check_file

    result = thumbnails.attach(check_file(path, config), path)  # the real pages
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
                    record_result(row, cached)
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
                record_result(row, outcome.value)
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


def record_result(row: StudentResult, result: Any) -> None:
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
