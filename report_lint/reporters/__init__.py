"""Reporters: what the linter found and understood, for a person or for a program.

Every reporter reads the same plain dictionaries, built here and only here from the
``FileResult`` objects the runner returns, so the text summary a student reads and the JSON a
tool reads can never disagree. ``file_to_dict`` gives exactly the JSON contract of
``docs/rules.md``; ``extras=True`` adds what only the text summary shows (which pages were counted,
administrative and table-of-contents pages, estimated page numbers, fonts laid out with
other metrics than Word's).
"""

from __future__ import annotations

import os

from enum import Enum
from typing import TYPE_CHECKING, Any, Callable, Iterable

from report_lint import __version__
from report_lint.findings import Severity

if TYPE_CHECKING:
    from report_lint.runner import FileResult


def results_to_dict(results: Iterable[FileResult], *, extras: bool = False) -> dict[str, Any]:
    return {"version": __version__, "files": [file_to_dict(r, extras=extras) for r in results]}


def file_to_dict(result: FileResult, *, extras: bool = False) -> dict[str, Any]:
    document, report = result.document, result.report
    data: dict[str, Any] = {
        "path": str(result.path),
        "format": result.format,
        "pages": None,
        "sections": [],
        "annexes": [],
        "findings": [finding_to_dict(f) for f in result.findings],
        # How sure the reading is of each part (company, activities, conclusion, annexes);
        # null where the file could not be read.
        "confidence": None,
    }
    if extras:
        data.update(body_pages=[], admin_pages=[], toc_pages=[], pages_estimated=False,
                    roles_known=True, reading_notes=[],
                    fonts_without_substitute=[])
    if document is None or report is None:
        return data

    annexes = list(getattr(report, "annexes", None) or [])
    annex_pages = getattr(report, "annex_pages", None)
    if annex_pages is None:
        annex_pages = {page for annex in annexes for page in (annex.pages or [])}
    data["pages"] = {
        "total": document.page_count,
        "body": len(report.body_pages),
        "annexes": len(annex_pages),
    }
    # Reading order: every top-level section, and each subsection that carries a role.
    data["sections"] = [
        {
            "role": _plain(section.role),
            "title": section.title,
            "level": section.level,
            "first_page": section.first_page,
            "last_page": section.last_page,
            "evidence": list(section.evidence),
            "confidence": getattr(section, "confidence", None),
        }
        for section in report.listed_sections()
    ]
    data["confidence"] = dict(getattr(report, "confidence", None) or {})
    data["annexes"] = [
        {
            "title": annex.title,
            "pages": list(annex.pages or []),
            "language": annex.language,
            "language_probability": _rounded(annex.language_probability),
            "kind": _plain(annex.kind),
            "image_share": _rounded(annex.image_share),
        }
        for annex in annexes
    ]
    if extras:
        data["body_pages"] = sorted(report.body_pages)
        data["admin_pages"] = sorted(getattr(report, "admin_pages", None) or [])
        data["toc_pages"] = sorted(getattr(report, "toc_pages", None) or [])
        data["pages_estimated"] = bool(document.pages_estimated)
        data["roles_known"] = bool(getattr(report, "roles_known", True))
        data["reading_notes"] = [{"key": key, "args": dict(args)}
                                 for key, args in getattr(report, "reading_notes", [])]
        data["fonts_without_substitute"] = list(
            getattr(document, "fonts_without_substitute", None) or [])
        data["sources"] = sources_used(result.path, getattr(document, "source", None))
    return data


def sources_used(path: Any, notes: Any) -> dict[str, Any] | None:
    """For a LaTeX or Markdown report, the files the reading used: the main file, how many
    other sources, and the compiled PDF the pages come from (relative to the main file)."""
    if notes is None or not getattr(notes, "main", None):
        return None
    pdf = None
    if notes.pages_from == "pdf" and notes.pdf:
        folder = os.path.dirname(os.path.abspath(str(path))) if os.path.isfile(str(path)) \
            else os.path.abspath(str(path))
        pdf = os.path.relpath(os.path.abspath(notes.pdf), folder).replace(os.sep, "/")
    return {"main": notes.main, "others": max(0, len(notes.files) - 1),
            "pages_from": notes.pages_from, "pdf": pdf}


def finding_to_dict(finding: Any) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": _plain(finding.severity),
        "message": finding.message,
        "page": finding.page,
        "section": finding.section,
    }


def severity_counts(results: Iterable[FileResult]) -> dict[str, int]:
    counts = {s.value: 0 for s in Severity}
    for result in results:
        for finding in result.findings:
            counts[_plain(finding.severity)] += 1
    return counts


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def _rounded(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(float(value), digits)


def get_reporter(name: str) -> Callable[..., str]:
    """One of ``FORMATS``: a function ``(results, *, lang) -> str``."""
    if name == "json":
        from report_lint.reporters.json_reporter import render
    elif name == "text":
        from report_lint.reporters.text import render
    elif name in FORMATS:  # sarif, github, gitlab, junit: report_lint/reporters/<name>.py
        from importlib import import_module

        render = import_module(f"report_lint.reporters.{name}").render
    else:
        raise ValueError(f"unknown output format {name!r}")
    return render


FORMATS = ("text", "json", "sarif", "github", "gitlab", "junit")
