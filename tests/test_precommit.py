"""The pre-commit hook (.pre-commit-hooks.yaml), run by the real pre-commit from PyPI.

A snapshot of this checkout (its tracked and untracked, not ignored, files) is committed in
a temporary repository that a report repository's ``.pre-commit-config.yaml`` points at
(``repo:`` + ``rev:``), as a student's repository points at report-lint. pre-commit builds
its own virtualenv and pip-installs report-lint with its dependencies (spaCy and its
French model...) from the package index: several minutes, once per test session
(PRE_COMMIT_HOME in a session temporary folder, shared by the tests here).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from _sources_helpers import ROOT, copy_repo

pytest.importorskip("pre_commit")
pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git not installed")

GIT = ["git", "-c", "user.name=Théo Garnier", "-c", "user.email=theo@example.org",
       "-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def _run(args, cwd, env=None, timeout=1800, check=True):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout}\n"
                             f"{result.stderr}")
    return result


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory):
    """(snapshot repository, its commit, environment with a private PRE_COMMIT_HOME)."""
    base = tmp_path_factory.mktemp("pre-commit")
    snapshot = base / "report-lint"
    listed = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                  ROOT).stdout.split("\0")
    for name in filter(None, listed):
        src = ROOT / name
        if src.is_file() and not name.startswith(("fixtures/reports/", "fixtures/class/")):
            dst = snapshot / name
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dst)
    _run(GIT + ["init", "-q"], snapshot)
    _run(GIT + ["add", "-A"], snapshot)
    _run(GIT + ["commit", "-q", "-m", "snapshot"], snapshot)
    rev = _run(["git", "rev-parse", "HEAD"], snapshot).stdout.strip()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(base / "home")
    env["REPORT_LINT_CACHE_DIR"] = str(base / "cache")
    env["LANG"] = "C.UTF-8"
    return snapshot, rev, env


def _report_repo(tmp_path: Path, hook_source, fixture: str,
                 args: str = "\n        args: [rapport/main.tex]") -> Path:
    snapshot, rev, env = hook_source
    repo = tmp_path / "stage"
    repo.mkdir()
    _run(GIT + ["init", "-q"], repo)
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {snapshot.as_uri()}\n    rev: {rev}\n    hooks:\n"
        f"      - id: report-lint{args}\n", encoding="utf-8")
    copy_repo(fixture, tmp_path)
    shutil.move(tmp_path / fixture, repo / "rapport")
    pdf = repo / "rapport" / "main.pdf"
    os.utime(pdf, (time.time() + 5, time.time() + 5))
    _run([sys.executable, "-m", "pre_commit", "install"], repo, env)
    return repo


def _commit(repo: Path, env) -> subprocess.CompletedProcess:
    _run(GIT + ["add", "-A"], repo, env)
    return _run(GIT + ["commit", "-m", "rapport"], repo, env, check=False)


def test_broken_report_commit_is_refused_then_fixed_one_passes(tmp_path, hook_source):
    _, _, env = hook_source
    repo = _report_repo(tmp_path, hook_source, "latex-report-broken")
    started = time.time()
    refused = _commit(repo, env)
    output = refused.stdout + refused.stderr
    print(f"first commit (builds the hook environment): {time.time() - started:.0f} s")
    assert refused.returncode != 0, output
    assert "report-lint" in output and "Failed" in output, output
    assert "SEC003" in output and "ANX003" in output, output
    assert _run(["git", "rev-list", "--all"], repo, env, check=False).stdout == ""

    # the student fixes the report: the compliant sources, same repository
    shutil.rmtree(repo / "rapport")
    copy_repo("latex-report", tmp_path / "fixed")
    shutil.move(tmp_path / "fixed" / "latex-report", repo / "rapport")
    os.utime(repo / "rapport" / "main.pdf", (time.time() + 5, time.time() + 5))
    started = time.time()
    passed = _commit(repo, env)
    output = passed.stdout + passed.stderr
    print(f"second commit: {time.time() - started:.0f} s")
    assert passed.returncode == 0, output
    assert "Passed" in output, output


def test_hook_runs_only_when_a_source_changes(tmp_path, hook_source):
    _, _, env = hook_source
    repo = _report_repo(tmp_path, hook_source, "latex-report-broken")
    _run(GIT + ["add", ".pre-commit-config.yaml"], repo, env)
    _run(GIT + ["commit", "-q", "--no-verify", "-m", "configuration"], repo, env)
    (repo / "notes.txt").write_text("rien\n", encoding="utf-8")
    _run(GIT + ["add", "notes.txt"], repo, env)
    result = _run(GIT + ["commit", "-m", "notes"], repo, env, check=False)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "no files to check" in output.lower() or "Skipped" in output, output


def test_default_hook_checks_the_report_not_the_pdfs_beside_it(tmp_path, hook_source):
    """Issue 12: with the default ``.``, the hook lints the LaTeX report, not the PDF
    figures it includes nor the slides beside it (each would fail as a "report")."""
    _, _, env = hook_source
    repo = _report_repo(tmp_path, hook_source, "latex-report", args="")
    annex = repo / "rapport" / "annexes" / "annexe2.pdf"
    shutil.copy(annex, repo / "soutenance.pdf")
    shutil.copy(annex, repo / "rapport" / "images" / "schema.pdf")
    result = _commit(repo, env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output, output


def test_default_hook_lints_the_report_not_its_cover_template_blank_page_figure_slides(
        tmp_path, hook_source):
    """Issue 16: beside the report, the school's cover template (its own \\documentclass,
    1 page), a blank.tex, a standalone TikZ figure and beamer slides are not reports: the
    hook lints main.tex alone and the compliant report's commit passes."""
    _, _, env = hook_source
    repo = _report_repo(tmp_path, hook_source, "cover-and-slides", args="")
    result = _commit(repo, env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output, output
    assert "page_de_garde.tex:" not in output and "blank.tex:" not in output, output


def test_hook_reads_the_chapters_of_a_report_whose_folder_git_ignores(tmp_path, hook_source):
    """Issue 16: the chapters are in a folder .gitignore lists (only main.tex is
    committed): the hook still reads them from the working tree, so the report passes."""
    _, _, env = hook_source
    repo = _report_repo(tmp_path, hook_source, "latex-report", args="")
    (repo / ".gitignore").write_text("rapport/chapters/\n", encoding="utf-8")
    result = _commit(repo, env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Passed" in output, output
    listed = _run(["git", "ls-files"], repo, env).stdout
    assert "rapport/main.tex" in listed and "rapport/chapters/" not in listed, listed
