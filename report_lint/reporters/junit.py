"""JUnit XML, for CI services that show test reports (GitLab ``artifacts:reports:junit``,
Jenkins, Azure Pipelines...).

One ``<testsuite>`` per report file and, in it, one ``<testcase>`` per rule run on that file
(named ``CODE name``): a rule without finding passes; a rule with findings has one
``<failure>`` (``type`` = the most severe finding's severity) listing them, one per line. A
file that could not be read (DOC001) gives an ``<error>`` instead.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any, Iterable

from report_lint import __version__
from report_lint.reporters import file_to_dict
from report_lint.reporters.common import portable_path, rule_catalogue
from report_lint.reporters.text import finding_line

if TYPE_CHECKING:
    from report_lint.runner import FileResult

RANK = {"info": 0, "warning": 1, "error": 2}
COUNTS = {"fr": "{n} constat(s)", "en": "{n} finding(s)"}


def render(results: Iterable[FileResult], *, lang: str = "fr") -> str:
    names = {rule["code"]: rule["name"] for rule in rule_catalogue(lang)}
    root = ET.Element("testsuites", name="report-lint")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in results:
        suite = _suite(result, names, lang)
        root.append(suite)
        for key in totals:
            totals[key] += int(suite.get(key, "0"))
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    xml = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<!-- report-lint {__version__} -->\n' \
           f"{xml}\n"


def _suite(result: FileResult, names: dict[str, str], lang: str) -> ET.Element:
    data = file_to_dict(result)
    path = portable_path(data["path"])
    names = dict(names)
    by_code: dict[str, list[dict[str, Any]]] = {}
    for finding in data["findings"]:
        by_code.setdefault(finding["code"], []).append(finding)
        names.setdefault(finding["code"], finding["name"])
    codes = list(getattr(result, "rules", None) or ([] if data["pages"] is None else names))
    codes += [code for code in by_code if code not in codes]
    suite = ET.Element("testsuite", name=path)
    failures = errors = 0
    for code in sorted(codes):
        case = ET.SubElement(suite, "testcase", classname=path, name=f"{code} {names[code]}",
                             file=path)
        found = by_code.get(code)
        if not found:
            continue
        worst = max((f["severity"] for f in found), key=lambda s: RANK.get(s, 1))
        unreadable = code == "DOC001"
        element = ET.SubElement(case, "error" if unreadable else "failure",
                                message=COUNTS.get(lang, COUNTS["fr"]).format(n=len(found))
                                if len(found) > 1 else found[0]["message"],
                                type=worst)
        element.text = "\n".join(_plain(finding_line(path, f)) for f in found)
        if unreadable:
            errors += 1
        else:
            failures += 1
    suite.set("tests", str(len(codes)))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    return suite


def _plain(text: str) -> str:
    """``finding_line`` without the colour codes ``click.style`` adds."""
    import click

    return click.unstyle(text)
