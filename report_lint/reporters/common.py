"""What the CI reporters (SARIF, GitHub, GitLab, JUnit) and ``report-lint rules`` share: the
rule catalogue as plain data, portable paths and stable fingerprints."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path, PurePosixPath
from typing import Any

SEVERITIES = ("error", "warning", "info")


def rule_catalogue(lang: str = "fr") -> list[dict[str, Any]]:
    """Every installed rule (built-in and plugins), sorted by code, in ``lang``: code, name,
    default severity, one-line summary, the regulation sentence it enforces and its full
    documentation, all read from the check class itself."""
    from report_lint.rules import registry

    return [rule_entry(cls, lang) for cls in registry.checks]


def rule_entry(cls: Any, lang: str = "fr") -> dict[str, Any]:
    return {
        "code": cls.code,
        "name": cls.name,
        "severity": getattr(cls.severity, "value", cls.severity),
        "summary": rule_summary(cls, lang),
        "regulation": cls.regulation or "",
        "documentation": cls.documentation(lang),
    }


def rule_summary(cls: Any, lang: str) -> str:
    """The one-line summary in ``lang``, else in French, else the docstring's first line."""
    summary = getattr(cls, "summary", None) or {}
    text = summary.get(lang) or summary.get("fr")
    if not text:
        text = next(iter(cls.documentation(lang).splitlines()), "")
    return text


def portable_path(path: str) -> str:
    """``path`` with forward slashes, relative to the current folder when it is under it
    (CI services want paths relative to the repository root), else absolute."""
    candidate = Path(path)
    if candidate.is_absolute():
        try:
            candidate = candidate.resolve().relative_to(Path.cwd().resolve())
        except ValueError:
            return candidate.as_posix()
    text = PurePosixPath(*candidate.parts).as_posix() if candidate.parts else "."
    if os.sep != "/":
        text = text.replace(os.sep, "/")
    return text


def fingerprint(path: str, finding: dict[str, Any]) -> str:
    """Stable across runs for the same finding in the same file (same code, page, message)."""
    key = "\0".join([portable_path(path), finding["code"], str(finding["page"]),
                     finding["message"]])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def severity_of(finding: Any) -> str:
    severity = finding["severity"] if isinstance(finding, dict) else finding.severity
    return getattr(severity, "value", severity)
