"""Helpers shared by the LaTeX, Markdown and suppression tests."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from report_lint.config import load_config
from report_lint.runner import check_file

ROOT = Path(__file__).resolve().parents[1]
REPOS = ROOT / "fixtures" / "repos"
ROLES = ("company", "activities", "conclusion", "annexes")


def copy_repo(name: str, dest: Path, pdf_fresh: bool = True) -> Path:
    """A fixture repository copied to ``dest``; its compiled PDF made newer than every
    source (a git checkout gives files arbitrary times) or older (``pdf_fresh=False``)."""
    target = dest / name
    shutil.copytree(REPOS / name, target)
    now = time.time()
    for path in target.rglob("*"):
        os.utime(path, (now - 100, now - 100))
    for pdf in (target / "main.pdf", target / "rapport.pdf"):
        if pdf.exists():
            t = now if pdf_fresh else now - 200
            os.utime(pdf, (t, t))
    return target


def lint(path: Path, **settings):
    config = load_config(path if path.is_dir() else path.parent)
    config.settings.update(settings)
    return check_file(path, config)


def roles(result) -> list[str]:
    return [s.role for s in result.report.sections if s.role in ROLES]


def codes(result) -> list[str]:
    return sorted({f.code for f in result.findings})


def pages_of(result) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.page) for f in result.findings)
