"""One file in, findings out: parse, interpret, run the selected checks.

The runner is the only place that ties the stages together, so that a parser never judges
and a check never opens a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from report_lint.cache import ResultCache
from report_lint.config import Config
from report_lint.document import Document
from report_lint.findings import Finding, Severity, UnreadableInput
from report_lint.nlp import Analyzer
from report_lint.parsers import parse_file
from report_lint.rules import CheckContext, registry
from report_lint.structure import Report, build_report


@dataclass
class FileResult:
    """What the linter read and judged for one file."""

    path: str
    format: str | None
    document: Document | None = None
    report: Report | None = None
    findings: list[Finding] = field(default_factory=list)
    #: The codes of the rules run on the file (what a JUnit report lists as test cases).
    rules: list[str] = field(default_factory=list)

    @property
    def unreadable(self) -> bool:
        return self.document is None

    @property
    def has_error(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def check_file(path: str | Path, config: Config, cache: ResultCache | None = None) -> FileResult:
    """Findings for one file; with a ``cache``, an unchanged file is not read again."""
    path = Path(path)
    key = cache.key(path, config) if cache is not None else None
    cached = cache.get(key) if cache is not None else None
    if cached is not None:
        cached.path = str(path)
        return cached
    result = _check_file(path, config)
    if cache is not None and not result.unreadable:
        cache.put(key, result)
    return result


def _check_file(path: Path, config: Config) -> FileResult:
    try:
        document = parse_file(path, settings=config.settings)
    except UnreadableInput as exc:
        return FileResult(
            path=str(path),
            format=None,
            findings=[unreadable_finding(exc, path, config.lang)],
        )
    checks = [cls() for cls in registry.selected(config.select, config.ignore)]
    # spaCy costs seconds to load: only when a selected check reads roles or lemmas.
    analyzer = Analyzer() if any(c.needs_nlp for c in checks) else None
    report = build_report(document, config.settings, analyzer)
    ctx = CheckContext(document=document, report=report, settings=config.settings,
                       lang=config.lang, analyzer=analyzer or Analyzer())
    findings: list[Finding] = []
    for check in checks:
        findings.extend(check.check(ctx))
    findings.sort(key=lambda f: (f.page if f.page is not None else 0, f.code))
    return FileResult(path=str(path), format=document.format, document=document, report=report,
                      findings=findings, rules=[check.code for check in checks])


def unreadable_finding(exc: UnreadableInput, path: Path, lang: str) -> Finding:
    """The one DOC001 finding for a file that could not be read."""
    cls = registry.by_code("DOC001")
    if cls is None:  # the built-in checks are not installed: still say something useful
        return Finding("DOC001", "unreadable-input", Severity.ERROR, f"{path.name}: {exc.reason}")
    return cls().for_input(exc, path, lang)
