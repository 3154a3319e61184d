"""How long the internship lasted, when the report says it."""

from __future__ import annotations

import re
from datetime import date

from report_lint.findings import Severity
from report_lint.rules import Check, CheckContext

MONTHS = {
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12,
}
_DAY = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)?\s*"
_MONTH = "|".join(MONTHS)
SPAN_WORDS = re.compile(
    rf"\bdu\s+{_DAY}(\d{{1,2}})(?:er)?\s*({_MONTH})?\s*(\d{{4}})?\s+au\s+{_DAY}(\d{{1,2}})(?:er)?"
    rf"\s+({_MONTH})\s+(\d{{4}})", re.I)
SPAN_NUMBERS = re.compile(
    r"\bdu\s+(\d{1,2})/(\d{1,2})/(\d{2,4})\s+au\s+(\d{1,2})/(\d{1,2})/(\d{2,4})", re.I)


def internship_span(text: str) -> tuple[date, date, int] | None:
    """The first "du 19 mai au 27 juin 2025" (or numeric dates) found: start, end, page."""
    for match in SPAN_WORDS.finditer(text):
        d1, m1, y1, d2, m2, y2 = match.groups()
        month2 = MONTHS[m2.lower()]
        month1 = MONTHS[m1.lower()] if m1 else month2
        year2 = int(y2)
        year1 = int(y1) if y1 else (year2 if month1 <= month2 else year2 - 1)
        try:
            return date(year1, month1, int(d1)), date(year2, month2, int(d2)), match.start()
        except ValueError:
            continue
    for match in SPAN_NUMBERS.finditer(text):
        d1, m1, y1, d2, m2, y2 = (int(g) for g in match.groups())
        y1 += 2000 if y1 < 100 else 0
        y2 += 2000 if y2 < 100 else 0
        try:
            return date(y1, m1, d1), date(y2, m2, d2), match.start()
        except ValueError:
            continue
    return None


class InternshipTooShort(Check):
    """The report states the internship dates and they span fewer than 4 weeks ("ne peut
    être inférieure à quatre semaines"); an ``info`` when they span 4 to 6 weeks (a
    shortened internship must have been authorised by the rector). Weeks are counted from
    the first to the last day, a Monday-to-Friday week counting as a whole week.
    """

    docs = {"fr": """
    Le rapport indique les dates du stage et elles couvrent moins de 4 semaines
    (« ne peut être inférieure à quatre semaines ») ; une ``info`` quand elles couvrent de 4
    à 6 semaines (un stage raccourci doit avoir été autorisé par le recteur). Les semaines
    sont comptées du premier au dernier jour, une semaine du lundi au vendredi comptant pour
    une semaine entière.
    """}

    code = "INT001"
    name = "internship-too-short"
    severity = Severity.WARNING
    regulation = ("La durée normale du stage est de six semaines [...] ne peut être inférieure "
                  "à quatre semaines")
    summary = {
        "fr": "Les dates de stage indiquées couvrent moins de 4 semaines (ou moins de 6).",
        "en": "The stated internship dates span fewer than 4 weeks (or fewer than 6).",
    }
    messages = {
        "fr": {
            "short": "Page {page} : le stage indiqué ({start} au {end}) dure {weeks} semaines, "
                     "moins que les 4 semaines minimum.",
            "reduced": "Page {page} : le stage indiqué ({start} au {end}) dure {weeks} semaines "
                       "au lieu de 6 : une réduction doit être autorisée par le recteur.",
        },
        "en": {
            "short": "Page {page}: the stated internship ({start} to {end}) lasts {weeks} weeks, "
                     "under the 4-week minimum.",
            "reduced": "Page {page}: the stated internship ({start} to {end}) lasts {weeks} weeks "
                       "instead of 6: a shorter internship must be authorised by the rector.",
        },
    }

    def check(self, ctx: CheckContext):
        for number in ctx.report.body_pages:
            span = internship_span(ctx.report.page_text.get(number, ""))
            if span is None:
                continue
            start, end, _ = span
            days = (end - start).days + 1
            if days <= 0 or days > 400:
                return
            weeks = round((days + 2) / 7, 1)
            params = dict(page=number, start=start.strftime("%d/%m/%Y"),
                          end=end.strftime("%d/%m/%Y"), weeks=f"{weeks:g}")
            if weeks < ctx.settings.get("internship_min_weeks", 4):
                yield self.finding(ctx, "short", **params)
            elif weeks < ctx.settings.get("internship_weeks", 6):
                yield self.finding(ctx, "reduced", severity=Severity.INFO, **params)
            return
