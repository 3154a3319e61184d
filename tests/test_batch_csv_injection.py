"""The class CSV cannot run anything in a spreadsheet (issue 17, item 4; OWASP "CSV
injection"). Students' names come from file or folder names: ``=1+2+cmd.pdf``,
``@SUM(1+1).pdf``, ``-2+3.pdf`` and ``+33 6.pdf`` are checked by ``report-lint batch --csv``,
the CSV is opened by LibreOffice Calc (headless, formulas evaluated: the harshest import) and
saved as a flat ODF spreadsheet, whose cells say what Calc made of them: each name is a text
cell, not a formula nor its value; the numbers the tool wrote are still numbers."""

from __future__ import annotations

import csv
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from report_lint.cli import cli
from report_lint.reporters import csv_reporter

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
HOSTILE = ("=1+2+cmd", "@SUM(1+1)", "-2+3", "+33 6")
NS = {"table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
      "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
      "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}
#: The CSV import of LibreOffice Calc: ';', '"', UTF-8, from line 1, standard columns,
#: language default, quoted fields not forced to text, special numbers detected, ..., and
#: the 13th token: evaluate formulas.
CSV_IMPORT = "CSV:59,34,76,1,,0,false,true,false,false,false,-1,true"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def calc_cells(csv_path: Path, work: Path) -> list[list[dict]]:
    """The first sheet as LibreOffice Calc reads ``csv_path``: rows of cells, each
    ``{"text", "type", "value", "formula"}``."""
    out = work / "calc"
    profile = work / "lo-profile"
    command = [_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
               f"--infilter={CSV_IMPORT}", "--convert-to", "fods", "--outdir", str(out),
               str(csv_path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180,
                          env={"HOME": str(work), "PATH": "/usr/bin:/bin"})
    produced = out / (csv_path.stem + ".fods")
    if not produced.exists():
        if "could not be loaded" in done.stdout + done.stderr:
            pytest.skip("needs LibreOffice Calc (Debian: libreoffice-calc-nogui)")
        raise AssertionError(f"soffice made no spreadsheet: {done.stdout} {done.stderr}")
    tree = ET.parse(produced)
    table = tree.find(".//table:table", NS)
    rows = []
    for row in table.iter(f"{{{NS['table']}}}table-row"):
        cells = []
        for cell in row:
            if not cell.tag.endswith("table-cell"):
                continue
            repeat = int(cell.get(f"{{{NS['table']}}}number-columns-repeated", "1"))
            item = {"text": "\n".join("".join(p.itertext())
                                      for p in cell.findall("text:p", NS)),
                    "type": cell.get(f"{{{NS['office']}}}value-type"),
                    "value": cell.get(f"{{{NS['office']}}}value"),
                    "formula": cell.get(f"{{{NS['table']}}}formula")}
            cells.extend([item] * min(repeat, 50))
        rows.append(cells)
    return rows


@pytest.fixture(scope="module")
def class_csv(tmp_path_factory):
    """A class whose file names are formulas, checked by the CLI with --csv."""
    work = tmp_path_factory.mktemp("injection")
    folder = work / "classe"
    folder.mkdir()
    for name in HOSTILE[:3] + ("Martin Léa",):
        shutil.copy(REPORTS / "compliant-lo.pdf", folder / f"{name}.pdf")
    shutil.copy(REPORTS / "doc001-random.pdf", folder / f"{HOSTILE[3]}.pdf")  # unreadable
    target = work / "classe.csv"
    result = CliRunner().invoke(cli, ["batch", str(folder), "-j", "2", "--lang", "fr",
                                      "--csv", str(target)], catch_exceptions=False)
    assert target.exists(), result.output
    return target, work


def test_names_that_look_like_formulas_are_text_in_calc(class_csv):
    if _soffice() is None:
        pytest.skip("needs LibreOffice (soffice)")
    path, work = class_csv
    rows = calc_cells(path, work)
    header = [c["text"] for c in rows[0]]
    col = {name: header.index(name) for name in ("Élève", "Pages", "Erreurs", "Avert.")}
    by_name = {row[0]["text"]: row for row in rows[1:] if row and row[0]["text"]}
    assert set(by_name) == {"'" + name for name in HOSTILE} | {"Martin Léa"}
    for name in HOSTILE:
        cell = by_name["'" + name][col["Élève"]]
        assert cell["type"] == "string" and cell["formula"] is None, (name, cell)
        assert cell["text"] == "'" + name  # the name, read as text, not computed
    # The tool's numbers are numbers in Calc, the hostile students' rows included.
    for name in ("'=1+2+cmd", "'@SUM(1+1)", "'-2+3", "Martin Léa"):
        pages = by_name[name][col["Pages"]]
        assert pages["type"] == "float" and int(pages["value"]) > 20, (name, pages)
        assert by_name[name][col["Erreurs"]]["type"] == "float"
    unreadable = by_name["'+33 6"]
    assert unreadable[col["Erreurs"]]["type"] == "float"
    assert unreadable[col["Erreurs"]]["value"] == "1"


def test_the_csv_file_itself(class_csv):
    path, _ = class_csv
    raw = path.read_bytes().decode("utf-8-sig")
    for name in HOSTILE:  # a quote before the name, and the cell between double quotes
        assert f"\r\n\"'{name}\";" in raw
        assert f"\r\n{name};" not in raw
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, dialect="excel-fr"))
    names = [row[0] for row in rows[1:]]
    assert sorted(names) == sorted(["'" + n for n in HOSTILE] + ["Martin Léa"])
    files = [row[rows[0].index("Fichier")] for row in rows[1:]]
    assert all(not f.startswith(csv_reporter.FORMULA_STARTS) for f in files)


def test_which_cells_are_escaped():
    assert [csv_reporter.as_text(c) for c in ("=A1", "+1", "-1", "@x", "\tx", "\rx")] == \
        ["'=A1", "'+1", "'-1", "'@x", "'\tx", "'\rx"]
    assert [csv_reporter.as_text(c) for c in ("Dupont", "3/3", "", "1-2", "a=b")] == \
        ["Dupont", "3/3", "", "1-2", "a=b"]
    # Numbers the tool writes stay numbers, a negative one too; the same text elsewhere is
    # a student's and is escaped.
    assert csv_reporter._cell("errors", "-3") == "-3"
    assert csv_reporter._cell("pages", "24") == "24"
    assert csv_reporter._cell("student", "-3") == "'-3"
    assert csv_reporter._cell("pages", "-2+3") == "'-2+3"
    spec = csv.get_dialect("excel-fr")
    assert csv_reporter._field("'=1+2", spec) == "\"'=1+2\""
    assert csv_reporter._field("'=\"x\";y", spec) == "\"'=\"\"x\"\";y\""
    assert csv_reporter._field("Léa", spec) == "Léa"
