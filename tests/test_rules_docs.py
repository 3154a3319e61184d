"""Every rule is documented and translated, from the check itself: ``report-lint rules``
lists them all with the regulation sentence, ``report-lint rule CODE`` prints the full
documentation in the chosen language (``--lang``, ``$REPORT_LINT_LANG``, the locale). No
report is checked here."""

from __future__ import annotations

import json
import string

import pytest
from click.testing import CliRunner

from report_lint.cli import MESSAGES, cli
from report_lint.init_config import TEXT as INIT_TEXT
from report_lint.reporters.text import TEXT as REPORT_TEXT
from report_lint.rules import LANGUAGES, ESTIMATED_SUFFIX, Check, registry

CHECKS = registry.checks
CODES = [cls.code for cls in CHECKS]


@pytest.fixture(autouse=True)
def _neutral_environment(monkeypatch):
    for var in ("REPORT_LINT_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "NO_COLOR"):
        monkeypatch.delenv(var, raising=False)


def run(*args, env=None):
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


# -- every rule, both languages ----------------------------------------------------------------


def test_languages():
    assert LANGUAGES == ("fr", "en")


@pytest.mark.parametrize("cls", CHECKS, ids=CODES)
def test_rule_documented_in_both_languages(cls: type[Check]):
    en, fr = cls.documentation("en"), cls.documentation("fr")
    assert en and fr, f"{cls.code}: empty documentation"
    assert en == cls.documentation.__func__(cls, "en")  # one accessor
    assert en.split() == (cls.__doc__ or "").split(), "English documentation is the docstring"
    assert cls.docs.get("fr"), f"{cls.code}: no French documentation (docs['fr'])"
    assert fr != en, f"{cls.code}: French documentation not translated"
    assert cls.documentation() == fr  # French is the default, like the messages
    for lang in LANGUAGES:
        assert cls.summary.get(lang), f"{cls.code}: no {lang} summary"
        assert "\n" not in cls.summary[lang]
    assert cls.regulation, f"{cls.code}: no regulation sentence"


@pytest.mark.parametrize("cls", CHECKS, ids=CODES)
def test_every_message_key_in_both_languages(cls: type[Check]):
    assert set(cls.messages) == set(LANGUAGES), cls.code
    fr, en = cls.messages["fr"], cls.messages["en"]
    assert fr and set(fr) == set(en), f"{cls.code}: keys {set(fr) ^ set(en)}"
    for key in fr:
        assert fr[key].strip() and en[key].strip()
        assert placeholders(fr[key]) == placeholders(en[key]), f"{cls.code}.{key}"
    # other per-language tables a check keeps (ANX005's kind names)
    for attr in ("names",):
        table = getattr(cls, attr, None)
        if isinstance(table, dict) and set(table) & set(LANGUAGES):
            assert set(table) == set(LANGUAGES)
            assert set(table["fr"]) == set(table["en"]), f"{cls.code}.{attr}"


def test_message_tables_of_the_tool_in_both_languages():
    for table in (MESSAGES, REPORT_TEXT, INIT_TEXT, ESTIMATED_SUFFIX):
        assert set(table) == set(LANGUAGES)
    for table in (MESSAGES, REPORT_TEXT, INIT_TEXT):
        assert set(table["fr"]) == set(table["en"])
        for key, value in table["fr"].items():
            if isinstance(value, str):
                assert placeholders(value) == placeholders(table["en"][key]), key


def test_a_check_without_translation_falls_back_to_its_docstring():
    class Plain(Check):
        """Only English here."""

        code, name = "ZZZ001", "plain"

    assert Plain.documentation("fr") == Plain.documentation("en") == "Only English here."


# -- report-lint rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rules_lists_every_rule_with_its_regulation(lang):
    result = run("rules", "--lang", lang)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == CODES
    for cls, line in zip(CHECKS, lines):
        assert f" {cls.name} " in line
        assert f" {cls.severity.value} " in line
        assert cls.regulation in line
        assert line.endswith(cls.summary[lang])


def test_rules_json_has_everything():
    data = json.loads(run("rules", "--format", "json", "--lang", "en").stdout)
    assert data["lang"] == "en"
    assert [r["code"] for r in data["rules"]] == CODES
    for cls, rule in zip(CHECKS, data["rules"]):
        assert rule == {"code": cls.code, "name": cls.name, "severity": cls.severity.value,
                        "summary": cls.summary["en"], "regulation": cls.regulation,
                        "documentation": cls.documentation("en")}


# -- report-lint rule CODE --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_rule_prints_the_documentation_in_the_chosen_language(lang):
    for cls in CHECKS:
        out = run("rule", cls.code, "--lang", lang).stdout
        assert out.startswith(f"{cls.code} ({cls.name})")
        assert cls.documentation(lang) in out
        assert cls.summary[lang] in out
        assert cls.regulation in out
        other = "en" if lang == "fr" else "fr"
        assert cls.documentation(other) not in out


def test_rule_language_from_environment_and_locale():
    cls = registry.by_code("ANX004")
    en, fr = cls.documentation("en"), cls.documentation("fr")
    assert fr in run("rule", "ANX004").stdout  # nothing set: French
    assert en in run("rule", "ANX004", env={"REPORT_LINT_LANG": "en"}).stdout
    assert en in run("rule", "ANX004", env={"LANG": "en_GB.UTF-8"}).stdout
    assert fr in run("rule", "ANX004", env={"LANG": "de_DE.UTF-8"}).stdout
    # --lang wins over the environment, the environment over the locale
    assert fr in run("rule", "ANX004", "--lang", "fr", env={"REPORT_LINT_LANG": "en"}).stdout
    assert fr in run("rule", "ANX004", env={"REPORT_LINT_LANG": "fr", "LANG": "en_US"}).stdout
    out = run("rule", "ANX004", env={"REPORT_LINT_LANG": "en"}).stdout
    assert "default severity: error" in out and "Regulation:" in out
