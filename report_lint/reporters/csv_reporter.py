"""``batch --csv``: the class table, openable directly in a spreadsheet.

The default dialect, ``excel-fr``, is what a French spreadsheet opens with a double click:
UTF-8 with a byte-order mark (so accents survive), ``;`` between cells (``,`` is the
decimal separator there), CRLF line ends. ``--csv-dialect`` picks another one; every dialect
is a registered :mod:`csv` dialect, so ``csv.reader(f, dialect=name)`` reads the file back.
Numbers are whole numbers (percentages without their sign), so no decimal separator is ever
written.

Text cells cannot run anything in a spreadsheet (OWASP, "CSV injection"): a student's name
comes from a file or folder name in the platform's ZIP, and ``=1+2+cmd.docx`` would give a
cell that Excel and LibreOffice Calc take for a formula. A text cell that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return is written with a single quote before it,
quoted: the spreadsheet shows ``'=1+2+cmd`` as text. The numbers the tool writes (pages,
counts, percentages) stay numbers.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from report_lint.batch import BatchResult, headers, table_rows


class ExcelFr(csv.excel):
    delimiter = ";"


csv.register_dialect("excel-fr", ExcelFr)

#: dialect name -> encoding of the file (the BOM lets spreadsheets recognise UTF-8).
DIALECTS = {
    "excel-fr": "utf-8-sig",
    "excel": "utf-8-sig",
    "excel-tab": "utf-8-sig",
    "unix": "utf-8",
}
DEFAULT_DIALECT = "excel-fr"

#: The columns whose cells are numbers written by the tool (never text from a student).
NUMBER_COLUMNS = frozenset({"pages", "image_share", "errors", "warnings", "pages_total"})
#: What a spreadsheet may take for the start of a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def as_text(cell: str) -> str:
    """A text cell that a spreadsheet reads as text, whatever it starts with."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _cell(key: str, value: str) -> str:
    if key in NUMBER_COLUMNS and value.lstrip("-").isdigit():
        return value  # a number of the tool's: it stays a number, even a negative one
    return as_text(value)


def csv_rows(batch: BatchResult) -> list[list[str]]:
    """The header row, then one row per student: exactly the cells written."""
    names = headers(batch.lang, extra=True)
    names["image_share"] += " (%)"
    rows = [[as_text(name) for name in names.values()]]
    for row in table_rows(batch, extra=True):
        # The percent sign stays out of the cell: a spreadsheet then reads a number.
        row["image_share"] = row["image_share"].replace(" ", "").rstrip("%")
        rows.append([_cell(key, row[key]) for key in names])
    return rows


def render(batch: BatchResult, dialect: str = DEFAULT_DIALECT) -> str:
    """The table as CSV text (without the BOM: :func:`write` adds it)."""
    spec = csv.get_dialect(dialect)
    out = io.StringIO(newline="")
    for row in csv_rows(batch):
        out.write(spec.delimiter.join(_field(cell, spec) for cell in row) + spec.lineterminator)
    return out.getvalue()


def _field(cell: str, spec: csv.Dialect) -> str:
    """One cell as :class:`csv.writer` writes it in ``spec``, except that a cell made text by
    a leading quote is always between double quotes too (OWASP's advice)."""
    special = (spec.delimiter, spec.quotechar, "\r", "\n")
    if (spec.quoting == csv.QUOTE_ALL or cell.startswith("'")
            or any(ch in cell for ch in special)):
        return spec.quotechar + cell.replace(spec.quotechar, spec.quotechar * 2) + spec.quotechar
    return cell


def write(batch: BatchResult, path: str | Path, dialect: str = DEFAULT_DIALECT) -> None:
    encoding = DIALECTS[dialect]
    with open(path, "w", encoding=encoding, newline="") as handle:
        handle.write(render(batch, dialect))
