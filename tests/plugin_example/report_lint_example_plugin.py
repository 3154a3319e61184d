"""An example report-lint plugin: EXA001, a report without a glossary.

A plugin module holds ``Check`` subclasses; report-lint finds them through the
``report_lint.checks`` entry point of the package (see ``pyproject.toml``). Each check has a
code (three letters and three digits, not used by report-lint: pick your own prefix), a
kebab-case name, a default severity, a summary and messages in French and English, its
English documentation as docstring and the French one in ``docs``.
"""

from report_lint.findings import Severity
from report_lint.rules import Check, CheckContext

GLOSSARY_WORDS = ("glossaire", "glossary", "lexique", "sigles", "abréviations", "acronymes")


class MissingGlossary(Check):
    """The report has no glossary (a section titled Glossaire, Lexique, Sigles et
    abréviations...). A report full of acronyms (VLAN, API, PLC...) reads better with one.
    This is a school's custom rule, not a rule of the regulation.
    """

    docs = {"fr": """
    Le rapport n'a pas de glossaire (une partie intitulée Glossaire, Lexique, Sigles et
    abréviations...). Un rapport plein de sigles (VLAN, API, PLC...) se lit mieux avec un
    glossaire. Règle propre à un établissement, pas au règlement.
    """}

    code = "EXA001"
    name = "missing-glossary"
    severity = Severity.INFO
    regulation = ""
    summary = {"fr": "Le rapport n'a pas de glossaire.",
               "en": "The report has no glossary."}
    messages = {
        "fr": {"default": "Aucun glossaire : ajoutez une partie « Glossaire » qui explique "
                          "les sigles employés."},
        "en": {"default": "No glossary: add a 'Glossary' part that explains the acronyms "
                          "used."},
    }

    def check(self, ctx: CheckContext):
        titles = " ".join((section.title or "").lower() for section in ctx.report.sections)
        if not any(word in titles for word in GLOSSARY_WORDS):
            yield self.finding(ctx)
