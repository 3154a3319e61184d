"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per
finding, which GitHub shows as an annotation on the file (and in the run's summary).

A report has pages, not lines: the page number is given as ``line`` (as in
``rapport.pdf:27``) and in the text, ``rapport.pdf:p.27: ANX004 ...``. Values are escaped as
the runner expects (``%``, CR, LF everywhere; ``:`` and ``,`` in properties too).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from report_lint.reporters import file_to_dict
from report_lint.reporters.common import portable_path

if TYPE_CHECKING:
    from report_lint.runner import FileResult

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def render(results: Iterable[FileResult], *, lang: str = "fr") -> str:
    lines = []
    for result in results:
        data = file_to_dict(result)
        path = portable_path(data["path"])
        for finding in data["findings"]:
            lines.append(annotation(path, finding))
    return "".join(line + "\n" for line in lines)


def annotation(path: str, finding: dict[str, Any]) -> str:
    properties = {"file": path}
    where = f"{path}:"
    if finding["page"] is not None:
        properties["line"] = str(finding["page"])
        where = f"{path}:p.{finding['page']}:"
    properties["title"] = f"report-lint {finding['code']} ({finding['name']})"
    command = COMMANDS.get(finding["severity"], "warning")
    props = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = f"{where} {finding['code']} [{finding['severity']}] {finding['message']}"
    return f"::{command} {props}::{escape_data(message)}"


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")
