"""Output formats for CI and editors (SARIF, GitHub annotations, GitLab Code Quality, JUnit),
``--output``, ``--fail-on``, and the GitHub Actions workflow the README shows.

A check costs one to two seconds a file (spaCy loads once per process): the two fixture
reports are checked once for the module, through a result cache in a temporary folder, and
every format is rendered from those results; the command-line runs after that are answered
by the cache (same file, same configuration).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from jsonschema import Draft7Validator

from report_lint.cache import ResultCache
from report_lint.cli import cli
from report_lint.config import load_config
from report_lint.findings import Finding, Severity
from report_lint.reporters import FORMATS, get_reporter
from report_lint.reporters.github import annotation, escape_data, escape_property
from report_lint.rules import registry
from report_lint.runner import FileResult, check_file

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
#: ANX004 (error) on page 27 and nothing else.
BIG_PICTURE = REPORTS / "anx004-big-picture.pdf"
#: No finding at all.
COMPLIANT = REPORTS / "compliant-lo.pdf"
#: SEC005 (warning) on page 5 and nothing else.
LONG_COMPANY = REPORTS / "sec005-long-company.pdf"

SARIF_SCHEMA = json.loads((Path(__file__).parent / "schema" / "sarif-schema-2.1.0.json")
                          .read_text(encoding="utf-8"))
SARIF = Draft7Validator(SARIF_SCHEMA)
GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}
#: The fields GitLab documents for a Code Quality report entry (docs: "Code Quality report
#: format"): all required; location.lines.begin or location.positions.
GITLAB_ENTRY = {
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
        "description": {"type": "string", "minLength": 1},
        "check_name": {"type": "string", "minLength": 1},
        "fingerprint": {"type": "string", "minLength": 1},
        "severity": {"enum": sorted(GITLAB_SEVERITIES)},
        "location": {
            "type": "object",
            "required": ["path"],
            "properties": {
                "path": {"type": "string", "minLength": 1, "not": {"pattern": "^/"}},
                "lines": {"type": "object", "required": ["begin"],
                          "properties": {"begin": {"type": "integer", "minimum": 1}}},
                "positions": {"type": "object", "required": ["begin"]},
            },
            "anyOf": [{"required": ["lines"]}, {"required": ["positions"]}],
        },
    },
}
GITLAB = Draft7Validator({"type": "array", "items": GITLAB_ENTRY})
ANNOTATION = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch):
    """No language from the user's environment; paths relative to the repository, as in CI."""
    for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REPORT_LINT_CACHE_DIR", str(folder))
        yield folder


@pytest.fixture(scope="module")
def results(cache_dir) -> dict[str, FileResult]:
    """The two fixture reports checked once, as the CLI would (and cached for it)."""
    cache = ResultCache(cache_dir)
    out = {}
    with pytest.MonkeyPatch.context() as mp:
        for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
            mp.delenv(var, raising=False)
        for path in (BIG_PICTURE, COMPLIANT):
            assert path.is_file(), f"fixture missing: {path.relative_to(ROOT)}"
            config = load_config(path.parent).for_file(path)
            out[path.name] = check_file(path, config, cache=cache)
    assert [f.code for f in out[BIG_PICTURE.name].findings] == ["ANX004"]
    assert out[COMPLIANT.name].findings == []
    return out


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def render(fmt, results, lang="fr"):
    return get_reporter(fmt)(list(results), lang=lang)


# -- the formats the command offers ---------------------------------------------------------


def test_every_format_is_offered():
    assert set(FORMATS) == {"text", "json", "sarif", "github", "gitlab", "junit"}
    help_text = run("check", "--help").stdout
    for fmt in FORMATS:
        assert fmt in help_text
    assert "--fail-on" in help_text and "--output" in help_text


# -- SARIF -----------------------------------------------------------------------------------


def sarif_errors(log):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in SARIF.iter_errors(log)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_sarif_is_valid_and_points_at_file_and_page(results, lang):
    log = json.loads(render("sarif", [results[BIG_PICTURE.name]], lang))
    assert not sarif_errors(log), sarif_errors(log)[:5]
    assert log["version"] == "2.1.0"
    run_ = log["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "report-lint"
    assert [r["id"] for r in driver["rules"]] == [c.code for c in registry.checks]
    (result,) = run_["results"]
    assert result["ruleId"] == "ANX004" and result["level"] == "error"
    rule = driver["rules"][result["ruleIndex"]]
    assert rule["id"] == "ANX004"
    # the rule's help is its documentation in the chosen language, taken from the check
    cls = registry.by_code("ANX004")
    assert rule["help"]["text"] == cls.documentation(lang)
    assert cls.regulation in rule["help"]["markdown"]
    assert rule["shortDescription"]["text"] == cls.summary[lang]
    location = result["locations"][0]
    physical = location["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("anx004-big-picture.pdf")
    assert physical["region"]["startLine"] == 27
    assert result["properties"]["page"] == 27
    assert location["logicalLocations"][0]["kind"] == "page"
    assert "%SRCROOT%" in run_["originalUriBaseIds"]


def test_sarif_without_findings_and_without_page(results):
    log = json.loads(render("sarif", [results[COMPLIANT.name]]))
    assert not sarif_errors(log)
    assert log["runs"][0]["results"] == []
    # a finding without a page (a missing section, an unreadable file) points at the file
    unreadable = FileResult(path="/elsewhere/rapport.pdf", format=None, findings=[
        Finding("DOC001", "unreadable-input", Severity.ERROR, "Fichier illisible.")])
    log = json.loads(render("sarif", [unreadable]))
    assert not sarif_errors(log)
    physical = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert "region" not in physical
    assert physical["artifactLocation"]["uri"] == "file:///elsewhere/rapport.pdf"


def test_sarif_schema_catches_a_broken_log(results):
    """The shipped schema really constrains: a wrong level is refused."""
    log = json.loads(render("sarif", [results[BIG_PICTURE.name]]))
    log["runs"][0]["results"][0]["level"] = "fatal"
    assert sarif_errors(log)


# -- GitHub annotations ------------------------------------------------------------------


def test_github_annotations(results):
    out = render("github", results.values())
    lines = out.splitlines()
    assert len(lines) == 1
    match = ANNOTATION.match(lines[0])
    assert match and match.group(1) == "error"
    props = dict(p.split("=", 1) for p in match.group("props").split(","))
    assert props["file"].endswith("fixtures/reports/anx004-big-picture.pdf")
    assert not props["file"].startswith("/")
    assert props["line"] == "27"
    assert "ANX004" in props["title"]
    assert "ANX004" in match.group("message") and "%25" in match.group("message")  # 45 %
    assert render("github", [results[COMPLIANT.name]]) == ""


def test_github_escaping():
    assert escape_data("50% done\r\nnext") == "50%25 done%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    line = annotation("dossier, 2/rapport:final.pdf", {
        "code": "SEC003", "name": "missing-conclusion", "severity": "warning",
        "message": "ligne 1\nligne 2", "page": None, "section": None})
    assert line.startswith("::warning file=dossier%2C 2/rapport%3Afinal.pdf,title=")
    assert "line=" not in line and "\n" not in line
    info = annotation("r.pdf", {"code": "INT001", "name": "x", "severity": "info",
                                "message": "m", "page": 3, "section": None})
    assert info.startswith("::notice file=r.pdf,line=3,")


# -- GitLab Code Quality ----------------------------------------------------------------------


def gitlab_errors(report):
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in GITLAB.iter_errors(report)]


def test_gitlab_code_quality_fields(results):
    report = json.loads(render("gitlab", results.values()))
    assert not gitlab_errors(report), gitlab_errors(report)
    (entry,) = report
    assert entry["check_name"] == "ANX004"
    assert entry["severity"] == "major"
    assert entry["location"]["path"].endswith("anx004-big-picture.pdf")
    assert entry["location"]["lines"]["begin"] == 27
    assert "ANX004" in entry["description"]
    assert json.loads(render("gitlab", [results[COMPLIANT.name]])) == []
    # stable across runs
    assert json.loads(render("gitlab", results.values())) == report


def test_gitlab_fingerprints_unique_and_severities_mapped():
    findings = [
        Finding("DOC003", "template-placeholder", Severity.WARNING, "Page 4 : « XXX ».", 4),
        Finding("DOC003", "template-placeholder", Severity.WARNING, "Page 4 : « XXX ».", 4),
        Finding("INT001", "internship-too-short", Severity.INFO, "Page 2 : 5 semaines.", 2),
        Finding("SEC003", "missing-conclusion", Severity.ERROR, "Pas de conclusion."),
    ]
    result = FileResult(path="rapports/a.pdf", format="pdf", findings=findings)
    report = json.loads(render("gitlab", [result]))
    assert not gitlab_errors(report)
    assert len({e["fingerprint"] for e in report}) == 4
    assert [e["severity"] for e in report] == ["minor", "minor", "info", "major"]
    assert report[3]["location"]["lines"]["begin"] == 1  # no page: the whole file
    # a violation of the documented fields is caught by the check itself
    broken = [dict(report[0], severity="error")]
    assert gitlab_errors(broken)


# -- JUnit -------------------------------------------------------------------------------------


def test_junit_one_case_per_rule_per_file(results):
    xml = render("junit", [results[BIG_PICTURE.name], results[COMPLIANT.name]], "en")
    root = ET.fromstring(xml)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [Path(s.get("name")).name for s in suites] == [BIG_PICTURE.name, COMPLIANT.name]
    codes = [c.code for c in registry.checks]
    for suite, result in zip(suites, (results[BIG_PICTURE.name], results[COMPLIANT.name])):
        cases = suite.findall("testcase")
        assert [c.get("name").split()[0] for c in cases] == sorted(result.rules) == codes
        assert int(suite.get("tests")) == len(cases)
    failed = [c for c in suites[0].findall("testcase") if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == ["ANX004 annex-image-share"]
    failure = failed[0].find("failure")
    assert failure.get("type") == "error" and "45 %" in failure.get("message")
    assert "p.27" in failure.text
    assert suites[0].get("failures") == "1" and suites[1].get("failures") == "0"
    assert root.get("tests") == str(2 * len(codes)) and root.get("failures") == "1"


def test_junit_unreadable_file_is_an_error():
    unreadable = FileResult(path="rapport.pdf", format=None, findings=[
        Finding("DOC001", "unreadable-input", Severity.ERROR, "Fichier illisible : vide.")])
    root = ET.fromstring(render("junit", [unreadable]))
    (case,) = root.find("testsuite").findall("testcase")
    assert case.get("name") == "DOC001 unreadable-input"
    assert case.find("error") is not None and root.get("errors") == "1"


# -- the command line: --output, --fail-on ---------------------------------------------------


@pytest.mark.parametrize("fmt", ["sarif", "gitlab", "junit", "github"])
def test_output_file(results, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    result = run("check", "--format", fmt, "--output", out, BIG_PICTURE)
    assert result.exit_code == 1
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert text == render(fmt, [results[BIG_PICTURE.name]])
    assert "\x1b[" not in text


def test_fail_on(results, cache_dir):
    # an error: 1 by default and with warning, 0 with never
    assert run("check", "--format", "json", BIG_PICTURE).exit_code == 1
    assert run("check", "--fail-on", "warning", "--format", "json", BIG_PICTURE).exit_code == 1
    assert run("check", "--fail-on", "never", "--format", "json", BIG_PICTURE).exit_code == 0
    # nothing at all: 0 whatever the threshold
    assert run("check", "--fail-on", "warning", "--format", "json", COMPLIANT).exit_code == 0
    # a warning only (one real check, then the cache): 0 by default, 1 with warning
    out = run("check", "--format", "json", LONG_COMPANY)
    assert [f["code"] for f in json.loads(out.stdout)["files"][0]["findings"]] == ["SEC005"]
    assert out.exit_code == 0
    assert run("check", "--fail-on", "warning", "--format", "json", LONG_COMPANY).exit_code == 1
    assert run("check", "--fail-on", "never", LONG_COMPANY).exit_code == 0
    # bad usage is still 2
    assert run("check", "--fail-on", "sometimes", COMPLIANT).exit_code == 2


def test_fail_on_never_still_reports_unreadable_files(tmp_path):
    broken = tmp_path / "rapport.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    result = run("check", "--fail-on", "never", "--format", "sarif", broken)
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    assert not sarif_errors(log)
    assert [r["ruleId"] for r in log["runs"][0]["results"]] == ["DOC001"]


# -- acceptance: the README's GitHub Actions workflow -------------------------------------------


def readme_workflow() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```ya?ml\n(.*?)```", readme, re.S)
    workflows = [b for b in blocks if "upload-sarif" in b and "--format github" in b]
    assert workflows, "README: no GitHub Actions workflow using --format github and SARIF"
    return workflows[0]


def workflow_commands(workflow: str) -> list[str]:
    """The report-lint commands of the workflow's ``run:`` steps, in order."""
    commands = []
    for match in re.finditer(r"^\s*(?:-\s+)?run:\s*(\|)?(.*)$", workflow, re.M):
        if match.group(1):  # a block: the more-indented lines after it
            rest = workflow[match.end():].splitlines()[1:]
            indent = len(rest[0]) - len(rest[0].lstrip())
            lines = []
            for line in rest:
                if line.strip() and len(line) - len(line.lstrip()) < indent:
                    break
                lines.append(line.strip())
            commands.extend(line for line in lines if line)
        else:
            commands.append(match.group(2).strip())
    return [c for c in commands if c.startswith("report-lint ")]


@pytest.mark.parametrize("fixture, annotations", [(BIG_PICTURE, 1), (COMPLIANT, 0)])
def test_readme_github_workflow_runs(results, tmp_path, monkeypatch, fixture, annotations):
    workflow = readme_workflow()
    assert "github/codeql-action/upload-sarif" in workflow
    assert "security-events: write" in workflow
    commands = workflow_commands(workflow)
    assert any("--format github" in c for c in commands)
    sarif_commands = [c for c in commands if "--format sarif" in c]
    assert sarif_commands
    sarif_file = re.search(r"sarif_file:\s*(\S+)", workflow).group(1)
    assert any(f"--output {sarif_file}" in c for c in sarif_commands)

    # the reports of the workflow's repository: one fixture in the folder the workflow checks
    folder = re.search(r"report-lint check .*?(\S+)/?$", commands[0]).group(1).rstrip("/")
    (tmp_path / folder).mkdir(parents=True)
    shutil.copy(fixture, tmp_path / folder / fixture.name)
    monkeypatch.chdir(tmp_path)

    outputs = {}
    for command in commands:
        args = shlex.split(command)[1:]
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        outputs[command] = result
        if "--format github" in command:
            lines = [line for line in result.stdout.splitlines() if line.startswith("::")]
            assert len(lines) == annotations, result.stdout
            for line in lines:
                match = ANNOTATION.match(line)
                assert match and f"file={folder}/{fixture.name}" in line
                assert "line=27" in line
            assert result.exit_code == (1 if annotations else 0)
        if "--format sarif" in command:
            assert result.exit_code == 0  # the upload step must run: --fail-on never
    log = json.loads((tmp_path / sarif_file).read_text(encoding="utf-8"))
    assert not sarif_errors(log)
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]]
    assert uris == [f"{folder}/{fixture.name}"] * annotations
