"""Text left over from a template or a draft."""

from __future__ import annotations

import re

from report_lint.findings import Severity
from report_lint.rules import Check, CheckContext


class TemplatePlaceholder(Check):
    """Text left over from a template or a draft: ``[Nom de l'entreprise]``,
    ``Lorem ipsum``, ``Prénom NOM``, ``XXX``, ``TODO``, ``Titre du rapport``. The patterns
    are the profile's ``[placeholders] patterns`` (regular expressions).
    """

    docs = {"fr": """
    Texte oublié d'un modèle ou d'un brouillon : ``[Nom de l'entreprise]``,
    ``Lorem ipsum``, ``Prénom NOM``, ``XXX``, ``TODO``, ``Titre du rapport``. Les motifs sont
    les ``[placeholders] patterns`` du profil (expressions régulières).
    """}

    code = "DOC003"
    name = "template-placeholder"
    severity = Severity.WARNING
    regulation = "(un rapport remis au jury ne contient plus de texte de modèle)"
    summary = {
        "fr": "Texte de modèle ou de brouillon oublié ([Nom de l'entreprise], XXX, TODO...).",
        "en": "Template or draft text left in ([Nom de l'entreprise], XXX, TODO...).",
    }
    messages = {
        "fr": {"default": "Page {page} : texte de modèle oublié « {text} ». Remplacez-le."},
        "en": {"default": "Page {page}: template text left in '{text}'. Replace it."},
    }

    def check(self, ctx: CheckContext):
        patterns = [re.compile(p) for p in ctx.settings["placeholders"]["patterns"]]
        for number, text in sorted(ctx.report.page_text.items()):
            if number in ctx.report.admin_pages:
                continue
            seen = set()
            for pattern in patterns:
                for match in pattern.finditer(text):
                    found = " ".join(match.group(0).split())
                    if found not in seen:
                        seen.add(found)
                        yield self.finding(ctx, page=number, text=found)
