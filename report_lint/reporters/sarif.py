"""SARIF 2.1.0 (OASIS), the format code-scanning services read (GitHub's upload-sarif...).

One run; the tool's ``rules`` are every installed rule, each with its summary, the
regulation sentence it enforces and its full documentation (``help``) in the chosen
language, taken from the check itself. Each result points at the report file and, when the
finding has one, at its page: SARIF has no page coordinate and code-scanning services want a
``startLine``, so the page number stands in for the line (as in ``rapport.pdf:27``), and the
page is also given as a logical location and in the result's properties.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable
from urllib.parse import quote

from report_lint import __version__
from report_lint.reporters import file_to_dict
from report_lint.reporters.common import fingerprint, portable_path, rule_catalogue

if TYPE_CHECKING:
    from report_lint.runner import FileResult

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def render(results: Iterable[FileResult], *, lang: str = "fr") -> str:
    return json.dumps(sarif_log(results, lang=lang), ensure_ascii=False, indent=2) + "\n"


def sarif_log(results: Iterable[FileResult], *, lang: str = "fr") -> dict[str, Any]:
    rules = rule_catalogue(lang)
    index = {rule["code"]: i for i, rule in enumerate(rules)}
    sarif_results = []
    artifacts: dict[str, int] = {}
    for result in results:
        data = file_to_dict(result)
        uri, relative = _uri(data["path"])
        artifacts.setdefault(uri, len(artifacts))
        for finding in data["findings"]:
            sarif_results.append(
                _result(finding, data["path"], uri, relative, artifacts[uri], index, lang))
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "report-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "language": lang,
                "rules": [_rule(rule) for rule in rules],
            }
        },
        "language": lang,
        "artifacts": [
            {"location": _location_of(uri, uri_is_relative(uri)), "roles": ["analysisTarget"]}
            for uri in artifacts
        ],
        "results": sarif_results,
        "columnKind": "unicodeCodePoints",
    }
    if any(uri_is_relative(uri) for uri in artifacts):
        run["originalUriBaseIds"] = {SRCROOT: {"uri": Path.cwd().resolve().as_uri() + "/"}}
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _rule(rule: dict[str, Any]) -> dict[str, Any]:
    summary, doc, regulation = rule["summary"], rule["documentation"], rule["regulation"]
    full = doc.split("\n\n")[0].replace("\n", " ") if doc else summary
    entry: dict[str, Any] = {
        "id": rule["code"],
        "name": rule["name"],
        "shortDescription": {"text": summary or rule["name"]},
        "fullDescription": {"text": full or rule["name"]},
        "help": {"text": doc or summary or rule["name"], "markdown": _markdown_help(rule)},
        "defaultConfiguration": {"level": LEVELS[rule["severity"]]},
        "properties": {"tags": ["report-lint", rule["code"][:3]]},
    }
    if regulation:
        entry["properties"]["regulation"] = regulation
    return entry


def _markdown_help(rule: dict[str, Any]) -> str:
    parts = [f"**{rule['code']} ({rule['name']})**: {rule['summary']}"]
    if rule["regulation"]:
        parts.append(f"> {rule['regulation']}")
    if rule["documentation"]:
        parts.append(rule["documentation"])
    return "\n\n".join(parts)


def _result(finding: dict[str, Any], path: str, uri: str, relative: bool, artifact_index: int,
            index: dict[str, int], lang: str) -> dict[str, Any]:
    page = finding["page"]
    physical: dict[str, Any] = {"artifactLocation": _location_of(uri, relative)}
    physical["artifactLocation"]["index"] = artifact_index
    location: dict[str, Any] = {"physicalLocation": physical}
    if page is not None:
        physical["region"] = {"startLine": page}
        location["logicalLocations"] = [
            {"name": f"p. {page}" if lang == "fr" else f"page {page}", "kind": "page"}]
    if finding["section"]:
        location["message"] = {"text": finding["section"]}
    result: dict[str, Any] = {
        "ruleId": finding["code"],
        "level": LEVELS.get(finding["severity"], "warning"),
        "message": {"text": finding["message"]},
        "locations": [location],
        "partialFingerprints": {"reportLint/v1": fingerprint(path, finding)},
        "properties": {"name": finding["name"], "severity": finding["severity"], "page": page},
    }
    if finding["code"] in index:
        result["ruleIndex"] = index[finding["code"]]
    return result


def _uri(path: str) -> tuple[str, bool]:
    """A relative URI (to ``%SRCROOT%``, the current folder) when the file is under it,
    else an absolute ``file:`` URI."""
    portable = portable_path(path)
    if Path(portable).is_absolute():
        return Path(portable).as_uri(), False
    return quote(portable, safe="/"), True


def uri_is_relative(uri: str) -> bool:
    return not uri.startswith("file:")


def _location_of(uri: str, relative: bool) -> dict[str, Any]:
    location: dict[str, Any] = {"uri": uri}
    if relative:
        location["uriBaseId"] = SRCROOT
    return location
