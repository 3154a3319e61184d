"""The machine-readable output: exactly the contract of ``docs/rules.md``."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterable

from report_lint.reporters import results_to_dict

if TYPE_CHECKING:
    from report_lint.runner import FileResult


def render(results: Iterable[FileResult], *, lang: str = "fr") -> str:
    """One JSON document for all files (``lang`` only affects the messages, already made)."""
    return json.dumps(results_to_dict(results), ensure_ascii=False, indent=2) + "\n"
