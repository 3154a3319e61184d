"""Helpers shared by the LaTeX, Markdown and suppression tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from report_lint.config import load_config
from report_lint.runner import check_file

ROOT = Path(__file__).resolve().parents[1]
REPOS = ROOT / "fixtures" / "repos"
ROLES = ("company", "activities", "conclusion", "annexes")


def copy_repo(name: str, dest: Path, pdf_fresh: bool = True, git: bool = False) -> Path:
    """A fixture repository copied to ``dest``; its compiled PDFs (``main.pdf``,
    ``rapport.pdf``, in any folder) made newer than every source (a git checkout gives files
    arbitrary times) or older (``pdf_fresh=False``). With ``git``, a git repository: its
    ``dot-gitignore`` (stored so, else git ignores the fixture's own files) becomes its
    ``.gitignore``, and ``git init`` is run."""
    target = dest / name
    shutil.copytree(REPOS / name, target)
    now = time.time()
    for path in target.rglob("*"):
        os.utime(path, (now - 100, now - 100))
    for pdf in [*target.rglob("main.pdf"), *target.rglob("rapport.pdf")]:
        t = now if pdf_fresh else now - 200
        os.utime(pdf, (t, t))
    if git:
        ignore = target / "dot-gitignore"
        if ignore.exists():
            ignore.rename(target / ".gitignore")
        git_init(target)
    return target


def git_init(folder: Path) -> None:
    """``git init`` in ``folder`` (a real repository: ``git check-ignore`` works in it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    subprocess.run(["git", "init", "-q", str(folder)], check=True, env=env,
                   capture_output=True, timeout=60)


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
