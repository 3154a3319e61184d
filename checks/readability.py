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

    docs = {"fr": """
    Le fichier ne peut pas être lu : endommagé, tronqué, protégé par un mot de passe,
    d'un autre format que ne le dit son nom, ou vide. Rien d'autre n'est vérifié pour ce
    fichier et le code de sortie est 2.

    Exportez à nouveau le rapport depuis le logiciel de rédaction (Fichier > Exporter au
    format PDF) et vérifiez qu'il s'ouvre dans un lecteur PDF ; retirez tout mot de passe.
    """}

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
            # DOCX / ODT (issue 3)
            "lock_file": "« {name} » est un fichier de verrouillage que Word ou LibreOffice "
                         "crée pendant que « {original} » est ouvert, pas le rapport : "
                         "vérifiez « {original} » lui-même.",
            "legacy_doc": "Fichier au format Word 97-2003 (.doc), non pris en charge : "
                          "ouvrez-le dans Word ou LibreOffice et enregistrez-le au format "
                          ".docx (ou exportez-le en PDF).",
            "ole_not_word": "Ce fichier est un ancien document Office (Excel, PowerPoint...), "
                            "pas un rapport Word : enregistrez le rapport au format .docx ou "
                            "PDF.",
            "encrypted_office": "Fichier illisible : le document est protégé par un mot de "
                                "passe. Enregistrez une copie sans mot de passe (.docx ou .odt).",
            "strict_ooxml": "Document enregistré au format « Document Word Open XML strict », "
                            "non pris en charge : enregistrez-le au format « Document Word "
                            "(.docx) » standard.",
            "not_word_zip": "Ce fichier est une archive {kind}, pas un document Word ou "
                            "Writer : enregistrez le rapport au format .docx, .odt ou PDF.",
            "corrupt_package": "Fichier illisible : le document Word ou LibreOffice est endommagé "
                               "({detail}). Ouvrez-le dans votre traitement de texte et "
                               "enregistrez-le à nouveau au format .docx.",
            "zip_bomb": "Fichier refusé : son contenu décompressé serait démesuré ({detail}), "
                        "ce qui n'est pas un rapport de stage.",
            "too_large": "Fichier refusé : {size} Mo, ce qui n'est pas un rapport de stage.",
            "rtf": "Fichier au format RTF, non pris en charge : enregistrez-le au format .docx "
                   "(ou exportez-le en PDF).",
            "flat_xml": "Document au format XML « à plat » (.fodt ou Word 2003 XML), non pris "
                        "en charge : enregistrez-le au format .odt ou .docx.",
            "not_office": "Fichier illisible : le fichier porte l'extension .{fmt} mais n'est "
                          "pas un document Word ou Writer. Enregistrez le rapport au format "
                          ".docx, .odt ou PDF.",
            "no_renderer": "Mise en page impossible : LibreOffice (soffice) est introuvable et "
                           "--render always le demande pour ce fichier {fmt}. Installez "
                           "LibreOffice, indiquez-le par REPORT_LINT_SOFFICE, ou utilisez "
                           "--render auto.",
            "render_failed": "Mise en page impossible : LibreOffice n'a pas pu convertir ce "
                             "fichier {fmt} ({detail}). Exportez le rapport en PDF.",
            # broken and hostile files (issue 7)
            "no_trailer": "Fichier illisible : le PDF est endommagé (sa table des objets et sa "
                          "fin manquent). Exportez-le à nouveau.",
            "stream_bomb": "Fichier refusé : une partie du PDF se décompresserait en plus de "
                           "{limit} Mo, ce qui n'est pas un rapport de stage. Exportez-le à "
                           "nouveau depuis votre traitement de texte.",
            "huge_image": "Fichier refusé : une image du PDF annonce {width} × {height} pixels, "
                          "ce qu'aucun rapport ne contient. Réduisez l'image et exportez à "
                          "nouveau.",
            "recursive": "Fichier illisible : le PDF est construit en boucle (un élément se "
                         "contient ou se dessine lui-même). Exportez-le à nouveau depuis votre "
                         "traitement de texte.",
            "xml_doctype": "Fichier refusé : le document contient des déclarations XML "
                           "(DOCTYPE, ENTITY) qu'aucun traitement de texte n'écrit. "
                           "Enregistrez-le à nouveau depuis Word ou LibreOffice.",
            "permission_denied": "Fichier illisible : vous n'avez pas le droit de lire "
                                 "« {name} » (permissions du fichier). Copiez-le ou "
                                 "demandez-en l'accès.",
            "not_regular_file": "« {name} » n'est pas un fichier ordinaire (tube, "
                                "périphérique...) : indiquez le fichier du rapport lui-même.",
            "timeout": "Fichier abandonné : sa lecture a pris plus de {seconds} s, ce qui "
                       "n'arrive pas avec un rapport normal. Exportez-le à nouveau en PDF.",
            "memory": "Fichier abandonné : sa lecture demandait plus de {limit} Mo de mémoire, "
                      "ce qui n'arrive pas avec un rapport normal. Exportez-le à nouveau en PDF.",
            "crashed": "Fichier illisible : il a fait s'arrêter le lecteur de fichiers "
                       "({detail}). Exportez-le à nouveau en PDF.",
            # LaTeX / Markdown sources (issue 4)
            "no_main_file": "Aucun rapport {fmt} trouvé ici : pour LaTeX, le fichier principal "
                            "est celui qui contient \\documentclass ; pour Markdown, indiquez "
                            "les fichiers dans la configuration (sources = [...]).",
            "latex_syntax": "Fichier LaTeX illisible ({detail}).",
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
            # DOCX / ODT (issue 3)
            "lock_file": "'{name}' is a lock file Word or LibreOffice creates while "
                         "'{original}' is open, not the report: check '{original}' itself.",
            "legacy_doc": "Word 97-2003 file (.doc), not supported: open it in Word or "
                          "LibreOffice and save it as .docx (or export it as PDF).",
            "ole_not_word": "This file is an old Office document (Excel, PowerPoint...), not a "
                            "Word report: save the report as .docx or PDF.",
            "encrypted_office": "Unreadable file: the document is password-protected. Save a "
                                "copy without a password (.docx or .odt).",
            "strict_ooxml": "Document saved as \"Strict Open XML Document\", not supported: "
                            "save it as a standard \"Word Document (.docx)\".",
            "not_word_zip": "This file is a {kind} archive, not a Word or Writer document: save "
                            "the report as .docx, .odt or PDF.",
            "corrupt_package": "Unreadable file: the Word or LibreOffice document is damaged "
                               "({detail}). Open it in your word processor and save it again "
                               "as .docx.",
            "zip_bomb": "File refused: its unpacked content would be huge ({detail}), which is "
                        "not an internship report.",
            "too_large": "File refused: {size} MB, which is not an internship report.",
            "rtf": "RTF file, not supported: save it as .docx (or export it as PDF).",
            "flat_xml": "Flat XML document (.fodt or Word 2003 XML), not supported: save it as "
                        ".odt or .docx.",
            "not_office": "Unreadable file: the file is named .{fmt} but is not a Word or Writer "
                          "document. Save the report as .docx, .odt or PDF.",
            "no_renderer": "Cannot lay out the file: LibreOffice (soffice) is not found and "
                           "--render always requires it for this {fmt} file. Install "
                           "LibreOffice, point REPORT_LINT_SOFFICE to it, or use --render auto.",
            "render_failed": "Cannot lay out the file: LibreOffice could not convert this {fmt} "
                             "file ({detail}). Export the report as PDF.",
            # broken and hostile files (issue 7)
            "no_trailer": "Unreadable file: the PDF is damaged (its object table and its end "
                          "are missing). Export it again.",
            "stream_bomb": "File refused: a part of the PDF would unpack to more than {limit} "
                           "MB, which is not an internship report. Export it again from your "
                           "word processor.",
            "huge_image": "File refused: a picture in the PDF declares {width} × {height} "
                          "pixels, which no report holds. Reduce the picture and export again.",
            "recursive": "Unreadable file: the PDF is built in a loop (a part contains or draws "
                         "itself). Export it again from your word processor.",
            "xml_doctype": "File refused: the document holds XML declarations (DOCTYPE, "
                           "ENTITY) that no word processor writes. Save it again from Word or "
                           "LibreOffice.",
            "permission_denied": "Unreadable file: you may not read '{name}' (file "
                                 "permissions). Copy it or ask for access.",
            "not_regular_file": "'{name}' is not a regular file (a pipe, a device...): give "
                                "the report file itself.",
            "timeout": "File given up: reading it took more than {seconds} s, which a normal "
                       "report never does. Export it again as PDF.",
            "memory": "File given up: reading it needed more than {limit} MB of memory, which "
                      "a normal report never does. Export it again as PDF.",
            "crashed": "Unreadable file: it made the file reader stop ({detail}). Export it "
                       "again as PDF.",
            # LaTeX / Markdown sources (issue 4)
            "no_main_file": "No {fmt} report found here: for LaTeX, the main file is the one "
                            "with \\documentclass; for Markdown, list the files in the "
                            "configuration (sources = [...]).",
            "latex_syntax": "Unreadable LaTeX file ({detail}).",
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

    docs = {"fr": """
    Pages du rapport qui contiennent des images mais aucun texte extractible : un
    scan, ou du texte transformé en image. Le linter ne peut pas les lire, et l'examinateur y
    verra une reproduction plutôt que votre propre rédaction. Les pages d'annexe relèvent
    d'ANX007 ; les attestations scannées à la fin sont des pages administratives et ne sont
    pas jugées.
    """}

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


# --- LaTeX and Markdown sources (issue 4) ----------------------------------------------------

class UnknownSuppression(Check):
    """A ``report-lint: disable=...`` comment in a LaTeX or Markdown source names a code that
    is no rule (a typo, or a rule of a plugin that is not installed): the comment silences
    nothing. Write a rule code (ANX005), a rule name (annex-kinds), a prefix (ANX) or ALL.
    """

    docs = {"fr": """
    Un commentaire ``report-lint: disable=...`` d'une source LaTeX ou Markdown nomme un
    code qui n'est pas une règle (faute de frappe, ou règle d'un greffon non installé) : le
    commentaire ne désactive rien. Écrivez un code de règle (ANX005), un nom de règle
    (annex-kinds), un préfixe (ANX) ou ALL.
    """}

    code = "DOC004"
    name = "unknown-suppression"
    severity = Severity.WARNING
    regulation = "(un commentaire de désactivation doit nommer une règle)"
    summary = {
        "fr": "Code inconnu dans un commentaire de désactivation report-lint.",
        "en": "Unknown code in a report-lint suppression comment.",
    }
    messages = {
        "fr": {"default": "{where} : « {code} » n'est pas un code de règle (commentaire "
                          "« report-lint: {kind}= ») ; ce commentaire ne désactive rien."},
        "en": {"default": "{where}: '{code}' is not a rule code (comment 'report-lint: "
                          "{kind}='); it silences nothing."},
    }

    def check(self, ctx: CheckContext):
        from report_lint.rules import registry
        from report_lint.suppressions import known_code

        notes = ctx.document.source
        for item in getattr(notes, "suppressions", None) or []:
            for code in item.codes:
                if not known_code(code, registry.checks):
                    yield self.finding(ctx, page=item.page, where=item.where, code=code,
                                       kind=item.kind)


class MissingSourceFile(Check):
    """A file the LaTeX or Markdown source includes cannot be found: a chapter
    (``\\input``, ``\\include``...), a picture (``\\includegraphics``, ``![..](..)``) or a
    PDF (``\\includepdf``). The report would not compile, or would miss that part; the
    linter reads the rest.
    """

    docs = {"fr": """
    Un fichier que la source LaTeX ou Markdown inclut est introuvable : un chapitre
    (``\\input``, ``\\include``...), une image (``\\includegraphics``, ``![..](..)``) ou un PDF
    (``\\includepdf``). Le rapport ne compilerait pas, ou il y manquerait cette partie ; le
    linter lit le reste.
    """}

    code = "DOC005"
    name = "missing-source-file"
    severity = Severity.WARNING
    regulation = "(le rapport doit pouvoir être lu en entier)"
    summary = {
        "fr": "Un fichier inclus par la source LaTeX ou Markdown est introuvable.",
        "en": "A file the LaTeX or Markdown source includes cannot be found.",
    }
    messages = {
        "fr": {"include": "{where} : fichier inclus introuvable : « {name} ».",
               "outside": "{where} : « {name} » est hors du dossier du rapport : il n'est "
                          "pas lu. Placez-le dans le dossier du rapport.",
               "picture": "{where} : image introuvable : « {name} ».",
               "pdf": "{where} : PDF inclus introuvable ou illisible : « {name} ».",
               "source": "{where} : fichier source introuvable : « {name} »."},
        "en": {"include": "{where}: included file not found: '{name}'.",
               "outside": "{where}: '{name}' is outside the report's folder: it is not read. "
                          "Move it into the report's folder.",
               "picture": "{where}: picture not found: '{name}'.",
               "pdf": "{where}: included PDF not found or unreadable: '{name}'.",
               "source": "{where}: source file not found: '{name}'."},
    }

    def check(self, ctx: CheckContext):
        notes = ctx.document.source
        for kind, name, where, page in getattr(notes, "missing", None) or []:
            yield self.finding(ctx, kind if kind in self.messages["en"] else "include",
                               page=page, where=where, name=name)


class OutdatedPdf(Check):
    """The compiled PDF of a LaTeX or Markdown report is older than one of its sources, or
    could not be built: its pages are not used, they are estimated from the sources (so
    page-level findings are only warnings). Compile the report again, or run
    ``report-lint check --build``.
    """

    docs = {"fr": """
    Le PDF compilé d'un rapport LaTeX ou Markdown est plus ancien que l'une de ses sources,
    ou n'a pas pu être produit : ses pages ne sont pas utilisées, elles sont estimées à
    partir des sources (les constats sur les pages ne sont alors que des avertissements).
    Compilez à nouveau le rapport, ou lancez ``report-lint check --build``.
    """}

    code = "DOC006"
    name = "outdated-pdf"
    severity = Severity.INFO
    regulation = "(les pages comptées sont celles du rapport rendu)"
    summary = {
        "fr": "Le PDF compilé est plus ancien que les sources : pages estimées.",
        "en": "The compiled PDF is older than the sources: pages estimated.",
    }
    messages = {
        "fr": {"stale": "« {pdf} » est plus ancien que « {newer} » : il n'est pas utilisé, "
                        "les pages sont estimées à partir des sources. Recompilez le rapport "
                        "(ou report-lint check --build).",
               "build_failed": "La compilation demandée par --build a échoué ({detail}) : "
                               "pages estimées à partir des sources.",
               "no_builder": "--build : ni latexmk/pdflatex ni pandoc n'est installé : pages "
                             "estimées à partir des sources."},
        "en": {"stale": "'{pdf}' is older than '{newer}': it is not used, pages are "
                        "estimated from the sources. Compile the report again (or "
                        "report-lint check --build).",
               "build_failed": "The compilation --build asked for failed ({detail}): pages "
                               "estimated from the sources.",
               "no_builder": "--build: neither latexmk/pdflatex nor pandoc is installed: pages "
                             "estimated from the sources."},
    }

    def check(self, ctx: CheckContext):
        notes = ctx.document.source
        problem = getattr(notes, "pdf_problem", "")
        if problem in self.messages["en"]:
            yield self.finding(ctx, problem, pdf=Path(notes.pdf or "").name, newer=notes.newer,
                               detail=notes.detail or "?")
