"""The HTML the students see: the upload form and the result of one report.

The result is the student's part of the ``batch --html`` page
(:func:`report_lint.reporters.html_reporter.student_part`: verdict, findings linking to
their pages, the strip of pages, the real annex pages with their pictures outlined) under the
row the teacher's table would show, with a link that downloads the JSON of ``rules.md``.
Styles and the script are files of their own (``/static/...``): the pages are sent under
``Content-Security-Policy: default-src 'self'`` and hold no inline style or script.
"""

from __future__ import annotations

import base64
import html
import itertools
import json
from typing import Any

from report_lint import __version__

TEXT = {
    "fr": {
        "title": "Vérifier mon rapport de stage — BTS SN, épreuve E61",
        "intro": "Déposez votre rapport (PDF, DOCX ou ODT, {mb} Mo au plus) : report-lint "
                 "vérifie ce que demande le règlement (une trentaine de pages, les parties "
                 "entreprise, activités et conclusion, trois annexes d'une page en anglais "
                 "dont les images couvrent au plus un tiers de la page) et montre ce qu'il a "
                 "compris, page par page.",
        "privacy": "Le fichier est lu sur le serveur de l'établissement puis effacé dès la "
                   "réponse envoyée ; rien n'est conservé.",
        "drop": "Déposez le fichier ici, ou cliquez pour le choisir",
        "submit": "Vérifier le rapport",
        "uploading": "Envoi du fichier : {pct} %",
        "reading": "Lecture du rapport… {s} s",
        "too_large_here": "Le fichier fait {size} Mo : la limite est {mb} Mo. "
                          "Il n'a pas été envoyé.",
        "other_lang": "English",
        "other_lang_code": "en",
        "result_title": "Résultat — {name}",
        "summary": "Ce que le professeur verrait dans le tableau de la classe",
        "json": "Télécharger le JSON",
        "again": "Vérifier un autre fichier",
        "error_title": "Le fichier n'a pas pu être vérifié",
        "back": "Retour",
    },
    "en": {
        "title": "Check my internship report — BTS SN, exam E61",
        "intro": "Drop your report (PDF, DOCX or ODT, at most {mb} MB): report-lint checks "
                 "what the regulation asks (about thirty pages, the company, activities and "
                 "conclusion parts, three one-page English annexes whose pictures cover at "
                 "most a third of the page) and shows what it understood, page by page.",
        "privacy": "The file is read on the school's server and deleted as soon as the answer "
                   "is sent; nothing is kept.",
        "drop": "Drop the file here, or click to choose it",
        "submit": "Check the report",
        "uploading": "Sending the file: {pct}%",
        "reading": "Reading the report… {s} s",
        "too_large_here": "The file is {size} MB: the limit is {mb} MB. It was not sent.",
        "other_lang": "Français",
        "other_lang_code": "fr",
        "result_title": "Result — {name}",
        "summary": "What the teacher would see in the class table",
        "json": "Download the JSON",
        "again": "Check another file",
        "error_title": "The file could not be checked",
        "back": "Back",
    },
}

#: The API's error messages, also shown on the error page.
ERRORS = {
    "fr": {
        "no_file": "Aucun fichier reçu : choisissez votre rapport (champ « file »).",
        "too_large": "Le fichier dépasse la taille permise ({mb} Mo).",
        "not_a_report": "Ce fichier n'est ni un PDF, ni un DOCX, ni un ODT. Enregistrez le "
                        "rapport dans l'un de ces formats (Fichier > Exporter en PDF).",
        "bad_request": "La requête est mal formée.",
        "unknown_profile": "Profil inconnu : {profile} (profils : {known}).",
        "busy": "Le serveur vérifie déjà autant de rapports qu'il le peut : réessayez dans "
                "un instant.",
        "internal": "Erreur interne du vérificateur : {detail}",
    },
    "en": {
        "no_file": "No file received: choose your report (field 'file').",
        "too_large": "The file is larger than allowed ({mb} MB).",
        "not_a_report": "This file is neither a PDF, a DOCX nor an ODT. Save the report in "
                        "one of these formats (File > Export as PDF).",
        "bad_request": "The request is malformed.",
        "unknown_profile": "Unknown profile: {profile} (profiles: {known}).",
        "busy": "The server is already checking as many reports as it can: try again in a "
                "moment.",
        "internal": "Internal error of the checker: {detail}",
    },
}

SCRIPT_TEXT_KEYS = ("uploading", "reading", "too_large_here")


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _head(lang: str, title: str) -> str:
    return ("<!DOCTYPE html>\n"
            f'<html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            '<link rel="icon" href="/favicon.ico">'
            '<link rel="stylesheet" href="/static/report.css">'
            '<link rel="stylesheet" href="/static/serve.css">'
            f"<title>{_e(title)}</title></head><body>")


def form_page(lang: str, max_mb: int) -> str:
    """The upload form: a plain form post without JavaScript (the server's 413 page answers
    a file over the limit); with it, drag and drop on the whole box, a file over the limit
    refused before it is sent (the limit is in ``data-max-bytes``), and the progress of the
    upload, then of the reading. The form's address carries the page's language, so that
    the server answers a refusal in it even before reading the form's fields."""
    t = TEXT[lang]
    texts = " ".join(f'data-{key.replace("_", "-")}="{_e(t[key])}"'
                     for key in SCRIPT_TEXT_KEYS)
    return (_head(lang, t["title"])
            + f'<main><p class="lang"><a href="/?lang={t["other_lang_code"]}" '
            f'hreflang="{t["other_lang_code"]}">{_e(t["other_lang"])}</a></p>'
            f"<h1>{_e(t['title'])}</h1><p>{_e(t['intro'].format(mb=max_mb))}</p>"
            f'<form id="upload" method="post" action="/check?lang={lang}" '
            f'enctype="multipart/form-data" data-max-bytes="{max_mb * 1024 * 1024}" '
            f'data-max-mb="{max_mb}" {texts}>'
            f'<input type="hidden" name="lang" value="{lang}">'
            f'<label id="drop" class="drop" for="file"><span>{_e(t["drop"])}</span>'
            '<input type="file" id="file" name="file" required '
            'accept=".pdf,.docx,.odt,application/pdf,'
            'application/vnd.openxmlformats-officedocument.wordprocessingml.document,'
            'application/vnd.oasis.opendocument.text"></label>'
            '<p id="refused" class="refused" role="alert" hidden></p>'
            f'<button type="submit" id="send">{_e(t["submit"])}</button>'
            '<div id="progress" hidden><progress id="bar" max="100"></progress>'
            '<span id="status" role="status"></span></div></form>'
            f'<p class="muted">{_e(t["privacy"])}</p>'
            f'<p class="muted">report-lint {_e(__version__)}</p></main>'
            '<script src="/static/serve.js"></script></body></html>\n')


def result_page(result: Any, name: str, lang: str, settings: dict[str, Any],
                contract: dict[str, Any]) -> str:
    """One report's verdict with its real pages, and its JSON to download."""
    from report_lint.batch import COLUMNS, StudentResult, Submission, SubmittedFile, headers, \
        table_row
    from report_lint.batch.run import record_result
    from report_lint.reporters import html_reporter

    t = TEXT[lang]
    submitted = SubmittedFile(name, name)
    student = StudentResult(name, submission=Submission(name, files=[submitted],
                                                        chosen=submitted))
    record_result(student, result)  # checked or unreadable, as on the teacher's page
    row = table_row(student, lang, settings)
    names = headers(lang)
    cells = "".join(f"<tr><th scope=\"row\">{_e(names[key])}</th><td>{_e(row[key])}</td></tr>"
                    for key in COLUMNS if key != "student")
    data = base64.b64encode(json.dumps(contract, ensure_ascii=False, indent=2)
                            .encode("utf-8")).decode("ascii")
    stem = name.rsplit(".", 1)[0] or "rapport"
    part = html_reporter.student_part(student, 1, lang, settings, itertools.count(1), back=False)
    return (_head(lang, t["result_title"].format(name=name))
            + f'<main id="result" data-verdict="{_e(row["verdict"])}">'
            f"<h1>{_e(t['result_title'].format(name=name))}</h1>"
            f'<p class="actions"><a id="json" download="{_e(stem)}.report-lint.json" '
            f'href="data:application/json;base64,{data}">{_e(t["json"])}</a> · '
            f'<a href="/?lang={lang}">{_e(t["again"])}</a></p>'
            f'<table id="summary"><caption>{_e(t["summary"])}</caption>{cells}</table>'
            f"{html_reporter.legend(lang)}{part}</main></body></html>\n")


def error_page(lang: str, status: int, message: str) -> str:
    t = TEXT[lang]
    return (_head(lang, t["error_title"])
            + f'<main id="error" data-status="{status}"><h1>{_e(t["error_title"])}</h1>'
            f'<p class="message">{_e(message)}</p>'
            f'<p><a href="/?lang={lang}">{_e(t["back"])}</a></p></main></body></html>\n')
