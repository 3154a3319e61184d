"""How long the report is, annexes and administrative pages excluded."""

from __future__ import annotations

from report_lint.findings import Severity
from report_lint.rules import Check, CheckContext


def _ranges(pages: list[int]) -> str:
    """[1, 2, 3, 5] -> "1-3, 5"."""
    out, start, prev = [], None, None
    for p in pages:
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            out.append(f"{start}-{prev}" if start != prev else str(start))
            start = prev = p
    if start is not None:
        out.append(f"{start}-{prev}" if start != prev else str(start))
    return ", ".join(out)


class PageLimit(Check):
    """"L'ensemble doit se limiter à une trentaine de pages": the report, annexes and
    administrative pages excluded, has more than ``max_pages`` (30) pages. Whether the cover
    and the table of contents count is the profile setting ``count_front_matter`` (true).
    The message gives the count and which pages were counted.
    """

    docs = {"fr": """
    « L'ensemble doit se limiter à une trentaine de pages » : le rapport, annexes et
    pages administratives exclues, compte plus de ``max_pages`` (30) pages. Le réglage de
    profil ``count_front_matter`` (vrai par défaut) dit si la couverture et le sommaire
    comptent. Le message donne le nombre de pages et lesquelles ont été comptées.
    """}

    code = "LEN001"
    name = "page-limit"
    severity = Severity.ERROR
    reading_role = "annexes"
    page_level = True
    regulation = "L'ensemble doit se limiter à une trentaine de pages"
    summary = {
        "fr": "Le rapport (hors annexes) dépasse le nombre de pages autorisé.",
        "en": "The report (annexes excluded) has more pages than allowed.",
    }
    messages = {
        "fr": {"default": "Le rapport compte {count} pages hors annexes (pages {pages}) pour "
                          "{limit} au maximum : retirez {over} page(s)."},
        "en": {"default": "The report has {count} pages without the annexes (pages {pages}), "
                          "{limit} at most: remove {over} page(s)."},
    }

    def check(self, ctx: CheckContext):
        limit = int(ctx.settings["max_pages"])
        tolerance = int(ctx.settings.get("page_tolerance", 0))
        pages = ctx.report.body_pages
        if len(pages) > limit + tolerance:
            yield self.finding(ctx, page=pages[limit], count=len(pages), pages=_ranges(pages),
                               limit=limit, over=len(pages) - limit)


class PageLimitTolerance(Check):
    """Optional band: more than ``max_pages`` but not more than ``max_pages +
    page_tolerance`` pages gives this warning instead of LEN001. The tolerance is 0 by
    default, so the rule is silent unless a profile sets it.
    """

    docs = {"fr": """
    Bande facultative : plus de ``max_pages`` pages mais pas plus de ``max_pages +
    page_tolerance`` donne cet avertissement au lieu de LEN001. La tolérance vaut 0 par
    défaut : la règle se tait tant qu'un profil ne la fixe pas.
    """}

    code = "LEN002"
    name = "page-limit-tolerance"
    severity = Severity.WARNING
    page_level = True
    regulation = "L'ensemble doit se limiter à une trentaine de pages"
    summary = {
        "fr": "Le rapport dépasse la limite de pages, dans la tolérance du profil.",
        "en": "The report is over the page limit, within the profile's tolerance.",
    }
    messages = {
        "fr": {"default": "Le rapport compte {count} pages hors annexes pour {limit} : "
                          "c'est dans la tolérance ({tolerance}), mais « une trentaine » est "
                          "la règle."},
        "en": {"default": "The report has {count} pages without the annexes for {limit}: within "
                          "the tolerance ({tolerance}), but \"about thirty\" is the rule."},
    }

    def check(self, ctx: CheckContext):
        limit = int(ctx.settings["max_pages"])
        tolerance = int(ctx.settings.get("page_tolerance", 0))
        count = len(ctx.report.body_pages)
        if limit < count <= limit + tolerance:
            yield self.finding(ctx, page=ctx.report.body_pages[limit], count=count, limit=limit,
                               tolerance=tolerance)
