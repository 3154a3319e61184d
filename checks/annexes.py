"""The three English one-page annexes: count, length, language, kinds, sources, text."""

from __future__ import annotations

import re

from report_lint.findings import Severity
from report_lint.rules import Check, CheckContext

ANNEX_SENTENCE = ("le candidat choisira sur trois documents en langue anglaise, d'une page "
                  "chacun, qui illustrent le thème du stage")
_SOURCE = re.compile(
    r"https?://|www\.|\b[\w-]+\.(com|org|net|io|fr|uk|gov|edu|de|eu|info)\b|\bsource\s*:|©|"
    r"\b(19|20)\d\d\b|\bpublished\b|\bretrieved\b", re.I)


def _readable(annex) -> bool:
    return not annex.textless_pages or len(annex.textless_pages) < len(annex.pages)


def _describe(annexes) -> str:
    return "; ".join(f"{a.title or '?'} (p. {', '.join(map(str, a.pages))})" for a in annexes)


class AnnexCount(Check):
    """Not exactly 3 annexed documents ("le candidat choisira sur trois documents en langue
    anglaise"). A separator page that only says "Annexes" is not a document; scanned
    certificates and evaluation sheets after the annexes are not annexes. The message lists
    what was found.
    """

    docs = {"fr": """
    Pas exactement 3 documents annexés (« le candidat choisira sur trois documents
    en langue anglaise »). Une page de séparation qui dit seulement « Annexes » n'est pas un
    document ; les attestations et fiches d'évaluation scannées après les annexes ne sont pas
    des annexes. Le message liste ce qui a été trouvé.
    """}

    code = "ANX001"
    name = "annex-count"
    severity = Severity.ERROR
    reading_role = "annexes"
    regulation = ANNEX_SENTENCE
    summary = {"fr": "Il n'y a pas exactement 3 documents annexés.",
               "en": "There are not exactly 3 annexed documents."}
    messages = {
        "fr": {"default": "{count} document(s) annexé(s) au lieu de {expected} : {found}.",
               "none": "Aucune annexe trouvée : il faut {expected} documents en anglais "
                       "d'une page, sous un titre « Annexes »."},
        "en": {"default": "{count} annexed document(s) instead of {expected}: {found}.",
               "none": "No annex found: {expected} one-page English documents are required, "
                       "under an \"Annexes\" heading."},
    }

    def check(self, ctx: CheckContext):
        expected = int(ctx.settings["annex_count"])
        annexes = ctx.report.annexes
        if not annexes:
            yield self.finding(ctx, "none", page=ctx.report.annex_part_first_page,
                               expected=expected)
        elif len(annexes) != expected:
            yield self.finding(ctx, page=ctx.report.annex_part_first_page, count=len(annexes),
                               expected=expected, found=_describe(annexes))


class AnnexNotOnePage(Check):
    """An annexed document spans more than one page ("d'une page chacun")."""

    docs = {"fr": """
    Un document annexé occupe plus d'une page (« d'une page chacun »)."""}

    code = "ANX002"
    name = "annex-not-one-page"
    severity = Severity.ERROR
    reading_role = "annexes"
    page_level = True
    regulation = ANNEX_SENTENCE
    summary = {"fr": "Un document annexé fait plus d'une page.",
               "en": "An annexed document spans more than one page."}
    messages = {
        "fr": {"default": "L'annexe « {title} » occupe {count} pages ({pages}) : chaque "
                          "document doit tenir sur une page."},
        "en": {"default": "The annex '{title}' takes {count} pages ({pages}): each document "
                          "must fit on one page."},
    }

    def check(self, ctx: CheckContext):
        limit = int(ctx.settings["annex_max_pages"])
        for annex in ctx.report.annexes:
            if len(annex.pages) > limit:
                yield self.finding(ctx, page=annex.pages[0], title=annex.title or "?",
                                   count=len(annex.pages),
                                   pages=", ".join(map(str, annex.pages)))


class AnnexNotEnglish(Check):
    """An annexed document is not in English ("documents en langue anglaise"). The language
    is detected with langdetect (seeded, so runs repeat) on the annex's own text, its
    heading and the running headers left out; the message gives the detected language and
    its probability. Annexes with too little text to tell are not judged here (see ANX007).
    """

    docs = {"fr": """
    Un document annexé n'est pas en anglais (« documents en langue anglaise »). La
    langue est détectée avec langdetect (à graine fixe, pour que les résultats se répètent)
    sur le texte propre de l'annexe, sans son titre ni les en-têtes courants ; le message
    donne la langue détectée et sa probabilité. Les annexes trop courtes pour en juger ne sont
    pas jugées ici (voir ANX007).
    """}

    code = "ANX003"
    name = "annex-not-english"
    severity = Severity.ERROR
    regulation = ANNEX_SENTENCE
    summary = {"fr": "Un document annexé n'est pas en anglais.",
               "en": "An annexed document is not in English."}
    messages = {
        "fr": {"default": "L'annexe « {title} » (page {page}) semble rédigée en « {lang} » "
                          "(probabilité {prob}) et non en anglais."},
        "en": {"default": "The annex '{title}' (page {page}) seems written in '{lang}' "
                          "(probability {prob}), not in English."},
    }

    def check(self, ctx: CheckContext):
        wanted = ctx.settings["annex_language"]
        minimum = int(ctx.settings.get("annex_language_min_chars", 200))
        short = int(ctx.settings.get("annex_language_short_chars", 40))
        for annex in ctx.report.annexes:
            if annex.language is None or annex.language_chars < short:
                continue
            # A short text (a caption, one sentence) is judged only when the language is sure.
            if annex.language_chars < minimum and annex.language_probability < 0.95:
                continue
            if annex.language != wanted:
                yield self.finding(ctx, page=annex.pages[0], title=annex.title or "?",
                                   lang=annex.language,
                                   prob=f"{annex.language_probability:.2f}")


class AnnexKinds(Check):
    """Not one technical document plus two press or science-news extracts ("un document
    technique et deux extraits de la presse écrite ou de sites d'information scientifique ou
    généraliste"). The kind comes from the annex title when it says so (Technical document,
    Datasheet, Press article...), else from the vocabulary of the text; the message says
    which. Only judged when there are exactly three readable annexes (ANX001 speaks first).
    """

    docs = {"fr": """
    Pas un document technique et deux extraits de presse ou d'actualité
    scientifique (« un document technique et deux extraits de la presse écrite ou de sites
    d'information scientifique ou généraliste »). Le type vient du titre de l'annexe quand il
    le dit (Technical document, Datasheet, Press article...), sinon du vocabulaire du texte ;
    le message dit lequel. Jugé seulement quand il y a exactement trois annexes lisibles
    (ANX001 parle d'abord).
    """}

    code = "ANX005"
    name = "annex-kinds"
    severity = Severity.WARNING
    needs_nlp = True
    regulation = ("un document technique et deux extraits de la presse écrite ou de sites "
                  "d'information scientifique ou généraliste")
    summary = {"fr": "Les annexes ne sont pas 1 document technique et 2 extraits de presse.",
               "en": "The annexes are not 1 technical document and 2 press extracts."}
    messages = {
        "fr": {"default": "Annexes trouvées : {found} ; attendu : {expected}. Indiquez le type "
                          "dans le titre (« Annexe 1 – Document technique : ... »)."},
        "en": {"default": "Annexes found: {found}; expected: {expected}. Say the kind in the "
                          "title (\"Annex 1 – Technical document: ...\")."},
    }
    names = {"fr": {"technical": "technique", "press": "presse", "unknown": "type inconnu",
                    "title": "d'après le titre", "text": "d'après le texte"},
             "en": {"technical": "technical", "press": "press", "unknown": "unknown kind",
                    "title": "from the title", "text": "from the text"}}

    def check(self, ctx: CheckContext):
        wanted: dict = ctx.settings["annex_kind_counts"]
        annexes = [a for a in ctx.report.annexes if _readable(a)]
        if len(ctx.report.annexes) != int(ctx.settings["annex_count"]) or len(annexes) != len(
                ctx.report.annexes):
            return
        counts = {kind: sum(1 for a in annexes if a.kind == kind) for kind in wanted}
        if counts == {k: int(v) for k, v in wanted.items()}:
            return
        if any(a.kind == "unknown" for a in annexes) and all(
                counts[k] <= int(v) for k, v in wanted.items()):
            return  # not sure enough to say it is wrong
        names = self.names.get(ctx.lang, self.names["fr"])
        found = ", ".join(f"p. {a.pages[0]} {names[a.kind]} ({names[a.kind_from]})"
                          for a in annexes)
        expected = ", ".join(f"{v} {names.get(k, k)}" for k, v in wanted.items())
        yield self.finding(ctx, page=annexes[0].pages[0], found=found, expected=expected)


class AnnexWithoutSource(Check):
    """An annexed document names no source (publication, site or URL, date): "à partir
    d'une source ou d'un contexte anglophone". Looked for in the annex's text: a URL or web
    domain, "Source:", a year, "published"/"retrieved", a copyright sign.
    """

    docs = {"fr": """
    Un document annexé ne cite aucune source (publication, site ou adresse, date) :
    « à partir d'une source ou d'un contexte anglophone ». Cherché dans le texte de l'annexe :
    une URL ou un nom de domaine, « Source: », une année, « published »/« retrieved », le
    signe ©.
    """}

    code = "ANX006"
    name = "annex-without-source"
    severity = Severity.WARNING
    regulation = "à partir d'une source ou d'un contexte anglophone"
    summary = {"fr": "Un document annexé ne cite pas sa source.",
               "en": "An annexed document names no source."}
    messages = {
        "fr": {"default": "L'annexe « {title} » (page {page}) ne cite pas sa source : "
                          "indiquez la publication ou le site, la date et l'adresse."},
        "en": {"default": "The annex '{title}' (page {page}) names no source: give the "
                          "publication or site, the date and the address."},
    }

    def check(self, ctx: CheckContext):
        for annex in ctx.report.annexes:
            if _readable(annex) and not _SOURCE.search(annex.title + "\n" + annex.text):
                yield self.finding(ctx, page=annex.pages[0], title=annex.title or "?")


class AnnexWithoutText(Check):
    """An annex page has no extractable text (a scan or a picture of the article): its
    language cannot be checked and its picture covers the page. Paste the article's text
    (or print the web page to PDF) instead of a screenshot.
    """

    docs = {"fr": """
    Une page d'annexe n'a pas de texte extractible (un scan ou une image de
    l'article) : sa langue ne peut pas être vérifiée et son image couvre la page. Collez le
    texte de l'article (ou imprimez la page web en PDF) au lieu d'une capture d'écran.
    """}

    code = "ANX007"
    name = "annex-without-text"
    severity = Severity.ERROR
    page_level = True
    regulation = ("Les documents iconographiques ne représenteront au plus qu'un tiers de la "
                  "page")
    summary = {"fr": "Une page d'annexe n'a pas de texte lisible (scan, capture d'écran).",
               "en": "An annex page has no extractable text (scan, screenshot)."}
    messages = {
        "fr": {"default": "Page {page} : l'annexe est une image sans texte lisible (scan ou "
                          "capture) ; sa langue ne peut pas être vérifiée. Insérez le texte "
                          "de l'article."},
        "en": {"default": "Page {page}: the annex is a picture without extractable text (scan "
                          "or screenshot); its language cannot be checked. Insert the article's "
                          "text."},
    }

    def check(self, ctx: CheckContext):
        for annex in ctx.report.annexes:
            for number in annex.textless_pages:
                yield self.finding(ctx, page=number, section=annex.title or None)
