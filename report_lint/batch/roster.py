"""Students' names: how they are compared and sorted, and the roster a teacher gives."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from report_lint.batch.model import MISSING, StudentResult

def fold(text: str) -> str:
    """Lower case without accents, spaces normalised: how names are compared and sorted."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(text.split())


def name_tokens(name: str) -> frozenset[str]:
    return frozenset(t for t in re.split(r"[\s\-'’_.,]+", fold(name)) if t)


def sort_key(student: str, student_id: str | None = None) -> tuple:
    return (fold(student), student_id or "")


def _clean_name(text: str) -> str:
    return " ".join(text.replace("_", " ").split())


_NAME_HEADERS = {"nom", "name", "last name", "lastname", "surname", "nom de famille"}
_FIRST_HEADERS = {"prenom", "first name", "firstname", "given name"}
_FULL_HEADERS = {"nom complet", "full name", "fullname", "eleve", "etudiant", "student",
                 "nom prenom", "identite", "apprenant"}


def read_roster(path: Path) -> list[str]:
    """Student names from a CSV (``;``, ``,`` or tab; UTF-8 or Windows-1252): columns
    ``Nom`` and ``Prénom``, or one name column, or no header (first columns)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return []
    try:
        dialect = csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=";,\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if ";" in lines[0] else ","
    rows = [[c.strip() for c in row] for row in csv.reader(lines, delimiter=delimiter)]
    header = [fold(c) for c in rows[0]]
    name_col = next((i for i, h in enumerate(header) if h in _NAME_HEADERS), None)
    first_col = next((i for i, h in enumerate(header) if h in _FIRST_HEADERS), None)
    full_col = next((i for i, h in enumerate(header) if h in _FULL_HEADERS), None)
    names: list[str] = []
    if name_col is not None or first_col is not None or full_col is not None:
        for row in rows[1:]:
            def cell(i: int | None) -> str:
                return row[i] if i is not None and i < len(row) else ""
            if full_col is not None and name_col is None:
                name = cell(full_col)
            else:
                name = f"{cell(name_col)} {cell(first_col)}"
            if name.strip():
                names.append(" ".join(name.split()))
    else:
        for row in rows:
            cells = [c for c in row[:2] if c and "@" not in c and not c.isdigit()]
            if cells:
                names.append(" ".join(" ".join(cells).split()))
    return names


def match_roster(roster: list[str], students: list[StudentResult]) -> list[StudentResult]:
    """Mark who is on the roster; return rows for the students with no submission."""
    wanted = [(name, name_tokens(name)) for name in roster]
    taken: set[int] = set()
    for student in students:
        tokens = name_tokens(student.student)
        hit = next((i for i, (_, t) in enumerate(wanted) if i not in taken and t == tokens), None)
        if hit is None:  # a second first name on one side only
            near = [i for i, (_, t) in enumerate(wanted)
                    if i not in taken and t and tokens and (t <= tokens or tokens <= t)]
            hit = near[0] if len(near) == 1 else None
        student.on_roster = hit is not None
        if hit is not None:
            taken.add(hit)
    return [StudentResult(name, status=MISSING, on_roster=True)
            for i, (name, _) in enumerate(wanted) if i not in taken]
