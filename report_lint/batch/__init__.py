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

The work is shared by small modules: :mod:`~report_lint.batch.model` (what a class check is
made of), :mod:`~report_lint.batch.roster` (names and the roster),
:mod:`~report_lint.batch.discovery` (folders and ZIPs), :mod:`~report_lint.batch.run`
(workers and cache) and :mod:`~report_lint.batch.table` (the class table).
"""

from report_lint.batch.discovery import (
    MAX_MEMBER_BYTES,
    MAX_TOTAL_BYTES,
    REPORT_SUFFIXES,
    UNREADABLE_REPORT_SUFFIXES,
    choose_report,
    discover,
    read_member,
)
from report_lint.batch.model import (
    CHECKED,
    CRASH,
    MEMORY,
    MISSING,
    NO_REPORT,
    NOT_CHECKED,
    TIMEOUT,
    UNREADABLE,
    BatchError,
    BatchResult,
    StudentResult,
    Submission,
    SubmittedFile,
    _RefusedMember,
)
from report_lint.batch.roster import fold, match_roster, name_tokens, read_roster, sort_key
from report_lint.batch.run import check_submission, run_batch
from report_lint.batch.table import (
    COLUMNS,
    EXTRA_COLUMNS,
    headers,
    iter_notes,
    students_to_dict,
    table_row,
    table_rows,
    text_table,
    verdict_key,
    worst_share,
)

__all__ = [
    "MAX_MEMBER_BYTES", "MAX_TOTAL_BYTES", "REPORT_SUFFIXES", "UNREADABLE_REPORT_SUFFIXES",
    "choose_report", "discover", "read_member",
    "CHECKED", "CRASH", "MEMORY", "MISSING", "NO_REPORT", "NOT_CHECKED", "TIMEOUT",
    "UNREADABLE", "BatchError", "BatchResult", "StudentResult", "Submission", "SubmittedFile",
    "_RefusedMember",
    "fold", "match_roster", "name_tokens", "read_roster", "sort_key",
    "check_submission", "run_batch",
    "COLUMNS", "EXTRA_COLUMNS", "headers", "iter_notes", "students_to_dict", "table_row", "table_rows", "text_table",
    "verdict_key", "worst_share",
]
