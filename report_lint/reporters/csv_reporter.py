"""``batch --csv``: the class table, openable directly in a spreadsheet.

The default dialect, ``excel-fr``, is what a French spreadsheet opens with a double click:
UTF-8 with a byte-order mark (so accents survive), ``;`` between cells (``,`` is the
decimal separator there), CRLF line ends. ``--csv-dialect`` picks another one; every dialect
is a registered :mod:`csv` dialect, so ``csv.reader(f, dialect=name)`` reads the file back.
Numbers are whole numbers (percentages without their sign), so no decimal separator is ever
written.
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


def csv_rows(batch: BatchResult) -> list[list[str]]:
    """The header row, then one row per student: exactly the cells written."""
    names = headers(batch.lang, extra=True)
    names["image_share"] += " (%)"
    rows = [list(names.values())]
    for row in table_rows(batch, extra=True):
        # The percent sign stays out of the cell: a spreadsheet then reads a number.
        row["image_share"] = row["image_share"].replace(" ", "").rstrip("%")
        rows.append([row[key] for key in names])
    return rows


def render(batch: BatchResult, dialect: str = DEFAULT_DIALECT) -> str:
    """The table as CSV text (without the BOM: :func:`write` adds it)."""
    out = io.StringIO(newline="")
    csv.writer(out, dialect=dialect).writerows(csv_rows(batch))
    return out.getvalue()


def write(batch: BatchResult, path: str | Path, dialect: str = DEFAULT_DIALECT) -> None:
    encoding = DIALECTS[dialect]
    with open(path, "w", encoding=encoding, newline="") as handle:
        handle.write(render(batch, dialect))
