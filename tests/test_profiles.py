"""Profiles as data (the shipped school profile ``lycee-40p-2annexes`` extends
``bts-sn-e61``), ``per-file-ignores`` for batch runs, and ``report-lint init``.

Three real checks in all (about two seconds each after spaCy's load): one folder of two
reports under the school profile, and one folder with per-file-ignores.
"""

from __future__ import annotations

import json
import tomllib
from importlib import resources
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_lint.cli import cli
from report_lint.config import (
    ConfigError,
    available_profiles,
    ignored_for,
    load_config,
    load_profile,
    parse_per_file_ignores,
)

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
SCHOOL = "lycee-40p-2annexes"
#: 34 body pages (LEN001 under the national profile), three annexes.
LONG = REPORTS / "len001-34-pages.pdf"
#: Two annexes, one technical and one press (ANX001 under the national profile).
TWO_ANNEXES = REPORTS / "anx001-two-annexes.pdf"
#: ANX004 (error) on page 27 and nothing else.
BIG_PICTURE = REPORTS / "anx004-big-picture.pdf"


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch, tmp_path):
    for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("REPORT_LINT_CACHE_DIR", str(tmp_path / "cache"))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def copy(source: Path, dest: Path) -> Path:
    assert source.is_file(), f"fixture missing: {source.relative_to(ROOT)}"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_bytes(source.read_bytes())
    return dest


def findings_by_file(stdout: str) -> dict[str, list[tuple[str, int | None]]]:
    return {Path(f["path"]).name: [(g["code"], g["page"]) for g in f["findings"]]
            for f in json.loads(stdout)["files"]}


# -- the shipped profiles ---------------------------------------------------------------------


def test_two_profiles_are_shipped():
    assert {"bts-sn-e61", SCHOOL} <= set(available_profiles())


def test_school_profile_extends_the_national_one():
    national, school = load_profile("bts-sn-e61"), load_profile(SCHOOL)
    assert school["max_pages"] == 40 and national["max_pages"] == 30
    assert school["page_tolerance"] == 2
    assert school["company_max_pages"] == 6
    assert school["annex_count"] == 2
    assert school["annex_kind_counts"] == {"technical": 1, "press": 1}
    changed = {k for k in national if school[k] != national[k]}
    assert changed == {"max_pages", "page_tolerance", "company_max_pages", "annex_count",
                       "annex_kind_counts"}
    assert set(school) == set(national)  # every lexicon and threshold inherited


def test_school_profile_is_data_and_documented():
    text = (resources.files("report_lint") / "profiles" / f"{SCHOOL}.toml").read_text("utf-8")
    data = tomllib.loads(text)
    assert data["extends"] == "bts-sn-e61"
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert len(header) >= 5 and "Not the national regulation" in text
    assert SCHOOL in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_users_profile_can_extend_the_school_one(tmp_path):
    (tmp_path / "mon-lycee.toml").write_text(
        f'extends = "{SCHOOL}"\nmax_pages = 45\n[sections]\nconclusion = ["bilan"]\n',
        encoding="utf-8")
    (tmp_path / "report-lint.toml").write_text('profile = "mon-lycee.toml"\nannex_count = 3\n',
                                               encoding="utf-8")
    config = load_config(tmp_path)
    assert config.settings["max_pages"] == 45          # the user's profile
    assert config.settings["company_max_pages"] == 6   # the school's
    assert config.settings["annex_count"] == 3         # the config file over all profiles
    assert config.settings["sections"]["conclusion"] == ["bilan"]
    assert "société accueil" in config.settings["sections"]["company"]  # merged, national


def test_school_profile_on_reports(tmp_path):
    """The report too long for the national rules passes the school's 40 pages but has one
    annex too many; the two-annex report that fails ANX001 nationally passes."""
    folder = tmp_path / "lycee"
    copy(LONG, folder / LONG.name)
    copy(TWO_ANNEXES, folder / TWO_ANNEXES.name)
    (folder / "report-lint.toml").write_text(f'profile = "{SCHOOL}"\n', encoding="utf-8")
    result = run("check", "--format", "json", folder)
    found = findings_by_file(result.stdout)
    assert found[LONG.name] == [("ANX001", 35)]
    assert found[TWO_ANNEXES.name] == []
    assert result.exit_code == 1


# -- per-file-ignores ---------------------------------------------------------------------------


def test_per_file_ignores_matching(tmp_path):
    table = {"brouillons/*.pdf": ["LEN001", "SEC"], "*-scan.pdf": ["DOC002"],
             "annexes/": ["ANX"], "**/vieux.pdf": ["ALL"]}
    assert ignored_for(tmp_path / "brouillons" / "a.pdf", table, tmp_path) == ["LEN001", "SEC"]
    assert ignored_for(tmp_path / "x" / "b-scan.pdf", table, tmp_path) == ["DOC002"]
    assert ignored_for(tmp_path / "annexes" / "c.pdf", table, tmp_path) == ["ANX"]
    assert ignored_for(tmp_path / "a" / "b" / "vieux.pdf", table, tmp_path) == ["ALL"]
    assert ignored_for(tmp_path / "final" / "a.pdf", table, tmp_path) == []
    assert ignored_for(tmp_path / "brouillons.pdf", table, tmp_path) == []
    assert ignored_for(tmp_path / "a.pdf", {}, tmp_path) == []


def test_per_file_ignores_in_every_config_file(tmp_path):
    toml = tmp_path / "t" / "report-lint.toml"
    toml.parent.mkdir()
    toml.write_text('ignore = ["ANX005"]\n[per-file-ignores]\n"brouillons/*.pdf" = ["LEN001"]\n',
                    encoding="utf-8")
    config = load_config(toml.parent)
    assert config.per_file_ignores == {"brouillons/*.pdf": ["LEN001"]}
    assert config.warnings == []  # an option, not an unknown setting
    assert config.for_file(toml.parent / "brouillons" / "a.pdf").ignore == ["ANX005", "LEN001"]
    assert config.for_file(toml.parent / "a.pdf") is config

    pyproject = tmp_path / "p" / "pyproject.toml"
    pyproject.parent.mkdir()
    pyproject.write_text('[tool.report-lint.per-file-ignores]\n"*.pdf" = "SEC004, SEC005"\n',
                         encoding="utf-8")
    assert load_config(pyproject.parent).per_file_ignores == {"*.pdf": ["SEC004", "SEC005"]}

    cfg = tmp_path / "c" / "setup.cfg"
    cfg.parent.mkdir()
    cfg.write_text("[report-lint]\nper-file-ignores =\n    brouillons/*.pdf: LEN001, SEC\n"
                   "    *-scan.pdf: DOC002\n        DOC001\n", encoding="utf-8")
    assert load_config(cfg.parent).per_file_ignores == {
        "brouillons/*.pdf": ["LEN001", "SEC"], "*-scan.pdf": ["DOC002", "DOC001"]}


def test_per_file_ignores_errors(tmp_path):
    with pytest.raises(ConfigError):
        parse_per_file_ignores("LEN001\n")
    bad = tmp_path / "report-lint.toml"
    bad.write_text('per-file-ignores = ["LEN001"]\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(tmp_path)
    bad.write_text('[per-file-ignores]\n"*.pdf" = [1]\n', encoding="utf-8")
    with pytest.raises(ConfigError):
        load_config(tmp_path)
    report = copy(BIG_PICTURE, tmp_path / "r.pdf")
    bad.write_text('[per-file-ignores]\n"*.pdf" = ["ZZZ"]\n', encoding="utf-8")
    result = run("check", report)
    assert result.exit_code == 2 and "ZZZ" in result.stderr


def test_per_file_ignores_on_a_folder_of_reports(tmp_path):
    folder = tmp_path / "classe"
    copy(BIG_PICTURE, folder / "final" / "dupont.pdf")
    copy(BIG_PICTURE, folder / "brouillons" / "dupont.pdf")
    (folder / "report-lint.toml").write_text(
        '[per-file-ignores]\n"brouillons/*.pdf" = ["ANX004"]\n', encoding="utf-8")
    result = run("check", "--format", "json", folder)
    files = {Path(f["path"]).parent.name: [g["code"] for g in f["findings"]]
             for f in json.loads(result.stdout)["files"]}
    assert files == {"brouillons": [], "final": ["ANX004"]}
    assert result.exit_code == 1


# -- report-lint init -----------------------------------------------------------------------------


def test_init_writes_the_defaults(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.exit_code == 0
    written = tmp_path / "report-lint.toml"
    text = written.read_text(encoding="utf-8")
    assert "report-lint.toml" in result.stderr
    data = tomllib.loads(text)
    assert data == {"profile": "bts-sn-e61", "select": ["ALL"], "ignore": [], "severity": {},
                    "per-file-ignores": {}, "reading": {}}
    # every threshold of the profile is there, commented, with its default
    for key, value in load_profile("bts-sn-e61").items():
        if not isinstance(value, (dict, list)):
            assert f"# {key} = " in text, key
    assert "# max_pages = 30" in text and "LEN001" in text
    assert "Chaque valeur ci-dessous est la valeur par défaut" in text
    # as written, it changes nothing
    assert load_config(tmp_path).settings == load_profile("bts-sn-e61") | {"severity": {},
                                                                           "reading": {}}
    assert load_config(tmp_path).per_file_ignores == {}


def test_init_never_overwrites_without_force(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    target = tmp_path / "report-lint.toml"
    target.write_text("max_pages = 32\n", encoding="utf-8")
    result = run("init")
    assert result.exit_code == 2
    assert "--force" in result.stderr and "Traceback" not in result.output
    assert target.read_text(encoding="utf-8") == "max_pages = 32\n"
    assert run("init", "--force").exit_code == 0
    assert "max_pages = 32" not in target.read_text(encoding="utf-8")


def test_init_options(tmp_path):
    folder = tmp_path / "classe"
    folder.mkdir()
    assert run("init", folder, "--lang", "en", "--profile", SCHOOL).exit_code == 0
    text = (folder / "report-lint.toml").read_text(encoding="utf-8")
    assert "Every value below is the default" in text
    assert f'profile = "{SCHOOL}"' in text and "# max_pages = 40" in text
    assert "# annex_count = 2" in text
    assert load_config(folder).settings == load_profile(SCHOOL) | {"severity": {}, "reading": {}}
    other = tmp_path / "autre.toml"
    assert run("init", other).exit_code == 0 and other.is_file()
    result = run("init", tmp_path / "x.toml", "--profile", "nulle-part")
    assert result.exit_code == 2 and "nulle-part" in result.stderr
