"""Can the file be read at all, and does it have text the other checks can read."""

from __future__ import annotations

from pathlib import Path

from report_lint.findings import Finding, Severity, UnreadableInput
from report_lint.rules import Check, CheckContext


class UnreadableInputCheck(Check):
    """The file cannot be read: corrupt, truncated, password-protected, not the format its
    name says, or empty. Nothing else is checked for that file and the exit status is 2.

    Export the report again from the authoring tool (File > Export as PDF) and check it
    opens in a PDF reader; remove any password.
    """

    code = "DOC001"
    name = "unreadable-input"
    severity = Severity.ERROR
    regulation = "(le rapport doit pouvoir être lu)"
    summary = {
        "fr": "Le fichier ne peut pas être lu (corrompu, tronqué, protégé, vide...).",
        "en": "The file cannot be read (corrupt, truncated, password-protected, empty...).",
    }
    messages = {
        "fr": {
            "corrupt": "Fichier illisible : le PDF est endommagé ({detail}). Exportez-le à nouveau.",
            "truncated": "Fichier illisible : le PDF est incomplet (téléchargement interrompu ?). "
                         "Exportez-le ou téléchargez-le à nouveau.",
            "encrypted": "Fichier illisible : le PDF est protégé par un mot de passe. "
                         "Enregistrez une copie sans mot de passe.",
            "empty": "Fichier illisible : le fichier est vide (0 octet).",
            "not_pdf": "Fichier illisible : le fichier porte l'extension .pdf mais n'est pas un "
                       "PDF. Exportez le rapport au format PDF depuis votre traitement de texte.",
            "no_pages": "Fichier illisible : le PDF ne contient aucune page.",
            "too_many_pages": "Fichier refusé : le PDF annonce {count} pages, ce qui n'est pas "
                              "un rapport de stage.",
            "is_directory": "« {name} » est un dossier, pas un fichier.",
            "missing": "« {name} » n'existe pas.",
            "unreadable": "Fichier illisible : {detail}.",
            "format_not_supported": "Le format {fmt} n'est pas encore pris en charge : "
                                    "exportez le rapport en PDF.",
            "unknown_format": "Format de fichier non reconnu ({suffix}) : le rapport doit être "
                              "un PDF.",
        },
        "en": {
            "corrupt": "Unreadable file: the PDF is damaged ({detail}). Export it again.",
            "truncated": "Unreadable file: the PDF is incomplete (interrupted download?). "
                         "Export or download it again.",
            "encrypted": "Unreadable file: the PDF is password-protected. Save a copy without "
                         "a password.",
            "empty": "Unreadable file: the file is empty (0 bytes).",
            "not_pdf": "Unreadable file: the file is named .pdf but is not a PDF. Export the "
                       "report as PDF from your word processor.",
            "no_pages": "Unreadable file: the PDF has no page.",
            "too_many_pages": "File refused: the PDF declares {count} pages, which is not an "
                              "internship report.",
            "is_directory": "'{name}' is a folder, not a file.",
            "missing": "'{name}' does not exist.",
            "unreadable": "Unreadable file: {detail}.",
            "format_not_supported": "The {fmt} format is not supported yet: export the report "
                                    "as PDF.",
            "unknown_format": "Unrecognised file format ({suffix}): the report must be a PDF.",
        },
    }

    def check(self, ctx: CheckContext):
        return iter(())  # the runner reports unreadable files through for_input

    def for_input(self, exc: UnreadableInput, path: Path, lang: str) -> Finding:
        lang = lang if lang in self.messages else "fr"
        template = self.messages[lang].get(exc.reason, self.messages[lang]["unreadable"])
        params = {"detail": exc.detail or exc.reason, "name": path.name, **exc.params}
        message = " ".join(template.format(**params).split())  # always one line
        return Finding(self.code, self.name, self.severity, message)


class NoTextLayer(Check):
    """Body pages that hold pictures but no extractable text: a scan, or text flattened to
    pictures. The linter cannot read them, and an examiner will see a reproduction rather
    than your own writing. Annex pages are judged by ANX007; certificates scanned at the
    end are administrative pages and are left alone.
    """

    code = "DOC002"
    name = "no-text-layer"
    severity = Severity.WARNING
    page_level = True
    regulation = ("privilégiant des développements personnels et limitant au maximum les "
                  "reproductions de documents")
    summary = {
        "fr": "Pages du rapport sans texte lisible (scans, texte transformé en image).",
        "en": "Report pages without extractable text (scans, text turned into pictures).",
    }
    messages = {
        "fr": {"default": "Page {page} : image sans texte lisible (scan ?) ; le linter ne peut "
                          "pas la vérifier. Insérez le texte plutôt qu'une image."},
        "en": {"default": "Page {page}: a picture without extractable text (a scan?); the linter "
                          "cannot check it. Insert text rather than a picture."},
    }

    def check(self, ctx: CheckContext):
        report = ctx.report
        for number in report.body_pages:
            page = ctx.document.pages[number - 1]
            if page.images and not page.has_text:
                yield self.finding(ctx, page=number)
