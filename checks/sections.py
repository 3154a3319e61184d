"""The required parts of the report: company, activities, conclusion, in that order."""

from __future__ import annotations

from report_lint.findings import Severity
from report_lint.rules import Check, CheckContext

REQUIRED = "les candidats scolaires rédigent un rapport présentant les éléments suivants"


def _missing(code, name, role, what_fr, what_en, regulation):
    """The three "missing section" rules differ only by role and wording."""

    class Missing(Check):
        needs_nlp = True

        def check(self, ctx: CheckContext):
            if ctx.report.section(role) is None:
                yield self.finding(ctx)

    Missing.__name__ = Missing.__qualname__ = "".join(w.title() for w in name.split("-"))
    Missing.code, Missing.name, Missing.severity = code, name, Severity.ERROR
    Missing.reading_role = role
    Missing.regulation = regulation
    Missing.summary = {"fr": f"Pas de partie « {what_fr} ».", "en": f"No '{what_en}' part."}
    Missing.messages = {
        "fr": {"default": f"Partie « {what_fr} » introuvable : ajoutez-la avec un titre "
                          f"explicite (style Titre 1)."},
        "en": {"default": f"No '{what_en}' part found: add it with an explicit title "
                          f"(a Heading 1 style)."},
    }
    return Missing


MissingCompanySection = _missing(
    "SEC001", "missing-company-section", "company", "Présentation de l'entreprise",
    "Company presentation",
    "l'entreprise d'accueil, ses productions, sa structure et ses modes d'organisation")
MissingCompanySection.__doc__ = """No presentation of the host company ("l'entreprise
d'accueil, ses productions, sa structure et ses modes d'organisation"). A section is found
by its title (Présentation de l'entreprise / de la société, L'entreprise d'accueil, ...),
or, where a title says nothing, by its content (staff, turnover, organisation chart...)."""
MissingCompanySection.docs = {"fr": """
Pas de présentation de l'entreprise d'accueil (« l'entreprise d'accueil, ses productions, sa
structure et ses modes d'organisation »). La partie est reconnue à son titre (Présentation de
l'entreprise / de la société, L'entreprise d'accueil...) ou, quand le titre ne dit rien, à son
contenu (effectif, chiffre d'affaires, organigramme...)."""}

MissingActivitiesSection = _missing(
    "SEC002", "missing-activities-section", "activities", "Activités réalisées",
    "Activities carried out",
    "la description d'une ou plusieurs activités réalisées durant le stage")
MissingActivitiesSection.__doc__ = """No description of the activities carried out during
the internship ("la description d'une ou plusieurs activités réalisées durant le stage").
Titles such as Missions, Travaux réalisés, Activités, Tâches effectuées are recognised."""
MissingActivitiesSection.docs = {"fr": """
Pas de description des activités réalisées pendant le stage (« la description d'une ou
plusieurs activités réalisées durant le stage »). Les titres comme Missions, Travaux réalisés,
Activités, Tâches effectuées sont reconnus."""}

MissingConclusion = _missing(
    "SEC003", "missing-conclusion", "conclusion", "Conclusion", "Conclusion",
    "Une courte conclusion du stage")
MissingConclusion.__doc__ = """No conclusion ("une courte conclusion du stage, fera
ressortir les découvertes faites par le candidat"). Titles such as Conclusion, Bilan, Ce que
j'ai appris are recognised."""
MissingConclusion.docs = {"fr": """
Pas de conclusion (« une courte conclusion du stage, fera ressortir les découvertes faites par
le candidat »). Les titres comme Conclusion, Bilan, Ce que j'ai appris sont reconnus."""}


class SectionOrder(Check):
    """Company, activities and conclusion are not in that order."""

    docs = {"fr": """
    Les parties entreprise, activités et conclusion ne sont pas dans cet ordre."""}

    code = "SEC004"
    name = "section-order"
    severity = Severity.WARNING
    needs_nlp = True
    regulation = REQUIRED
    summary = {"fr": "Entreprise, activités et conclusion ne sont pas dans cet ordre.",
               "en": "Company, activities and conclusion are not in that order."}
    messages = {
        "fr": {"default": "La partie « {late} » (page {late_page}) vient avant « {early} » "
                          "(page {early_page}) : l'ordre attendu est entreprise, activités, "
                          "conclusion."},
        "en": {"default": "The '{late}' part (page {late_page}) comes before '{early}' (page "
                          "{early_page}): expected order is company, activities, conclusion."},
    }

    def check(self, ctx: CheckContext):
        found = [ctx.report.section(r) for r in ("company", "activities", "conclusion")]
        found = [s for s in found if s is not None]
        for early, late in zip(found, found[1:]):
            if late.first_page < early.first_page:
                yield self.finding(ctx, page=late.first_page, late=late.title,
                                   late_page=late.first_page, early=early.title,
                                   early_page=early.first_page)
                return


class CompanySectionTooLong(Check):
    """The company section spans more than ``company_max_pages`` (5) pages: "par le biais de
    quelques pages synthétiques résumant ces données".
    """

    docs = {"fr": """
    La présentation de l'entreprise occupe plus de ``company_max_pages`` (5) pages :
    « par le biais de quelques pages synthétiques résumant ces données ».
    """}

    code = "SEC005"
    name = "company-section-too-long"
    severity = Severity.WARNING
    needs_nlp = True
    page_level = True
    regulation = "par le biais de quelques pages synthétiques résumant ces données"
    summary = {"fr": "La présentation de l'entreprise est trop longue.",
               "en": "The company presentation is too long."}
    messages = {
        "fr": {"default": "La présentation de l'entreprise occupe {count} pages (pages "
                          "{first} à {last}) pour {limit} au plus : « quelques pages "
                          "synthétiques »."},
        "en": {"default": "The company presentation takes {count} pages (pages {first} to "
                          "{last}), {limit} at most: \"a few summarising pages\"."},
    }

    def check(self, ctx: CheckContext):
        section = ctx.report.section("company")
        limit = int(ctx.settings["company_max_pages"])
        if section and section.page_count > limit:
            yield self.finding(ctx, page=section.first_page, section=section.title,
                               count=section.page_count, first=section.first_page,
                               last=section.last_page, limit=limit)


class ConclusionTooLong(Check):
    """The conclusion spans more than ``conclusion_max_pages`` (2) pages: "une courte
    conclusion"."""

    docs = {"fr": """
    La conclusion occupe plus de ``conclusion_max_pages`` (2) pages : « une courte
    conclusion ».
    """}

    code = "SEC006"
    name = "conclusion-too-long"
    severity = Severity.WARNING
    needs_nlp = True
    page_level = True
    regulation = "Une courte conclusion du stage"
    summary = {"fr": "La conclusion est trop longue.", "en": "The conclusion is too long."}
    messages = {
        "fr": {"default": "La conclusion occupe {count} pages pour {limit} au plus : elle doit "
                          "être courte."},
        "en": {"default": "The conclusion takes {count} pages, {limit} at most: it must be "
                          "short."},
    }

    def check(self, ctx: CheckContext):
        limit = int(ctx.settings["conclusion_max_pages"])
        for section in ctx.report.sections_with_role("conclusion")[-1:]:
            if section.page_count > limit:
                yield self.finding(ctx, page=section.first_page, section=section.title,
                                   count=section.page_count, limit=limit)


class ConclusionWithoutProject(Check):
    """The conclusion says nothing of what the candidate retains for their professional
    project ("ce qu'il en retiendra en liaison avec son projet professionnel"): none of the
    profile's ``[conclusion] project`` phrases (projet professionnel, poursuite d'études,
    métier, alternance...) appears in it.
    """

    docs = {"fr": """
    La conclusion ne dit rien de ce que le candidat retient pour son projet
    professionnel (« ce qu'il en retiendra en liaison avec son projet professionnel ») :
    aucune des expressions ``[conclusion] project`` du profil (projet professionnel, poursuite
    d'études, métier, alternance...) n'y figure.
    """}

    code = "SEC007"
    name = "conclusion-without-project"
    severity = Severity.WARNING
    needs_nlp = True
    regulation = "ce qu'il en retiendra en liaison avec son projet professionnel"
    summary = {"fr": "La conclusion ne relie pas le stage au projet professionnel.",
               "en": "The conclusion does not link the internship to the professional project."}
    messages = {
        "fr": {"default": "La conclusion ne dit pas ce que vous retenez du stage pour votre "
                          "projet professionnel (poursuite d'études, métier visé...)."},
        "en": {"default": "The conclusion does not say what you retain from the internship for "
                          "your professional project (further studies, target job...)."},
    }

    def check(self, ctx: CheckContext):
        analyzer = ctx.analyzer
        for section in ctx.report.sections_with_role("conclusion")[-1:]:
            if not analyzer.text_matches(section.text, ctx.settings["conclusion"]["project"]):
                yield self.finding(ctx, page=section.first_page, section=section.title)


class ReproducedDocuments(Check):
    """Body pages mostly covered by pictures (share over ``reproduction_share``, 0.6):
    "limitant au maximum les reproductions de documents disponibles dans l'entreprise".
    Pages without any text are reported by DOC002 instead; the cover is not judged.
    """

    docs = {"fr": """
    Pages du rapport couvertes surtout d'images (part supérieure à
    ``reproduction_share``, 0,6) : « limitant au maximum les reproductions de documents
    disponibles dans l'entreprise ». Les pages sans aucun texte relèvent de DOC002 ; la
    couverture n'est pas jugée.
    """}

    code = "SEC008"
    name = "reproduced-documents"
    severity = Severity.WARNING
    page_level = True
    regulation = ("limitant au maximum les reproductions de documents disponibles dans "
                  "l'entreprise")
    summary = {"fr": "Pages du rapport couvertes surtout d'images (reproductions).",
               "en": "Report pages mostly covered by pictures (reproductions)."}
    messages = {
        "fr": {"default": "Page {page} : les images couvrent {share} % de la page ; limitez "
                          "les reproductions de documents de l'entreprise."},
        "en": {"default": "Page {page}: pictures cover {share}% of the page; keep reproductions "
                          "of company documents to a minimum."},
    }

    def check(self, ctx: CheckContext):
        limit = float(ctx.settings["reproduction_share"])
        for number in ctx.report.body_pages:
            if number in ctx.report.front_pages:
                continue
            share = ctx.report.page_shares.get(number, 0.0)
            if share > limit and ctx.document.pages[number - 1].has_text:
                yield self.finding(ctx, page=number, share=round(share * 100))
