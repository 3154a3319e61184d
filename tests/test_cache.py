"""An unchanged report is answered from the cache; any change is a miss."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import report_lint.runner as runner
from report_lint.cache import ResultCache, default_folder
from report_lint.cli import cli

REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "anx004-big-picture.pdf"


@pytest.fixture
def report(tmp_path):
    target = tmp_path / "rapport.pdf"
    shutil.copy(REPORT, target)
    return target


def run(*args):
    return CliRunner().invoke(cli, ["check", "--select", "ANX", "--format", "json",
                                    *map(str, args)])


def count_parses(monkeypatch):
    monkeypatch.setenv("REPORT_LINT_ASIDE", "0")  # parsed here, where it is counted
    calls = []
    real = runner.parse_file

    def counting(path, settings=None):
        calls.append(Path(path).name)
        return real(path, settings)

    monkeypatch.setattr(runner, "parse_file", counting)
    return calls


def test_second_run_is_answered_from_the_cache(report, tmp_path, monkeypatch):
    calls = count_parses(monkeypatch)
    first = run("--cache-dir", tmp_path / "c", report)
    second = run("--cache-dir", tmp_path / "c", report)
    assert first.exit_code == second.exit_code == 1
    assert first.stdout == second.stdout and "ANX004" in second.stdout
    assert calls == ["rapport.pdf"]


def test_changes_are_misses(report, tmp_path, monkeypatch):
    calls = count_parses(monkeypatch)
    run("--cache-dir", tmp_path / "c", report)
    run("--cache-dir", tmp_path / "c", "--ignore", "ANX004", report)  # other configuration
    (report.parent / "report-lint.toml").write_text("annex_count = 2\n", encoding="utf-8")
    run("--cache-dir", tmp_path / "c", report)  # a setting changed
    report.write_bytes(report.read_bytes() + b"\n")  # the file changed
    run("--cache-dir", tmp_path / "c", report)
    run("--cache-dir", tmp_path / "c", "--no-cache", report)
    assert len(calls) == 5


def test_a_damaged_entry_is_a_miss(report, tmp_path, monkeypatch):
    calls = count_parses(monkeypatch)
    run("--cache-dir", tmp_path / "c", report)
    for entry in (tmp_path / "c").glob("*/*.pickle"):
        entry.write_bytes(b"not a pickle")
    result = run("--cache-dir", tmp_path / "c", report)
    assert result.exit_code == 1 and len(calls) == 2


def test_default_folder_is_the_users_cache_not_the_repository(monkeypatch, tmp_path):
    monkeypatch.delenv("REPORT_LINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "report-lint"
    assert ResultCache().folder == tmp_path / "xdg" / "report-lint"


def test_packages_declaring_checks_are_read_again_only_when_the_import_path_changes(
        tmp_path, monkeypatch):
    """The entry-point scan behind the code fingerprint is kept in the cache folder with the
    state of the import path; a distribution installed there (a new entry in a folder of
    ``sys.path``) makes it be read again."""
    import importlib.metadata
    import sys

    from report_lint import cache

    place = tmp_path / "site"
    place.mkdir()
    monkeypatch.setattr(sys, "path", [*sys.path, str(place)])
    scans = []
    real = importlib.metadata.entry_points
    monkeypatch.setattr(importlib.metadata, "entry_points",
                        lambda **kw: (scans.append(kw), real(**kw))[1])
    first = cache._check_packages(tmp_path / "cache")
    assert (tmp_path / "cache" / "check-packages.pickle").is_file() and len(scans) == 1
    assert cache._check_packages(tmp_path / "cache") == first and len(scans) == 1
    assert any(name.startswith("report-lint==") or name.startswith("report_lint==")
               for name in first[0])
    (place / "newly_installed-1.0.dist-info").mkdir()
    assert cache._check_packages(tmp_path / "cache") == first and len(scans) == 2
