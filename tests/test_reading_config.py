"""``[reading]`` in report-lint.toml: the author names the parts the linter read wrong.

Run on a committed fixture made by LibreOffice: a report whose last part is titled so that
nothing says "conclusion" (SEC003), then the same report with the configuration naming it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "fixtures" / "reports" / "sec003-no-conclusion.pdf"


def run(tmp_path: Path, toml: str | None, *args: str) -> subprocess.CompletedProcess:
    target = tmp_path / REPORT.name
    target.write_bytes(REPORT.read_bytes())
    if toml is not None:
        (tmp_path / "report-lint.toml").write_text(toml, encoding="utf-8")
    return subprocess.run([sys.executable, "-m", "report_lint", "check", "--no-cache", *args,
                           str(target)], capture_output=True, text=True, cwd=tmp_path)


def sections(proc) -> list[dict]:
    return json.loads(proc.stdout)["files"][0]["sections"]


def test_without_configuration_the_conclusion_is_missing(tmp_path):
    proc = run(tmp_path, None, "--format", "json")
    codes = [f["code"] for f in json.loads(proc.stdout)["files"][0]["findings"]]
    assert "SEC003" in codes


def test_configuration_names_the_conclusion(tmp_path):
    toml = '[reading]\nconclusion = "2. Activités réalisées"\nactivities = "Introduction"\n'
    proc = run(tmp_path, toml, "--format", "json")
    found = {s["title"]: s for s in sections(proc)}
    part = found["2. Activités réalisées"]
    assert part["role"] == "conclusion"
    assert any("configuration" in e for e in part["evidence"])
    assert found["Introduction"]["role"] == "activities"
    codes = [f["code"] for f in json.loads(proc.stdout)["files"][0]["findings"]]
    assert "SEC003" not in codes

    text = run(tmp_path, toml, "--lang", "fr").stdout
    assert "donnée par la configuration" in text and "2. Activités réalisées" in text


def test_annexes_from_page(tmp_path):
    proc = run(tmp_path, "[reading]\nannexes_from_page = 26\n", "--format", "json")
    entry = json.loads(proc.stdout)["files"][0]
    assert min(p for a in entry["annexes"] for p in a["pages"]) == 26
    assert entry["pages"]["body"] == 25
    assert "configuration" in run(tmp_path, "[reading]\nannexes_from_page = 26\n",
                                  "--lang", "en").stdout


def test_a_title_that_matches_nothing_is_said_and_changes_nothing(tmp_path):
    proc = run(tmp_path, '[reading]\ncompany = "Le camping des Pins"\n', "--lang", "en")
    assert "names 'Le camping des Pins', but no heading matches it" in proc.stdout
    json_proc = run(tmp_path, '[reading]\ncompany = "Le camping des Pins"\n', "--format",
                    "json")
    roles = {s["role"] for s in sections(json_proc)}
    assert "company" in roles  # the automatic reading is kept


def test_a_wrong_value_is_one_line_and_exit_2(tmp_path):
    proc = run(tmp_path, "[reading]\nannexes_from_page = \"vingt\"\n")
    assert proc.returncode == 2
    assert "annexes_from_page must be a page number" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_init_documents_the_table(tmp_path):
    target = tmp_path / "report-lint.toml"
    proc = subprocess.run([sys.executable, "-m", "report_lint", "init", "--lang", "en",
                           str(target)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    text = target.read_text(encoding="utf-8")
    assert "[reading]" in text and "# annexes_from_page = 25" in text
    import tomllib

    assert tomllib.loads(text)["reading"] == {}  # as written, it changes nothing
