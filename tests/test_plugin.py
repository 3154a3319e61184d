"""The plugin API: a third-party package adds a check through the ``report_lint.checks``
entry-point group, the one the built-in checks use.

``tests/plugin_example`` is installed with pip (no network: ``--no-index --no-deps
--no-build-isolation``) into a temporary folder put on ``sys.path`` for this module only;
then its EXA001 finding must show in ``check`` and its rule in ``rules`` and ``rule``, in
this process and in a fresh ``report-lint`` process. Everything is undone afterwards, so
the other test modules see the built-in rules only.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_lint import cache as cache_module
from report_lint.cli import cli
from report_lint.rules import registry

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_SOURCE = Path(__file__).parent / "plugin_example"
COMPLIANT = ROOT / "fixtures" / "reports" / "compliant-lo.pdf"
MODULE = "report_lint_example_plugin"


def _forget_checks() -> None:
    """The registry and the cache's code fingerprint are computed once per process."""
    registry.__dict__.pop("checks", None)
    cache_module._code_fingerprint.cache_clear()


@pytest.fixture(scope="module")
def plugin(tmp_path_factory):
    work = tmp_path_factory.mktemp("plugin")
    source = work / "src"
    shutil.copytree(PLUGIN_SOURCE, source)  # the build leaves build/ and *.egg-info behind
    target = work / "site"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--no-build-isolation",
         "--no-index", "--disable-pip-version-check", "--quiet", "--target", str(target),
         str(source)],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / f"{MODULE}.py").is_file()
    sys.path.insert(0, str(target))
    importlib.invalidate_caches()
    _forget_checks()
    try:
        yield target
    finally:
        sys.path.remove(str(target))
        sys.modules.pop(MODULE, None)
        importlib.invalidate_caches()
        _forget_checks()
        assert "EXA001" not in [cls.code for cls in registry.checks]


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch):
    for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def test_plugin_rule_is_registered(plugin):
    cls = registry.by_code("EXA001")
    assert cls is not None and cls.__module__ == MODULE
    assert cls.name == "missing-glossary"
    assert [c.code for c in registry.checks] == sorted(c.code for c in registry.checks)


def test_plugin_rule_in_rules_and_rule(plugin):
    lines = run("rules", "--lang", "en").stdout.splitlines()
    (line,) = [line for line in lines if line.startswith("EXA001")]
    assert "missing-glossary" in line and "info" in line
    assert line.endswith("The report has no glossary.")
    data = json.loads(run("rules", "--format", "json").stdout)
    (rule,) = [r for r in data["rules"] if r["code"] == "EXA001"]
    assert rule["documentation"].startswith("Le rapport n'a pas de glossaire")
    out = run("rule", "exa001", "--lang", "en").stdout
    assert "The report has no glossary (a section titled Glossaire" in out


def test_plugin_finding_in_check_output(plugin):
    result = run("check", "--no-cache", "--format", "json", COMPLIANT)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [(f["code"], f["severity"]) for f in findings] == [("EXA001", "info")]
    assert findings[0]["message"].startswith("Aucun glossaire")
    assert result.exit_code == 0  # an info finding does not fail
    # selection applies to plugin rules like to the others
    ignored = run("check", "--no-cache", "--format", "github", "--ignore", "EXA", COMPLIANT)
    assert ignored.stdout == "" and ignored.exit_code == 0


def test_plugin_seen_by_a_fresh_process(plugin):
    """The real thing: a new ``report-lint`` process finds the installed package's entry
    point (``rules`` does not load spaCy, so this is quick)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(plugin)] + ([os.environ["PYTHONPATH"]] if os.environ.get("PYTHONPATH") else [])))
    env.pop("REPORT_LINT_LANG", None)
    done = subprocess.run([sys.executable, "-m", "report_lint", "rules", "--lang", "en"],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    codes = [line.split()[0] for line in done.stdout.splitlines()]
    assert "EXA001" in codes and "ANX004" in codes
