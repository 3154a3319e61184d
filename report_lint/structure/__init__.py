"""Document → Report: headings, sections with roles, annex part, annexed documents.

The one place where a report is interpreted; checks only read the :class:`Report` it
builds, and the summary shown to the user is made from the same objects. The reading itself
(:func:`build_report`, in ``build``) is imported when it is first asked for: a result read
back from the cache, or a setting checked in a configuration, needs the model only.
"""

from __future__ import annotations

from typing import Any

from report_lint.structure.model import Annex, Heading, Report, Section

__all__ = ["Annex", "Heading", "Report", "Section", "build_report"]


def __getattr__(name: str) -> Any:
    if name == "build_report":
        from report_lint.structure.build import build_report

        return build_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
