"""The output a student reads: findings one per line (like ruff), then what was understood.

For each file: every finding as ``path:p.N: CODE [severity] message``, then the reading the
verdicts rest on (pages counted, sections with role and pages, annexed documents with
language, kind and image share), so that a wrong verdict can be traced to a wrong reading.
A one-line total closes the output. Colour is added with ``click.style``; ``click.echo``
drops it when the output is not a terminal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

import click

from report_lint.reporters import file_to_dict

if TYPE_CHECKING:
    from report_lint.runner import FileResult

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}

TEXT: dict[str, dict[str, Any]] = {
    "fr": {
        "understood": "{path} ({format}) — ce que le linter a compris :",
        "unreadable": "{path} — fichier illisible : rien d'autre n'a été vérifié.",
        "pages": "Pages : {total} au total ; corps : {body}{body_range} ; "
        "annexes : {annexes}{annex_range}.",
        "admin": "Pages administratives exclues des comptes : {pages}.",
        "toc": "Sommaire : {pages}.",
        "roles_unknown": "Rôles des sections non déterminés : aucune règle choisie n'en a besoin.",
        "estimated": "Numéros de page estimés : le fichier n'a pas été mis en page.",
        "notes": {
            "annexes_without_heading": "Partie annexes reconnue sans titre « Annexes » : "
            "documents d'une page en anglais après la conclusion (à partir de la page {page}).",
            "configured_role": "Partie « {role} » donnée par la configuration ([reading]) : "
            "« {title} » (page {page}).",
            "configured_role_missing": "La configuration ([reading] {key}) nomme « {title} », "
            "mais aucun titre ne correspond : lecture automatique conservée.",
            "configured_annexes": "Annexes à partir de la page {page}, donné par la "
            "configuration ([reading] annexes_from_page).",
            "unsure_reading": "Lecture incertaine ({parts}) : les verdicts qui en dépendent "
            "sont des avertissements ; nommez ces parties dans [reading] si besoin.",
        },
        "fonts": "Police(s) sans équivalent métrique installé : {fonts} ; le nombre de pages "
        "peut différer de celui de Word.",
        "sources": "Sources : {main}{others} ; {pages}.",
        "others": (" et {} autre fichier", " et {} autres fichiers"),
        "pages_from": {"pdf": "pages lues dans {pdf}", "built": "pages du PDF compilé (--build)",
                       "estimated": "pages estimées (aucun PDF compilé à jour)"},
        "sections": "Sections :",
        "no_sections": "Sections : aucune reconnue.",
        "annexes": "Annexes ({count}) :",
        "no_annexes": "Annexes : aucune reconnue.",
        "annex": "{n}. {pages}  {language}, {kind}, images {share}  « {title} »",
        "untitled": "sans titre",
        "unknown_language": "langue inconnue",
        "file_total": "=> {counts}",
        "total": "Total : {files}, {counts}.",
        "page": "p. {}",
        "roles": {
            "company": "entreprise", "activities": "activités", "conclusion": "conclusion",
            "annexes": "annexes", "front": "pages liminaires", "other": "autre",
        },
        "kinds": {"technical": "document technique", "press": "presse", "unknown": "type inconnu"},
        "languages": {"en": "anglais", "fr": "français", "de": "allemand", "es": "espagnol",
                      "it": "italien", "pt": "portugais", "nl": "néerlandais"},
        "nouns": {"file": ("fichier", "fichiers"), "error": ("erreur", "erreurs"),
                  "warning": ("avertissement", "avertissements"), "info": ("info", "infos")},
        "decimal": ",",
        "percent": "{} %",
    },
    "en": {
        "understood": "{path} ({format}) — what the linter understood:",
        "unreadable": "{path} — unreadable file: nothing else was checked.",
        "pages": "Pages: {total} in all; body: {body}{body_range}; "
        "annexes: {annexes}{annex_range}.",
        "admin": "Administrative pages left out of every count: {pages}.",
        "toc": "Table of contents: {pages}.",
        "roles_unknown": "Section roles not determined: no selected rule needs them.",
        "estimated": "Page numbers are estimates: the file was not laid out.",
        "notes": {
            "annexes_without_heading": "Annex part recognised without an 'Annexes' heading: "
            "one-page English documents after the conclusion (from page {page}).",
            "configured_role": "'{role}' part given by the configuration ([reading]): "
            "'{title}' (page {page}).",
            "configured_role_missing": "The configuration ([reading] {key}) names '{title}', "
            "but no heading matches it: the automatic reading is kept.",
            "configured_annexes": "Annexes from page {page}, given by the configuration "
            "([reading] annexes_from_page).",
            "unsure_reading": "Unsure reading ({parts}): the verdicts that depend on it are "
            "warnings; name these parts in [reading] if needed.",
        },
        "fonts": "Font(s) with no metric-compatible font installed: {fonts}; the page count "
        "may differ from Word's.",
        "sources": "Sources: {main}{others}; {pages}.",
        "others": (" and {} other file", " and {} other files"),
        "pages_from": {"pdf": "pages read from {pdf}", "built": "pages of the PDF compiled (--build)",
                       "estimated": "pages estimated (no up-to-date compiled PDF)"},
        "sections": "Sections:",
        "no_sections": "Sections: none recognised.",
        "annexes": "Annexes ({count}):",
        "no_annexes": "Annexes: none recognised.",
        "annex": "{n}. {pages}  {language}, {kind}, images {share}  \"{title}\"",
        "untitled": "untitled",
        "unknown_language": "unknown language",
        "file_total": "=> {counts}",
        "total": "Total: {files}, {counts}.",
        "page": "p. {}",
        "roles": {
            "company": "company", "activities": "activities", "conclusion": "conclusion",
            "annexes": "annexes", "front": "front matter", "other": "other",
        },
        "kinds": {"technical": "technical document", "press": "press", "unknown": "unknown kind"},
        "languages": {"en": "English", "fr": "French", "de": "German", "es": "Spanish",
                      "it": "Italian", "pt": "Portuguese", "nl": "Dutch"},
        "nouns": {"file": ("file", "files"), "error": ("error", "errors"),
                  "warning": ("warning", "warnings"), "info": ("info", "info")},
        "decimal": ".",
        "percent": "{}%",
    },
}


def render(results: Iterable[FileResult], *, lang: str = "fr", verbose: bool = False) -> str:
    """The summary a student reads; ``verbose`` adds why each section has its role."""
    t = TEXT.get(lang, TEXT["fr"])
    results = list(results)
    blocks = [_file_block(result, t, verbose) for result in results]
    totals = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        for finding in result.findings:
            totals[_severity(finding)] += 1
    total = t["total"].format(files=_count(len(results), "file", t), counts=_counts(totals, t))
    return "\n\n".join(blocks + [click.style(total, bold=True)]) + "\n"


def _file_block(result: FileResult, t: dict[str, Any], verbose: bool = False) -> str:
    data = file_to_dict(result, extras=True)
    lines = [finding_line(data["path"], f) for f in data["findings"]]
    if lines:
        lines.append("")
    if data["pages"] is None:
        lines.append(click.style(t["unreadable"].format(path=data["path"]), bold=True))
        return "\n".join(lines)

    lines.append(click.style(t["understood"].format(path=data["path"], format=data["format"]),
                             bold=True))
    pages = data["pages"]
    annex_pages = sorted({p for annex in data["annexes"] for p in annex["pages"]})
    lines.append("  " + t["pages"].format(
        total=pages["total"],
        body=pages["body"],
        body_range=f" ({page_ranges(data['body_pages'], t)})" if data["body_pages"] else "",
        annexes=pages["annexes"],
        annex_range=f" ({page_ranges(annex_pages, t)})" if annex_pages else "",
    ))
    if data.get("sources"):
        lines.append("  " + _sources_line(data["sources"], t))
    if data["admin_pages"]:
        lines.append("  " + t["admin"].format(pages=page_ranges(data["admin_pages"], t)))
    if data["toc_pages"]:
        lines.append("  " + t["toc"].format(pages=page_ranges(data["toc_pages"], t)))
    if not data["roles_known"]:
        lines.append("  " + t["roles_unknown"])
    if data["pages_estimated"]:
        lines.append("  " + t["estimated"])
    lines.extend("  " + t["notes"][note["key"]].format(**note["args"])
                 for note in data["reading_notes"] if note["key"] in t["notes"])
    if data["fonts_without_substitute"]:
        lines.append("  " + t["fonts"].format(fonts=", ".join(data["fonts_without_substitute"])))

    if data["sections"]:
        lines.append("  " + t["sections"])
        width = max(len(_span(s["first_page"], s["last_page"], t)) for s in data["sections"])
        role_width = max(len(t["roles"].get(s["role"], s["role"] or "")) for s in data["sections"])
        for s in data["sections"]:
            span = _span(s["first_page"], s["last_page"], t).ljust(width)
            role = t["roles"].get(s["role"], s["role"] or "").ljust(role_width)
            level = "  " * (s["level"] - 1) if s.get("level") else ""
            lines.append(f"    {span}  {role}  {level}{s['title'] or ''}".rstrip())
            if verbose:
                lines.extend(f"    {' ' * width}  {' ' * role_width}    · {ev}"
                             for ev in s.get("evidence", []))
    else:
        lines.append("  " + t["no_sections"])

    if data["annexes"]:
        lines.append("  " + t["annexes"].format(count=len(data["annexes"])))
        for n, annex in enumerate(data["annexes"], 1):
            lines.append("    " + t["annex"].format(
                n=n,
                pages=page_ranges(annex["pages"], t) if annex["pages"] else "?",
                language=_language(annex, t),
                kind=t["kinds"].get(annex["kind"], annex["kind"] or t["kinds"]["unknown"]),
                share=_percent(annex["image_share"], t),
                title=annex["title"] or t["untitled"],
            ))
    else:
        lines.append("  " + t["no_annexes"])

    counts = {"error": 0, "warning": 0, "info": 0}
    for finding in data["findings"]:
        counts[finding["severity"]] += 1
    lines.append("  " + t["file_total"].format(counts=_counts(counts, t)))
    return "\n".join(lines)


def _sources_line(sources: dict[str, Any], t: dict[str, Any]) -> str:
    """``Sources : main.tex et 4 autres fichiers ; pages lues dans build/main.pdf.``"""
    n = sources["others"]
    others = t["others"][n > 1].format(n) if n else ""
    pages = t["pages_from"].get(sources["pages_from"], t["pages_from"]["estimated"])
    return t["sources"].format(main=sources["main"], others=others,
                               pages=pages.format(pdf=sources["pdf"]))


def finding_line(path: str, finding: dict[str, Any]) -> str:
    """``rapport.pdf:p.33: ANX004 [error] message`` (``rapport.pdf: ...`` without a page)."""
    where = f"{path}:p.{finding['page']}:" if finding["page"] is not None else f"{path}:"
    severity = finding["severity"]
    tag = click.style(f"[{severity}]", fg=SEVERITY_COLOURS.get(severity), bold=True)
    return f"{click.style(where, bold=True)} {click.style(finding['code'], bold=True)} {tag} " \
           f"{finding['message']}"


def page_ranges(pages: Iterable[int], t: dict[str, Any] = TEXT["fr"]) -> str:
    """``[1, 2, 3, 7]`` -> ``p. 1-3, 7``."""
    pages = sorted(set(pages))
    if not pages:
        return ""
    runs: list[str] = []
    start = prev = pages[0]
    for page in pages[1:] + [None]:
        if page is not None and page == prev + 1:
            prev = page
            continue
        runs.append(str(start) if start == prev else f"{start}-{prev}")
        if page is not None:
            start = prev = page
    return t["page"].format(", ".join(runs))


def _span(first: int | None, last: int | None, t: dict[str, Any]) -> str:
    if first is None:
        return t["page"].format("?")
    if last is None or last == first:
        return t["page"].format(first)
    return t["page"].format(f"{first}-{last}")


def _language(annex: dict[str, Any], t: dict[str, Any]) -> str:
    code = annex["language"]
    if not code:
        return t["unknown_language"]
    name = t["languages"].get(code, code)
    if annex["language_probability"] is None:
        return name
    return f"{name} ({_decimal(annex['language_probability'], t)})"


def _decimal(value: float, t: dict[str, Any]) -> str:
    return f"{value:.2f}".replace(".", t["decimal"])


def _percent(share: float | None, t: dict[str, Any]) -> str:
    return "?" if share is None else t["percent"].format(round(share * 100))


def _severity(finding: Any) -> str:
    return getattr(finding.severity, "value", finding.severity)


def _count(n: int, noun: str, t: dict[str, Any]) -> str:
    singular, plural = t["nouns"][noun]
    return f"{n} {singular if n == 1 or (n == 0 and t is TEXT['fr']) else plural}"


def _counts(counts: dict[str, int], t: dict[str, Any]) -> str:
    return ", ".join(_count(counts[key], key, t) for key in ("error", "warning", "info"))
