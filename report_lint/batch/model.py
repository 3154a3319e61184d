"""What a class check is made of: each student's files, the report chosen, its result."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from report_lint.findings import Severity

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
