"""The check base class and the registry that finds checks through entry points.

Like flake8 plugins, every check (built-in or third-party) is declared in the
``report_lint.checks`` entry-point group; like sqlfluff rules, a check is a class with a
``code``, a ``name``, a default ``severity`` and its documentation in its docstring.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, ClassVar, Iterator

from report_lint import CHECKS_GROUP
from report_lint.findings import Finding, Severity

if TYPE_CHECKING:
    from report_lint.document import Document
    from report_lint.nlp import Analyzer
    from report_lint.structure import Report

ENTRY_POINT_GROUP = CHECKS_GROUP
LANGUAGES = ("fr", "en")


@dataclass
class CheckContext:
    """Everything a check may read: the interpreted report, never the file."""

    document: Document
    report: Report
    settings: dict[str, Any]
    lang: str = "fr"
    analyzer: Analyzer = field(default_factory=lambda: _new_analyzer(), repr=False)
    #: Results several checks share (e.g. one linguistic analysis per activity).
    cache: dict = field(default_factory=dict, repr=False)

    @property
    def estimated_pages(self) -> bool:
        return self.document.pages_estimated


def _new_analyzer() -> Analyzer:
    """An Analyzer (spaCy loaded when it is first asked); report_lint.nlp is imported here,
    not by ``rules`` or ``--version``."""
    from report_lint.nlp import Analyzer

    return Analyzer()


class Check:
    """Base class: subclasses set the class attributes and implement ``check``."""

    code: ClassVar[str]
    name: ClassVar[str]
    severity: ClassVar[Severity] = Severity.ERROR
    #: The sentence of the regulation (Annexe VII, §2.1.3) the check enforces.
    regulation: ClassVar[str] = ""
    #: One-line summary per language.
    summary: ClassVar[dict[str, str]] = {}
    #: Message templates per language, by key; ``str.format`` placeholders.
    messages: ClassVar[dict[str, dict[str, str]]] = {}
    #: Full documentation in languages other than English, by language (English is the
    #: docstring); read it through ``documentation(lang)``.
    docs: ClassVar[dict[str, str]] = {}
    #: Whether the check reads linguistic analysis (spaCy); the runner only loads the
    #: model when a selected check needs it.
    needs_nlp: ClassVar[bool] = False
    #: True when the finding is about pages: in estimated-page mode the message says so.
    page_level: ClassVar[bool] = False
    #: The part of the reading an error-level verdict rests on (company, activities,
    #: conclusion, annexes): where the reading of that part is unsure, the finding is a
    #: warning that says so and how to name the part in ``[reading]``.
    reading_role: ClassVar[str | None] = None

    def check(self, ctx: CheckContext) -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def documentation(cls, lang: str = "fr") -> str:
        """The rule's full documentation in ``lang``: English is the class docstring (the
        source, as in sqlfluff), every other language is ``docs[lang]``. A check without a
        translation (a third-party one, say) falls back to its docstring."""
        if lang != "en":
            text = cls.docs.get(lang)
            if text:
                return inspect.cleandoc(text)
        return inspect.cleandoc(cls.__doc__ or "")

    def finding(
        self,
        ctx: CheckContext,
        key: str = "default",
        *,
        page: int | None = None,
        section: str | None = None,
        severity: Severity | None = None,
        **params: Any,
    ) -> Finding:
        lang = ctx.lang if ctx.lang in self.messages else "fr"
        params.setdefault("page", page)
        params.setdefault("section", section)
        message = self.messages[lang][key].format(**params)
        if self.page_level and ctx.estimated_pages:
            message += " " + ESTIMATED_SUFFIX[lang]
        severity = severity or ctx.settings.get("severity", {}).get(self.code, self.severity)
        if severity is Severity.ERROR and self.reading_role is not None and \
                not ctx.report.is_sure(self.reading_role, float(ctx.settings.get(
                    "reading_sure", _default_reading_sure()))):
            severity = Severity.WARNING
            message += " " + UNSURE_SUFFIX[lang][self.reading_role]
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity,
            message=message,
            page=page,
            section=section,
        )


def _default_reading_sure() -> float:
    """The reader's threshold, imported when a verdict needs it: importing
    ``report_lint.structure`` for a constant made ``--version``, ``rules`` and a re-check
    from the cache import the whole reader."""
    from report_lint.structure.decode import DEFAULT_READING_SURE

    return DEFAULT_READING_SURE


ESTIMATED_SUFFIX = {
    "fr": "(numéros de page estimés : le fichier n'a pas été mis en page)",
    "en": "(page numbers are estimates: the file was not laid out)",
}


UNSURE_SUFFIX = {
    "fr": {
        "company": "(lecture incertaine : si le rapport présente bien l'entreprise, nommez la "
                   "partie dans report-lint.toml, [reading] company = \"Titre\")",
        "activities": "(lecture incertaine : si le rapport décrit bien ses activités, nommez "
                      "la partie dans report-lint.toml, [reading] activities = \"Titre\")",
        "conclusion": "(lecture incertaine : si le rapport a bien une conclusion, nommez-la "
                      "dans report-lint.toml, [reading] conclusion = \"Titre\")",
        "annexes": "(lecture incertaine du début des annexes : donnez-le dans "
                   "report-lint.toml, [reading] annexes_from_page = N)",
    },
    "en": {
        "company": "(unsure reading: if the report does present the company, name the part in "
                   "report-lint.toml, [reading] company = \"Title\")",
        "activities": "(unsure reading: if the report does describe its activities, name the "
                      "part in report-lint.toml, [reading] activities = \"Title\")",
        "conclusion": "(unsure reading: if the report does have a conclusion, name it in "
                      "report-lint.toml, [reading] conclusion = \"Title\")",
        "annexes": "(unsure where the annexes start: give it in report-lint.toml, [reading] "
                   "annexes_from_page = N)",
    },
}


class Registry:
    """All known checks, loaded once from the entry-point group."""

    @cached_property
    def checks(self) -> list[type[Check]]:
        from importlib.metadata import entry_points  # 6 ms: not on a cache hit

        found: dict[str, type[Check]] = {}
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            obj = ep.load()
            for cls in _checks_in(obj):
                found.setdefault(cls.code, cls)
        return sorted(found.values(), key=lambda c: c.code)

    def by_code(self, code: str) -> type[Check] | None:
        for cls in self.checks:
            if cls.code == code.upper() or cls.name == code.lower():
                return cls
        return None

    def selected(self, select: list[str] | None, ignore: list[str] | None) -> list[type[Check]]:
        """Codes or prefixes, like ruff: ``--select ANX --ignore ANX005``."""
        chosen = []
        for cls in self.checks:
            if select and not _matches(cls, select):
                continue
            if ignore and _matches(cls, ignore):
                continue
            chosen.append(cls)
        return chosen


def _matches(cls: type[Check], patterns: list[str]) -> bool:
    for pat in patterns:
        pat = pat.strip()
        if not pat:
            continue
        if pat.upper() == "ALL" or cls.code.startswith(pat.upper()) or cls.name == pat.lower():
            return True
    return False


def _checks_in(obj: Any) -> list[type[Check]]:
    """An entry point may name one check class or a module holding several."""
    if inspect.isclass(obj) and issubclass(obj, Check) and getattr(obj, "code", None):
        return [obj]
    if inspect.ismodule(obj):
        return [
            value
            for value in vars(obj).values()
            if inspect.isclass(value)
            and issubclass(value, Check)
            and value.__module__ == obj.__name__
            and getattr(value, "code", None)
        ]
    return []


registry = Registry()
