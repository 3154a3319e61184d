"""What a check reports: a finding with a stable code, a severity and a page."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 2, "warning": 1, "info": 0}[self.value]


@dataclass(frozen=True)
class Finding:
    code: str
    name: str
    severity: Severity
    message: str
    page: int | None = None
    section: str | None = None

    def to_dict(self) -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


class UnreadableInput(Exception):
    """Raised by a parser when a file cannot be read; becomes one DOC001 finding.

    ``reason`` is a key of the DOC001 messages (``corrupt``, ``encrypted``, ``empty``...),
    ``detail`` free text for the curious (never a traceback).
    """

    def __init__(self, reason: str, detail: str = "", **params: object) -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.params = params
