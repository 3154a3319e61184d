"""One file in, findings out: parse, interpret, run the selected checks.

The runner is the only place that ties the stages together, so that a parser never judges
and a check never opens a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from report_lint import aside
from report_lint.cache import ResultCache
from report_lint.config import Config
from report_lint.document import Document
from report_lint.findings import Finding, Severity, UnreadableInput
from report_lint.nlp import Analyzer
from report_lint.parsers import SOURCE_SUFFIXES, check_input, parse_file
from report_lint.rules import CheckContext, registry
from report_lint.structure import Report
from report_lint.suppressions import apply as apply_suppressions
from report_lint.textnorm import normalize_document


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
    #: PNG pictures of the pages worth seeing ({page: bytes}, report_lint.thumbnails), for
    #: the HTML pages; empty when not drawn.
    thumbnails: dict[int, bytes] = field(default_factory=dict)

    @property
    def unreadable(self) -> bool:
        return self.document is None

    @property
    def has_error(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def check_file(path: str | Path, config: Config, cache: ResultCache | None = None, *,
               timeout: float | None = None, memory_mb: int | None = None) -> FileResult:
    """Findings for one file; with a ``cache``, an unchanged file is not read again.

    With a ``timeout`` (seconds), the file is read and checked in a child process bounded
    in time and in memory (``memory_mb`` of address space): a file that takes longer, needs
    more or kills its reader gets one DOC001 finding instead (issue 7)."""
    path = Path(path)
    try:
        check_input(path)  # pipes, devices, no permission: before the cache reads the file
    except UnreadableInput as exc:
        return FileResult(path=str(path), format=None,
                          findings=[unreadable_finding(exc, path, config.lang)])
    if path.suffix.lower() in SOURCE_SUFFIXES:
        cache = None  # a LaTeX / Markdown report is several files: never answered from cache
    key = cache.key(path, config) if cache is not None else None
    cached = cache.get(key) if cache is not None else None
    if cached is not None:
        cached.path = str(path)
        return cached
    if timeout:
        result = _check_isolated(path, config, timeout, memory_mb)
    else:
        result = _check_file(path, config)
    if cache is not None and not result.unreadable:
        result.document.rendered_pdf = None  # LibreOffice's PDF is not worth keeping
        cache.put(key, result)
    return result


def _read(path: Path, settings: dict) -> tuple[Document, Any]:
    """The file's Document and its layout (``structure.build.read_layout``): all that needs
    no language model."""
    from report_lint.structure.build import read_layout  # not needed on a cache hit

    document = parse_file(path, settings=settings)
    normalize_document(document)  # ’ as ', no-break spaces, ligatures: before any matching
    return document, read_layout(document, settings)


def _check_file(path: Path, config: Config) -> FileResult:
    checks = [cls() for cls in registry.selected(config.select, config.ignore)]
    # spaCy costs seconds to load: only when a selected check reads roles or lemmas.
    analyzer = Analyzer() if any(c.needs_nlp for c in checks) else None
    try:
        if analyzer is not None and not analyzer.loaded and aside.wanted():
            # The file is read in a child process while the model loads (report_lint/aside.py).
            reading = aside.Aside(_read, path, config.settings)
            analyzer.nlp  # noqa: B018 - loads the model meanwhile
            document, layout = reading.result()
        else:
            document, layout = _read(path, config.settings)
    except UnreadableInput as exc:
        return FileResult(
            path=str(path),
            format=None,
            findings=[unreadable_finding(exc, path, config.lang)],
        )
    from report_lint.structure.build import build_report

    report = build_report(document, config.settings, analyzer, layout)
    ctx = CheckContext(document=document, report=report, settings=config.settings,
                       lang=config.lang, analyzer=analyzer or Analyzer())
    findings: list[Finding] = []
    for check in checks:
        found = list(check.check(ctx))
        if check.page_level and document.pages_estimated:
            # Estimated pages can only suggest a page-level problem: at most a warning.
            found = [replace(f, severity=Severity.WARNING) if f.severity is Severity.ERROR
                     else f for f in found]
        findings.extend(found)
    if document.source is not None:  # inline "report-lint: disable=..." comments
        findings = apply_suppressions(findings, document.source.suppressions)
    findings.sort(key=lambda f: (f.page if f.page is not None else 0, f.code))
    return FileResult(path=str(path), format=document.format, document=document, report=report,
                      findings=findings, rules=[check.code for check in checks])


# -- a file checked in a child process (time and memory limits) -----------------------------

_SESSION = None


class CheckCrashed(Exception):
    """The check of a file raised an exception in the child process (a bug of the linter:
    ``kind`` is the exception's type, the message says where)."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(detail)
        self.kind = kind


def _check_in_child(path: str, config: Config) -> FileResult:
    result = _check_file(Path(path), config)
    if result.document is not None:
        result.document.rendered_pdf = None  # not sent back: no thumbnails here
    return result


def _check_isolated(path: Path, config: Config, timeout: float,
                    memory_mb: int | None) -> FileResult:
    global _SESSION
    from report_lint import workers

    memory_mb = memory_mb or workers.DEFAULT_MEMORY_MB
    if _SESSION is None or (_SESSION.timeout, _SESSION.memory_mb) != (timeout, memory_mb):
        close_isolation()
        _SESSION = workers.Isolated(_check_in_child, timeout=timeout, memory_mb=memory_mb)
    outcome = _SESSION.run(str(path), str(path), config)
    return outcome_result(outcome, path, config, timeout, memory_mb)


def outcome_result(outcome: Any, path: Path, config: Config, timeout: float | None,
                   memory_mb: int | None) -> FileResult:
    """The FileResult of a worker's :class:`report_lint.workers.Outcome`: its value, or one
    DOC001 finding for a time-out, a memory limit or a reader that died; a bug of the linter
    raises :class:`CheckCrashed`."""
    from report_lint import workers

    if outcome.ok:
        return outcome.value
    if outcome.status == workers.TIMEOUT:
        exc = UnreadableInput("timeout", outcome.detail, seconds=f"{timeout or 0:g}")
    elif outcome.status == workers.MEMORY:
        exc = UnreadableInput("memory", outcome.detail, limit=memory_mb)
    elif outcome.kind in ("signal", "exit"):  # the reader died: PDFium, lxml, LibreOffice...
        exc = UnreadableInput("crashed", outcome.detail)
    else:
        raise CheckCrashed(outcome.kind, outcome.detail)
    return FileResult(path=str(path), format=None,
                      findings=[unreadable_finding(exc, path, config.lang)])


def close_isolation() -> None:
    """Stop the child process of :func:`check_file` (``check`` calls it when done)."""
    global _SESSION
    if _SESSION is not None:
        _SESSION.close()
        _SESSION = None


def unreadable_finding(exc: UnreadableInput, path: Path, lang: str) -> Finding:
    """The one DOC001 finding for a file that could not be read."""
    cls = registry.by_code("DOC001")
    if cls is None:  # the built-in checks are not installed: still say something useful
        return Finding("DOC001", "unreadable-input", Severity.ERROR, f"{path.name}: {exc.reason}")
    return cls().for_input(exc, path, lang)
