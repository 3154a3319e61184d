"""A fixture report read as a user reads it: ``check --format json --no-cache``, once per
file for the test session (shared by the pattern tests)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from report_lint.cli import cli

REPORTS = Path(__file__).resolve().parent.parent / "fixtures" / "reports"

_JSON: dict = {}


def run(path: Path, *options: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["check", "--lang", "fr", "--no-cache", *options,
                                      str(path)], catch_exceptions=False)
    return result.exit_code, result.stdout


def reading(name: str) -> dict:
    """The file's entry of ``check --format json --no-cache``, with its exit status."""
    if name not in _JSON:
        code, out = run(REPORTS / name, "--format", "json")
        entry = json.loads(out)["files"][0]
        entry["exit"] = code
        _JSON[name] = entry
    return _JSON[name]


def first_page(entry: dict, role: str) -> int | None:
    """First page of the first section of that role, at any level (rules.md)."""
    return next((s["first_page"] for s in entry["sections"] if s["role"] == role), None)
