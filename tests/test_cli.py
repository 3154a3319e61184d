"""The command line: exit codes, rule selection, languages, configuration, bad input.

These tests use the real registry (the checks installed through the ``report_lint.checks``
entry points, so ``pip install .`` first) and the real parsers. Reports are the shared PDF
fixtures under ``fixtures/reports/`` (``expected.json`` there says what each one gives), copied
into ``tmp_path`` when a test puts configuration files beside the report. A few tests also
write tiny stand-in files: a broken PDF, an empty DOCX, files that only have to be found or
that never get parsed. Each fixture report is built to break one rule, so a test that needs
more rules to fire uses settings that make them fire on it (``MORE_FINDINGS``).
"""

from __future__ import annotations

import configparser
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import report_lint
from report_lint.cli import cli, find_reports
from report_lint.config import ConfigError, load_config, parse_cfg_value
from report_lint.findings import Severity
from report_lint.rules import registry

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
#: No finding at all.
COMPLIANT = REPORTS / "compliant-lo.pdf"
#: Exactly one finding: SEC003 (error, no page), the conclusion is missing. Its company
#: presentation runs over pages 5-8 (4 pages) and it has 3 annexes (annex part from p. 24).
NO_CONCLUSION = REPORTS / "sec003-no-conclusion.pdf"

# Every code of the rule catalogue (docs: shared spec rules.md).
CATALOGUE = (
    ["DOC001", "DOC002", "DOC003", "DOC004", "DOC005", "DOC006", "LEN001", "LEN002"]
    + [f"SEC00{i}" for i in range(1, 9)]
    + [f"ACT00{i}" for i in range(1, 5)]
    + [f"ANX00{i}" for i in range(1, 8)]
    + ["INT001"]
)

# Settings (report-lint.toml) that make two more rules fire on NO_CONCLUSION: ANX001 (error,
# p. 24: 3 annexes instead of 2) and SEC005 (warning, p. 5: 4 company pages for 3 at most).
MORE_FINDINGS = "annex_count = 2\ncompany_max_pages = 3\n"

ERROR_LINE = re.compile(r"^\S+?(:p\.\d+)?: [A-Z]{3}\d{3} \[error\] ", re.M)


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch):
    """The user's language settings must not leak into the tests."""
    for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


def run(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, [str(a) for a in args], env=env, catch_exceptions=False)


def codes_in(stdout: str) -> set[str]:
    return {f["code"] for f in json.loads(stdout)["files"][0]["findings"]}


def copy_report(source: Path, dest: Path) -> Path:
    """``source`` (a fixture report) copied to ``dest``, so configuration can go beside it."""
    assert source.is_file(), f"fixture missing: {source.relative_to(ROOT)}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(source.read_bytes())
    return dest


@pytest.fixture
def no_conclusion(tmp_path: Path) -> Path:
    """A copy of NO_CONCLUSION, alone in its folder: exactly SEC003 (error)."""
    return copy_report(NO_CONCLUSION, tmp_path / "rapport.pdf")


@pytest.fixture
def more_findings(no_conclusion: Path) -> Path:
    """NO_CONCLUSION with a report-lint.toml beside it: SEC003 and ANX001 (errors), SEC005."""
    (no_conclusion.parent / "report-lint.toml").write_text(MORE_FINDINGS, encoding="utf-8")
    return no_conclusion


@pytest.fixture
def broken_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\ngarbage")
    return path


# -- the registry behind the commands ----------------------------------------------------


def test_registry_has_every_catalogue_rule():
    assert [cls.code for cls in registry.checks] == sorted(CATALOGUE)


def test_every_check_is_documented_in_both_languages():
    for cls in registry.checks:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cls.name), cls.code
        assert isinstance(cls.severity, Severity), cls.code
        assert cls.documentation(), f"{cls.code} has no docstring"
        assert cls.summary.get("fr") and cls.summary.get("en"), f"{cls.code} summary"


# -- exit codes -------------------------------------------------------------------------


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert report_lint.__version__ in result.stdout


def test_compliant_report_exits_0():
    assert COMPLIANT.is_file(), f"fixture missing: {COMPLIANT.relative_to(ROOT)}"
    result = run("check", COMPLIANT)
    assert result.exit_code == 0, result.output
    assert not ERROR_LINE.search(result.stdout)
    assert "compliant-lo.pdf" in result.stdout


def test_error_finding_exits_1(no_conclusion):
    result = run("check", no_conclusion)
    assert result.exit_code == 1, result.output
    assert ERROR_LINE.search(result.stdout)
    assert re.search(r"rapport\.pdf(:p\.\d+)?: SEC003 \[error\] ", result.stdout)


def test_unreadable_file_exits_2_with_one_doc001(broken_pdf):
    result = run("check", "--format", "json", broken_pdf)
    assert result.exit_code == 2, result.output
    entry = json.loads(result.stdout)["files"][0]
    assert entry["format"] is None and entry["pages"] is None
    assert entry["sections"] == [] and entry["annexes"] == []
    assert [f["code"] for f in entry["findings"]] == ["DOC001"]
    assert "Traceback" not in result.output


def test_empty_file_is_unreadable(tmp_path):
    empty = tmp_path / "vide.docx"
    empty.write_bytes(b"")
    result = run("check", empty)
    assert result.exit_code == 2
    assert "DOC001 [error]" in result.stdout


def test_unreadable_file_wins_over_errors(broken_pdf, no_conclusion):
    result = run("check", no_conclusion, broken_pdf)
    assert result.exit_code == 2
    assert "SEC003" in result.stdout and "DOC001" in result.stdout


def test_missing_path_is_one_line_and_exit_2(tmp_path):
    result = run("check", tmp_path / "absent.pdf")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "absent.pdf" in lines[0]


def test_missing_path_does_not_stop_the_others(tmp_path, no_conclusion):
    result = run("check", tmp_path / "absent.pdf", no_conclusion)
    assert result.exit_code == 2
    assert "SEC003" in result.stdout


def test_internal_error_is_one_line_and_exit_2(monkeypatch, no_conclusion, tmp_path):
    import report_lint.runner

    real = report_lint.runner.check_file

    def flaky(path, config, **kwargs):
        if Path(path).name == "crash.pdf":
            raise RuntimeError("boom")
        return real(path, config, **kwargs)

    monkeypatch.setattr(report_lint.runner, "check_file", flaky)
    crash = tmp_path / "crash.pdf"
    crash.write_bytes(b"%PDF-1.7\n")  # never parsed: check_file raises first
    result = run("check", crash, no_conclusion)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "RuntimeError: boom" in result.stderr and "crash.pdf" in result.stderr
    assert "SEC003" in result.stdout  # the other file was still checked


def test_bad_usage_exits_2(no_conclusion):
    assert run("check").exit_code == 2
    assert run("check", "--format", "xml", no_conclusion).exit_code == 2
    result = run("check", "--select", "XYZ999", no_conclusion)
    assert result.exit_code == 2 and "XYZ999" in result.output


# -- select / ignore ----------------------------------------------------------------------


def test_more_findings_settings_make_three_rules_fire(more_findings):
    # The premise of the select/ignore tests below.
    result = run("check", "--format", "json", more_findings)
    assert codes_in(result.stdout) == {"SEC003", "SEC005", "ANX001"}
    assert result.exit_code == 1


def test_select_by_code(more_findings):
    result = run("check", "--format", "json", "--select", "SEC003", more_findings)
    assert codes_in(result.stdout) == {"SEC003"}
    assert result.exit_code == 1


def test_select_comma_separated_and_repeated(more_findings):
    a = run("check", "--format", "json", "--select", "SEC003,ANX001", more_findings)
    b = run("check", "--format", "json", "--select", "SEC003", "--select", "ANX001", more_findings)
    assert codes_in(a.stdout) == codes_in(b.stdout) == {"SEC003", "ANX001"}


def test_select_prefix_and_ignore(more_findings):
    result = run("check", "--format", "json", "--select", "SEC", "--ignore", "SEC003",
                 more_findings)
    assert codes_in(result.stdout) == {"SEC005"}
    assert result.exit_code == 0  # SEC005 is a warning


def test_ignoring_every_error_exits_0(more_findings):
    full = run("check", "--format", "json", more_findings)
    errors = {f["code"] for f in json.loads(full.stdout)["files"][0]["findings"]
              if f["severity"] == "error"}
    assert errors == {"SEC003", "ANX001"}
    result = run("check", "--format", "json", "--ignore", ",".join(sorted(errors)), more_findings)
    assert result.exit_code == 0, result.output
    assert codes_in(result.stdout) == {"SEC005"}


def test_select_by_name(more_findings):
    result = run("check", "--format", "json", "--select", "missing-conclusion", more_findings)
    assert codes_in(result.stdout) == {"SEC003"}


# -- language ------------------------------------------------------------------------------

FR_HEADER = "ce que le linter a compris"
EN_HEADER = "what the linter understood"


def test_default_language_is_french(no_conclusion):
    assert FR_HEADER in run("check", no_conclusion).stdout


def test_lang_option(no_conclusion):
    english = run("check", "--lang", "en", "--select", "SEC003", no_conclusion).stdout
    french = run("check", "--lang", "fr", "--select", "SEC003", no_conclusion).stdout
    assert EN_HEADER in english and FR_HEADER in french
    assert english.splitlines()[0] != french.splitlines()[0]  # the message itself changes


def test_lang_environment_and_precedence(no_conclusion):
    assert EN_HEADER in run("check", no_conclusion, env={"REPORT_LINT_LANG": "en"}).stdout
    result = run("check", "--lang", "fr", no_conclusion, env={"REPORT_LINT_LANG": "en"})
    assert FR_HEADER in result.stdout


def test_lang_from_locale(no_conclusion):
    assert EN_HEADER in run("check", no_conclusion, env={"LANG": "en_GB.UTF-8"}).stdout
    assert FR_HEADER in run("check", no_conclusion, env={"LANG": "de_DE.UTF-8"}).stdout


def test_unknown_language_is_usage_error(no_conclusion):
    assert run("check", "--lang", "de", no_conclusion).exit_code == 2
    result = run("check", no_conclusion, env={"REPORT_LINT_LANG": "klingon"})
    assert result.exit_code == 2
    assert "klingon" in result.output and "Traceback" not in result.output


# -- configuration -------------------------------------------------------------------------


def test_report_lint_toml_is_found_beside_the_report(no_conclusion):
    # Without the file: SEC003 only, in French. With it: its settings, ignore and lang apply.
    (no_conclusion.parent / "report-lint.toml").write_text(
        'lang = "en"\nignore = ["SEC003"]\nannex_count = 2\n', encoding="utf-8")
    result = run("check", "--format", "json", no_conclusion)
    assert codes_in(result.stdout) == {"ANX001"}
    assert EN_HEADER in run("check", no_conclusion).stdout


def test_pyproject_table_is_found_upwards(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.report-lint]\nselect = ["ANX001"]\nannex_count = 2\n',
        encoding="utf-8")
    report = copy_report(NO_CONCLUSION, tmp_path / "eleves" / "camille" / "rapport.pdf")
    result = run("check", "--format", "json", report)
    assert codes_in(result.stdout) == {"ANX001"}


def test_setup_cfg_section(no_conclusion):
    (no_conclusion.parent / "setup.cfg").write_text(
        "[metadata]\nname = x\n\n[report-lint]\nselect = SEC003, ANX001\nannex_count = 2\n",
        encoding="utf-8")
    result = run("check", "--format", "json", no_conclusion)
    assert codes_in(result.stdout) == {"SEC003", "ANX001"}


def test_explicit_config_overrides_discovery(no_conclusion, tmp_path):
    (no_conclusion.parent / "report-lint.toml").write_text(
        'select = ["ANX001"]\nannex_count = 2\n', encoding="utf-8")
    other = tmp_path / "autre.toml"
    other.write_text('select = ["SEC003", "ANX001"]\n', encoding="utf-8")
    result = run("check", "--format", "json", "--config", other, no_conclusion)
    # Only the explicit file is read: its select, and the profile's annex_count (3).
    assert codes_in(result.stdout) == {"SEC003"}


def test_command_line_select_wins_over_config(no_conclusion):
    (no_conclusion.parent / "report-lint.toml").write_text(
        'select = ["ANX001"]\nannex_count = 2\n', encoding="utf-8")
    result = run("check", "--format", "json", "--select", "SEC003", no_conclusion)
    assert codes_in(result.stdout) == {"SEC003"}


def test_broken_config_is_one_line_exit_2(no_conclusion):
    (no_conclusion.parent / "report-lint.toml").write_text("max_pages = = 3\n")
    result = run("check", no_conclusion)
    assert result.exit_code == 2
    assert "report-lint.toml" in result.stderr and "Traceback" not in result.output


def test_severity_override_from_config(no_conclusion):
    (no_conclusion.parent / "report-lint.toml").write_text(
        'select = ["SEC003"]\n[severity]\nSEC003 = "warning"\n', encoding="utf-8")
    result = run("check", "--format", "json", no_conclusion)
    findings = json.loads(result.stdout)["files"][0]["findings"]
    assert [f["severity"] for f in findings] == ["warning"]
    assert result.exit_code == 0


def test_config_settings_override_the_profile(tmp_path):
    (tmp_path / "report-lint.toml").write_text(
        'max_pages = 25\nselect = "ANX, SEC003"\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.settings["max_pages"] == 25
    assert config.select == ["ANX", "SEC003"]
    assert config.source == tmp_path / "report-lint.toml"
    assert "company_max_pages" in config.settings  # the rest comes from the profile


def test_default_profile_values(tmp_path):
    config = load_config(tmp_path / "nowhere" / "rapport.pdf")
    assert config.profile == "bts-sn-e61"
    assert config.settings["max_pages"] == 30
    assert config.settings["company_max_pages"] == 5
    assert config.settings["conclusion_max_pages"] == 2


def test_user_profile_extends_the_builtin_one(tmp_path):
    (tmp_path / "lycee.toml").write_text(
        'extends = "bts-sn-e61"\nmax_pages = 35\n', encoding="utf-8")
    (tmp_path / "report-lint.toml").write_text(
        'profile = "lycee.toml"\nconclusion_max_pages = 3\n', encoding="utf-8")
    config = load_config(tmp_path)
    assert config.settings["max_pages"] == 35
    assert config.settings["conclusion_max_pages"] == 3
    assert config.settings["company_max_pages"] == 5
    assert "extends" not in config.settings


def test_tables_merge_recursively(tmp_path):
    (tmp_path / "base.toml").write_text('[t]\na = 1\nb = 2\n', encoding="utf-8")
    (tmp_path / "report-lint.toml").write_text(
        'profile = "base.toml"\n[t]\nb = 3\n', encoding="utf-8")
    assert load_config(tmp_path).settings["t"] == {"a": 1, "b": 3}


def test_unknown_profile_and_extends_loop(tmp_path):
    (tmp_path / "report-lint.toml").write_text('profile = "nope"\n')
    with pytest.raises(ConfigError, match="nope"):
        load_config(tmp_path)
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n')
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n')
    (tmp_path / "report-lint.toml").write_text('profile = "a.toml"\n')
    with pytest.raises(ConfigError, match="loop"):
        load_config(tmp_path)


def test_discovery_stops_at_git_boundary(tmp_path):
    (tmp_path / "report-lint.toml").write_text("max_pages = 12\n")
    repo = tmp_path / "depot"
    (repo / ".git").mkdir(parents=True)
    assert load_config(repo).source is None
    assert load_config(tmp_path).settings["max_pages"] == 12


@pytest.mark.parametrize(
    ("raw", "value"),
    [("30", 30), ("0.6", 0.6), ("true", True), ('"x"', "x"), ("ANX005", "ANX005"),
     ("ANX, DOC001", ["ANX", "DOC001"]), ("\nSEC001\nSEC002", ["SEC001", "SEC002"]),
     ("1, 2", [1, 2]), ('["a", "b"]', ["a", "b"])],
)
def test_setup_cfg_values(raw, value):
    assert parse_cfg_value(raw) == value


def test_lang_resolution_order(tmp_path, monkeypatch):
    (tmp_path / "report-lint.toml").write_text('lang = "en"\n')
    assert load_config(tmp_path).lang == "en"
    monkeypatch.setenv("REPORT_LINT_LANG", "fr")
    assert load_config(tmp_path).lang == "fr"
    assert load_config(tmp_path, lang="en").lang == "en"
    monkeypatch.delenv("REPORT_LINT_LANG")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert load_config(tmp_path / "x" / "y.pdf").lang == "en"


# -- folders and output ----------------------------------------------------------------------


def test_folder_is_searched_for_reports(tmp_path):
    # Discovery only looks at names: the skipped files are stand-ins.
    copy_report(NO_CONCLUSION, tmp_path / "a.pdf")
    copy_report(COMPLIANT, tmp_path / "sub" / "b.pdf")
    (tmp_path / "~$rapport.docx").write_bytes(b"lock")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "c.pdf").write_bytes(b"x")
    (tmp_path / "notes.txt").write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in find_reports(tmp_path)]
    assert found == ["a.pdf", "sub/b.pdf"]
    result = run("check", "--format", "json", tmp_path)
    files = json.loads(result.stdout)["files"]
    assert [Path(f["path"]).name for f in files] == ["a.pdf", "b.pdf"]
    assert [[g["code"] for g in f["findings"]] for f in files] == [["SEC003"], []]
    assert result.exit_code == 1


def test_output_file_and_no_colour_off_terminal(no_conclusion, tmp_path):
    out = tmp_path / "out.json"
    result = run("check", "--format", "json", "--output", out, no_conclusion)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert json.loads(out.read_text(encoding="utf-8"))["files"][0]["path"].endswith("rapport.pdf")
    text = run("check", no_conclusion).stdout
    assert "\x1b[" not in text


def test_text_output_shows_what_was_understood():
    assert COMPLIANT.is_file(), f"fixture missing: {COMPLIANT.relative_to(ROOT)}"
    result = run("check", "--lang", "en", COMPLIANT)
    out = result.stdout
    assert EN_HEADER in out
    assert re.search(r"Pages: \d+ in all; body: \d+ \(p\. 1-\d+\); annexes: 3 ", out)
    assert "Sections:" in out and "Annexes (3):" in out
    assert re.search(r"English \(\d\.\d\d\), .*, images \d+%", out)
    assert out.rstrip().splitlines()[-1].startswith("Total: 1 file, 0 errors")


# -- rules / rule ------------------------------------------------------------------------------


def test_rules_lists_every_rule_in_the_chosen_language():
    for lang in ("fr", "en"):
        result = run("rules", "--lang", lang)
        assert result.exit_code == 0
        lines = result.stdout.splitlines()
        assert [line.split()[0] for line in lines] == sorted(CATALOGUE)
        for cls, line in zip(registry.checks, lines):
            assert cls.name in line and cls.severity.value in line
            assert line.endswith(cls.summary[lang])


def test_rule_prints_full_documentation():
    cls = registry.by_code("ANX004")
    result = run("rule", "anx004")
    assert result.exit_code == 0
    assert "ANX004" in result.stdout and "annex-image-share" in result.stdout
    assert cls.documentation() in result.stdout
    assert cls.regulation and cls.regulation in result.stdout
    assert "error" in result.stdout
    assert run("rule", "annex-image-share").stdout == result.stdout


def test_unknown_rule_exits_2():
    result = run("rule", "ZZZ999")
    assert result.exit_code == 2
    assert "ZZZ999" in result.stderr and "Traceback" not in result.output


# -- packaging (what `pip install .` ships) ---------------------------------------------------


def test_setup_cfg_ships_every_package_and_check_module():
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    packages = set(cfg["options"]["packages"].split())
    wanted = {"report_lint_checks"} | {
        ".".join(d.relative_to(ROOT).parts)
        for d in (ROOT / "report_lint").rglob("*")
        if d.is_dir() and any(d.glob("*.py"))
    } | {"report_lint"}
    assert wanted <= packages
    entries = cfg["options.entry_points"]["report_lint.checks"]
    modules = {line.split("=")[1].strip() for line in entries.strip().splitlines()}
    assert modules == {f"report_lint_checks.{p.stem}" for p in (ROOT / "checks").glob("*.py")
                       if p.stem != "__init__"}
