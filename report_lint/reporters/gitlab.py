"""GitLab Code Quality report (the ``artifacts:reports:codequality`` JSON array).

Each finding is an object with the fields GitLab documents as required: ``description``,
``check_name``, ``fingerprint`` (unique in the report, stable across runs), ``severity``
(one of ``info``, ``minor``, ``major``, ``critical``, ``blocker``) and ``location.path`` with
``location.lines.begin``. A report has pages, not lines: the page stands in for the line
(1 for a finding about the whole file).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, Iterable

from report_lint.reporters import file_to_dict
from report_lint.reporters.common import fingerprint, portable_path

if TYPE_CHECKING:
    from report_lint.runner import FileResult

#: report-lint severity -> Code Quality severity. An error means the report does not meet
#: the regulation (major); a warning that it probably does not (minor).
SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}


def render(results: Iterable[FileResult], *, lang: str = "fr") -> str:
    issues: list[dict[str, Any]] = []
    seen: set[str] = set()
    for result in results:
        data = file_to_dict(result)
        path = portable_path(data["path"])
        for finding in data["findings"]:
            print_ = fingerprint(path, finding)
            n = 1
            unique = print_
            while unique in seen:  # the same message twice on one page: still unique
                n += 1
                unique = f"{print_}-{n}"
            seen.add(unique)
            issues.append({
                "description": f"{finding['code']} {finding['message']}",
                "check_name": finding["code"],
                "fingerprint": unique,
                "severity": SEVERITIES.get(finding["severity"], "minor"),
                "location": {"path": path, "lines": {"begin": finding["page"] or 1}},
            })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
