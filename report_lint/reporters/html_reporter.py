"""``batch --html``: one self-contained page for the teacher.

Everything is inside the file (styles, a small sorting script, drawings as inline SVG): it
opens from a USB stick or an e-mail attachment, loads nothing from the network and refers to
no other file. It holds:

- the class table (the same cells as the terminal and the CSV), sortable by clicking a
  column header (again to reverse), each name linking to the student's part;
- per student: the findings, a strip of the report's pages coloured by what the linter took
  each page for (cover and contents, company, activities, conclusion, annexes,
  administrative pages), and for every annex page a small drawing of the page -- its text
  lines in grey, its pictures in red, clipped as they are displayed -- with the measured
  share of the page the pictures cover, so that the reason for an ANX004 can be seen at a
  glance. Where the worker drew the real page (``FileResult.thumbnails``, PDFium), the
  drawing is that picture with the measured picture boxes outlined over it; pages that
  findings point at are shown the same way, and each finding links to its page.

No ``style`` attribute and no inline script outside ``<style>``/``<script>`` blocks: the
server (``report-lint serve``) sends the same parts under ``Content-Security-Policy:
default-src 'self'``, with ``STYLE`` as a stylesheet of its own.
"""

from __future__ import annotations

import base64
import html
import itertools
from typing import Any

from report_lint import __version__
from report_lint.batch import (
    COLUMNS,
    BatchResult,
    StudentResult,
    headers,
    table_row,
    verdict_key,
    worst_share,
)

TEXT = {
    "fr": {
        "title": "report-lint — rapports de stage de la classe",
        "intro": "Source : {source}. {count} élèves. Cliquez sur l'en-tête d'une colonne pour "
                 "trier.",
        "findings": "Constats",
        "no_findings": "Aucun constat.",
        "pages": "Pages, selon le linter",
        "annex_pages": "Pages d'annexe : images encadrées en rouge",
        "cited_pages": "Autres pages citées par les constats",
        "file": "Fichier vérifié",
        "others": "Autres fichiers déposés (non vérifiés)",
        "missing": "Aucun dépôt pour cet élève.",
        "no_report": "Aucun rapport parmi les fichiers déposés.",
        "not_checked": "Non vérifié",
        "share": "images : {share} de la page (limite {limit})",
        "annex": "Annexe {n}, p. {page}",
        "page": "p. {}",
        "not_on_roster": "absent de la liste d'élèves",
        "severity": {"error": "erreur", "warning": "avertissement", "info": "info"},
        "roles": {"front": "couverture, sommaire", "company": "entreprise",
                  "activities": "activités", "conclusion": "conclusion", "other": "autre",
                  "annexes": "partie annexes", "annex": "annexe", "admin": "administratif"},
        "percent": "{}\u00a0%",
        "back": "retour au tableau",
    },
    "en": {
        "title": "report-lint — the class's internship reports",
        "intro": "Source: {source}. {count} students. Click a column header to sort.",
        "findings": "Findings",
        "no_findings": "No finding.",
        "pages": "Pages, as the linter read them",
        "annex_pages": "Annex pages: pictures outlined in red",
        "cited_pages": "Other pages the findings point at",
        "file": "File checked",
        "others": "Other files handed in (not checked)",
        "missing": "No submission from this student.",
        "no_report": "No report among the files handed in.",
        "not_checked": "Not checked",
        "share": "pictures: {share} of the page (limit {limit})",
        "annex": "Annex {n}, p. {page}",
        "page": "p. {}",
        "not_on_roster": "not on the roster",
        "severity": {"error": "error", "warning": "warning", "info": "info"},
        "roles": {"front": "cover, contents", "company": "company", "activities": "activities",
                  "conclusion": "conclusion", "other": "other", "annexes": "annex part",
                  "annex": "annex", "admin": "administrative"},
        "percent": "{}%",
        "back": "back to the table",
    },
}

ROLE_COLOURS = {
    "front": "#c9ced6", "company": "#4e79a7", "activities": "#59a14f", "conclusion": "#b07aa1",
    "other": "#e8e3d3", "annexes": "#f1ce63", "annex": "#f28e2b", "admin": "#9c755f",
}
NUMERIC = {"pages", "sections", "annexes_en", "image_share", "errors", "warnings"}
VERDICT_CLASS = {"ok": "ok", "errors": "bad", "missing": "missing", "no-report": "bad"}

STYLE = """
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
 margin:1.5em;color:#222;background:#fff}
h1{font-size:1.4em} h2{font-size:1.15em;margin:0 0 .4em}
table#class{border-collapse:collapse;margin:1em 0}
#class th,#class td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
#class th{background:#eef1f5;cursor:pointer;user-select:none;white-space:nowrap}
#class th[aria-sort=ascending]::after{content:" \\25B2"}
#class th[aria-sort=descending]::after{content:" \\25BC"}
#class td.num{text-align:right}
tr.ok td:last-child{background:#dff3df} tr.bad td:last-child{background:#f8d7d7}
tr.unchecked td:last-child{background:#fde7c4} tr.missing td{color:#777;font-style:italic}
section.student{border-top:2px solid #ddd;padding:1em 0}
.strip{display:flex;flex-wrap:wrap;gap:2px;margin:.3em 0}
.strip span{display:inline-block;width:12px;height:20px;border-radius:2px}
.legend span{display:inline-block;margin-right:1em}
.legend i{display:inline-block;width:10px;height:10px;margin-right:.3em;border-radius:2px}
ul.findings li.error{color:#a40000} ul.findings li.warning{color:#8a5a00}
ul.findings li.info{color:#1f4e96}
.pages{display:flex;flex-wrap:wrap;gap:1em}
figure{margin:0;width:170px;text-align:center;font-size:12px}
figure.over figcaption{color:#a40000;font-weight:bold}
svg.page{border:1px solid #999;background:#fff;box-shadow:1px 1px 3px #bbb}
.muted{color:#666}
a.page-link{color:inherit}
""" + "".join(f".role-{role}{{background:{colour}}}" for role, colour in ROLE_COLOURS.items())

SCRIPT = """
(function () {
  var table = document.getElementById('class');
  var heads = table.tHead.rows[0].cells;
  function key(cell, numeric) {
    var raw = cell.getAttribute('data-sort');
    if (raw === null) { raw = cell.textContent; }
    if (numeric) { return raw === '' ? NaN : parseFloat(raw); }
    return raw.toLowerCase();
  }
  function sortBy(index) {
    var th = heads[index];
    var numeric = th.getAttribute('data-type') === 'num';
    var ascending = th.getAttribute('aria-sort') !== 'ascending';
    for (var i = 0; i < heads.length; i++) { heads[i].setAttribute('aria-sort', 'none'); }
    th.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = key(a.cells[index], numeric), y = key(b.cells[index], numeric);
      var c;
      if (numeric) {
        if (isNaN(x) && isNaN(y)) { c = 0; } else if (isNaN(x)) { return 1; }
        else if (isNaN(y)) { return -1; } else { c = x - y; }
      } else {
        c = x.localeCompare(y, document.documentElement.lang);
      }
      if (c === 0) { c = Number(a.getAttribute('data-order')) - Number(b.getAttribute('data-order')); return c; }
      return ascending ? c : -c;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  Array.prototype.forEach.call(heads, function (th, index) {
    th.addEventListener('click', function () { sortBy(index); });
    th.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortBy(index); }
    });
  });
})();
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _sort_value(key: str, student: StudentResult, cell: str) -> str:
    """What the sorting script compares: numbers for numeric columns, '' when unknown."""
    if key == "image_share":
        share = worst_share(student)
        return "" if share is None else f"{share:.4f}"
    if key in ("sections", "annexes_en"):
        return cell.split("/")[0] if cell else ""
    return cell


def page_roles(student: StudentResult) -> list[tuple[int, str, str]]:
    """``(page, role, title)`` for every page of the student's report."""
    result = student.result
    document, report = getattr(result, "document", None), getattr(result, "report", None)
    if document is None or report is None:
        return []
    annex_of = {p: (n, a.title) for n, a in enumerate(report.annexes, 1) for p in a.pages}
    admin, front = set(report.admin_pages), set(report.front_pages) | set(report.toc_pages)
    part = report.annex_part_first_page
    roles = []
    for page in range(1, document.page_count + 1):
        if page in admin:
            roles.append((page, "admin", ""))
        elif page in annex_of:
            roles.append((page, "annex", annex_of[page][1] or ""))
        elif part is not None and page >= part:
            roles.append((page, "annexes", ""))
        elif page in front:
            roles.append((page, "front", ""))
        else:
            section = None
            for s in report.sections:
                if s.first_page <= page <= s.last_page:
                    section = s  # the last one starting on or before the page
            role = section.role if section is not None else "front"
            if role not in ROLE_COLOURS:
                role = "other"
            roles.append((page, role, section.title if section is not None else ""))
    return roles


def page_svg(page: Any, share: float | None, ids: itertools.count, width: float = 150,
             thumbnail: bytes | None = None) -> str:
    """A small drawing of one page: the real page when a ``thumbnail`` (PNG) was drawn from
    the file, else its text lines in grey; its pictures outlined, clipped as displayed."""
    w, h = max(page.width, 1.0), max(page.height, 1.0)
    height = width * h / w
    parts = [f'<svg class="page" xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" '
             f'height="{height:.0f}" viewBox="0 0 {w:.1f} {h:.1f}" role="img">',
             f'<rect x="0" y="0" width="{w:.1f}" height="{h:.1f}" fill="#fff"/>']
    defs = []
    if thumbnail is not None:
        data = base64.b64encode(thumbnail).decode("ascii")
        parts.append(f'<image class="thumbnail" x="0" y="0" width="{w:.1f}" height="{h:.1f}" '
                     f'preserveAspectRatio="none" href="data:image/png;base64,{data}"/>')
    for line in page.lines if thumbnail is None else ():
        lw, lh = line.x1 - line.x0, max(line.bottom - line.top, 1.0)
        if lw <= 0:
            continue
        parts.append(f'<rect x="{line.x0:.1f}" y="{line.top:.1f}" width="{lw:.1f}" '
                     f'height="{lh:.1f}" fill="#9aa0a6"/>')
    for image in page.images:
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in image.points)
        opacity = "0.55" if thumbnail is None else "0.12"  # the real picture shows through
        shape = (f'<polygon points="{points}" fill="#e15759" fill-opacity="{opacity}" '
                 f'stroke="#b00" stroke-width="{1.5 if thumbnail is None else 3}"/>')
        for clip in image.clips:
            cid = f"c{next(ids)}"
            clip_points = " ".join(f"{x:.1f},{y:.1f}" for x, y in clip)
            defs.append(f'<clipPath id="{cid}"><polygon points="{clip_points}"/></clipPath>')
            shape = f'<g clip-path="url(#{cid})">{shape}</g>'
        parts.append(shape)
    if defs:
        parts.insert(1, "<defs>" + "".join(defs) + "</defs>")
    parts.append(f'<rect x="0" y="0" width="{w:.1f}" height="{h:.1f}" fill="none" '
                 f'stroke="#666" stroke-width="1"/>')
    parts.append("</svg>")
    return "".join(parts)


def render(batch: BatchResult) -> str:
    lang = batch.lang if batch.lang in TEXT else "fr"
    t = TEXT[lang]
    names = headers(lang)
    ids = itertools.count(1)
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="icon" href="data:,">',
        f"<title>{_e(t['title'])}</title>",
        f"<style>{STYLE}</style></head><body>",
        f'<h1 id="top">{_e(t["title"])}</h1>',
        f'<p class="muted">{_e(t["intro"].format(source=batch.source, count=len(batch.students)))}'
        f" report-lint {_e(__version__)}.</p>",
        '<table id="class"><thead><tr>',
    ]
    for key in COLUMNS:
        kind = "num" if key in NUMERIC else "text"
        out.append(f'<th scope="col" tabindex="0" data-key="{key}" data-type="{kind}" '
                   f'aria-sort="none">{_e(names[key])}</th>')
    out.append("</tr></thead><tbody>")
    for order, student in enumerate(batch.students):
        row = table_row(student, lang, batch.settings)
        verdict = verdict_key(student)
        css = VERDICT_CLASS.get(verdict, "unchecked")
        out.append(f'<tr class="{css}" data-order="{order}">')
        for key in COLUMNS:
            cell = row[key]
            sort = _sort_value(key, student, cell)
            attrs = f' data-sort="{_e(sort)}"' if sort != cell else ""
            css_cell = ' class="num"' if key in NUMERIC else ""
            content = _e(cell)
            if key == "student":
                content = f'<a href="#student-{order + 1}">{content}</a>'
            out.append(f"<td{css_cell}{attrs}>{content}</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    out.append(legend(lang))
    for order, student in enumerate(batch.students):
        out.append(student_part(student, order + 1, lang, batch.settings, ids))
    out.append(f"<script>{SCRIPT}</script></body></html>")
    return "\n".join(out) + "\n"


def legend(lang: str) -> str:
    """What each colour of the strip of pages means."""
    t = TEXT[lang]
    items = "".join(f'<span><i class="role-{role}"></i>{_e(t["roles"][role])}</span>'
                    for role in ROLE_COLOURS)
    return f'<p class="legend">{items}</p>'


def student_part(student: StudentResult, number: int, lang: str, settings: dict[str, Any],
                 ids: itertools.count, *, back: bool = True) -> str:
    """One student's part of the page: verdict, files, findings (each linking to its page),
    the strip of pages, and the pictures of the annex pages and of the pages cited.
    ``report-lint serve`` shows this part alone for one upload (``back=False``)."""
    t = TEXT[lang]
    limit = float(settings.get("annex_image_share", 1 / 3))
    row = table_row(student, lang, settings)
    sep = " : " if lang == "fr" else ": "
    out = [f'<section class="student" id="student-{number}">',
           f'<h2>{_e(student.student)} — {_e(row["verdict"])}</h2>']
    submission = student.submission
    if student.on_roster is False:
        out.append(f'<p class="muted">{_e(t["not_on_roster"])}</p>')
    if submission is None:
        out.append(f"<p>{_e(t['missing'])}</p>")
    else:
        if submission.chosen is not None:
            out.append(f"<p>{_e(t['file'])}{sep}<code>{_e(submission.chosen.location)}</code></p>")
        else:
            out.append(f"<p>{_e(t['no_report'])}</p>")
        if submission.others:
            others = ", ".join(f"<code>{_e(f.name)}</code>" for f in submission.others)
            out.append(f"<p>{_e(t['others'])}{sep}{others}</p>")
    if student.detail and not (student.status == "unreadable" and student.result is not None):
        out.append(f'<p class="muted">{_e(t["not_checked"]) + sep if student.status != "checked" else ""}'
                   f"{_e(student.detail)}</p>")

    result = student.result
    figures = _figures(result, number, t, limit, ids)
    anchor = f"s{number}-p{{}}"
    if result is not None:
        out.append(f"<h3>{_e(t['findings'])}</h3>")
        if result.findings:
            out.append('<ul class="findings">')
            for f in result.findings:
                severity = getattr(f.severity, "value", f.severity)
                where = ""
                if f.page is not None:
                    where = _e(t["page"].format(f.page))
                    if f.page in figures:
                        where = f'<a class="page-link" href="#{anchor.format(f.page)}">{where}</a>'
                    where += " — "
                out.append(f'<li class="{severity}">{where}<b>{_e(f.code)}</b> '
                           f'[{_e(t["severity"].get(severity, severity))}] {_e(f.message)}</li>')
            out.append("</ul>")
        else:
            out.append(f"<p>{_e(t['no_findings'])}</p>")

    roles = page_roles(student)
    if roles:
        out.append(f"<h3>{_e(t['pages'])}</h3><div class=\"strip\">")
        for page, role, title in roles:
            label = f"{t['page'].format(page)} — {t['roles'][role]}" + (f" : {title}" if title else "")
            span = f'<span class="role-{role}" title="{_e(label)}"></span>'
            if page in figures:
                span = f'<a href="#{anchor.format(page)}">{span}</a>'
            out.append(span)
        out.append("</div>")

    annex_pages = [p for p, (kind, _) in figures.items() if kind == "annex"]
    cited = [p for p, (kind, _) in figures.items() if kind == "cited"]
    for title, pages in ((t["annex_pages"], annex_pages), (t["cited_pages"], cited)):
        if pages:
            out.append(f"<h3>{_e(title)}</h3><div class=\"pages\">")
            out.extend(figures[p][1] for p in pages)
            out.append("</div>")
    if back:
        out.append(f'<p><a href="#top">{_e(t["back"])}</a></p>')
    out.append("</section>")
    return "\n".join(out)


def _figures(result: Any, number: int, t: dict[str, Any], limit: float,
             ids: itertools.count) -> dict[int, tuple[str, str]]:
    """{page: ("annex" | "cited", <figure>)}: every annex page, then the other pages a
    finding points at when the worker drew them, in page order."""
    report = getattr(result, "report", None)
    document = getattr(result, "document", None)
    if report is None or document is None:
        return {}
    thumbnails = getattr(result, "thumbnails", None) or {}
    figures: dict[int, tuple[str, str]] = {}
    for n, annex in enumerate(report.annexes, 1):
        for page_number in annex.pages:
            if not 1 <= page_number <= document.page_count:
                continue
            page = document.pages[page_number - 1]
            share = annex.page_shares.get(page_number, page.image_share)
            share_text = "?" if share is None else t["percent"].format(round(share * 100))
            caption = (t["annex"].format(n=n, page=page_number) + " — "
                       + t["share"].format(share=share_text,
                                           limit=t["percent"].format(round(limit * 100))))
            figures[page_number] = ("annex", _figure(
                page, share, limit, caption, annex.title or "", number, ids,
                thumbnails.get(page_number)))
    for f in result.findings:
        page_number = f.page
        if page_number in figures or page_number not in thumbnails \
                or not 1 <= page_number <= document.page_count:
            continue
        page = document.pages[page_number - 1]
        figures[page_number] = ("cited", _figure(
            page, None, limit, t["page"].format(page_number), "", number, ids,
            thumbnails[page_number]))
    return dict(sorted(figures.items()))


def _figure(page: Any, share: float | None, limit: float, caption: str, title: str,
            number: int, ids: itertools.count, thumbnail: bytes | None) -> str:
    over = share is not None and share > limit
    data_share = "" if share is None else f"{share:.4f}"
    kind = " real" if thumbnail is not None else ""
    return (f'<figure id="s{number}-p{page.number}" class="{"over" if over else "within"}{kind}" '
            f'data-page="{page.number}" data-share="{data_share}">'
            f"{page_svg(page, share, ids, thumbnail=thumbnail)}"
            f"<figcaption>{_e(caption)}<br>{_e(title)}</figcaption></figure>")
