"""Start-up stays lean: spaCy and pypdf are imported only by the runs that need them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPORT = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "compliant-lo.pdf"

PROBE = """
import json, sys
from click.testing import CliRunner
from report_lint.cli import cli
result = CliRunner().invoke(cli, sys.argv[1:])
print(json.dumps({"exit": result.exit_code,
                  "spacy": "spacy" in sys.modules, "pypdf": "pypdf" in sys.modules,
                  "langdetect": "langdetect" in sys.modules}))
"""


def probe(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["rule", "ANX004"]])
def test_informational_commands_import_neither_spacy_nor_pypdf(args):
    seen = probe(*args)
    assert seen["exit"] == 0
    assert not seen["spacy"] and not seen["pypdf"] and not seen["langdetect"]


def test_checks_without_linguistics_do_not_load_spacy():
    seen = probe("check", "--select", "LEN,ANX001,ANX002,ANX004,DOC", str(REPORT))
    assert seen["exit"] == 0 and not seen["spacy"]


def test_pdfium_reads_a_pdf_without_forms_without_importing_pypdf():
    """pypdf (0.05 s to import) is what PDFium's reader falls back on for form XObjects;
    a PDF that has none (this LibreOffice export) is read without it."""
    seen = probe("check", "--select", "LEN,DOC", str(REPORT))
    assert seen["exit"] == 0 and not seen["pypdf"]


def test_section_checks_load_spacy():
    seen = probe("check", "--select", "SEC001", str(REPORT))
    assert seen["exit"] == 0 and seen["spacy"]


LATEX = r"""\documentclass{report}
\usepackage[french]{babel}
\begin{document}
\chapter{Présentation de l'entreprise}
L'entreprise ACME installe des réseaux pour les PME de la région.
\chapter{Activités réalisées}
J'ai configuré un pare-feu et j'ai trouvé ce travail passionnant.
\chapter{Conclusion}
Ce stage m'a permis de découvrir le métier.
\end{document}
"""
MARKDOWN = """# Présentation de l'entreprise

L'entreprise ACME installe des réseaux pour les PME de la région.

# Activités réalisées

J'ai configuré un pare-feu et j'ai trouvé ce travail passionnant.

# Conclusion

Ce stage m'a permis de découvrir le métier.
"""


@pytest.mark.parametrize("name, text", [("rapport.tex", LATEX), ("rapport.md", MARKDOWN)])
def test_source_only_run_imports_no_pdf_library(tmp_path, name, text):
    """A LaTeX or Markdown report that includes no PDF is read without pypdf (the page
    estimate's font widths are shipped data) and, with rules that read no French, without
    spaCy; the section rules need spaCy's lemmas, as for every format."""
    report = tmp_path / name
    report.write_text(text, encoding="utf-8")
    lean = probe("check", "--no-cache", "--timeout", "0", "--select", "LEN,ANX001,ANX002,DOC",
                 str(report))
    assert lean["exit"] in (0, 1)
    assert not lean["spacy"] and not lean["pypdf"]
    full = probe("check", "--no-cache", "--timeout", "0", str(report))
    assert full["exit"] in (0, 1) and full["spacy"] and not full["pypdf"]


CACHE_PROBE = """
import json, sys
from pathlib import Path
import report_lint.cache as cache
from types import SimpleNamespace
config = SimpleNamespace(select=None, ignore=None, lang="fr", settings={})  # not the loader's
key = cache.ResultCache(Path(sys.argv[2])).key(Path(sys.argv[1]), config)
print(json.dumps({"key": key, "modules": sorted(m for m in sys.modules
                                               if m.startswith(("report_lint", "spacy",
                                                                "langdetect")))}))
"""


def test_cache_key_needs_neither_the_rules_nor_the_linguistics(tmp_path):
    """The circle cache -> rules -> nlp -> cache is gone: making a key imports no check."""
    done = subprocess.run([sys.executable, "-c", CACHE_PROBE, str(REPORT), str(tmp_path)],
                          capture_output=True, text=True, check=True)
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(seen["key"]) == 64
    loaded = set(seen["modules"])
    assert "report_lint.cache" in loaded
    assert not loaded & {"report_lint.rules", "report_lint.nlp", "report_lint.language",
                         "report_lint_checks", "spacy", "langdetect"}, loaded


def test_fold_lives_in_textnorm_and_structure_reads_it_there():
    """Folding is text normalisation: the structure stage imports it from textnorm, and
    reading a report's structure needs no spaCy module to fold a title."""
    from report_lint import textnorm

    assert textnorm.fold("Présentation de l’Entreprise") == "presentation de l'entreprise"
    done = subprocess.run(
        [sys.executable, "-c",
         "import sys, json; import report_lint.structure.headings, "
         "report_lint.structure.furniture, report_lint.structure.annexes; "
         "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('spacy', "
         "'langdetect')))))"],
        capture_output=True, text=True, timeout=120, check=True)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_a_result_from_the_cache_does_not_import_the_reader(tmp_path):
    """A re-check answered from the cache unpickles a Report: it needs the model, not the
    reading (outline, annexes, decoder), nor spaCy."""
    probe = ("import sys, json\n"
             "from report_lint.cli import cli\n"
             "try:\n"
             "    cli([\"check\", \"--cache-dir\", sys.argv[2], \"--format\", \"json\", "
             "sys.argv[1]])\n"
             "except SystemExit:\n"
             "    pass\n"
             "print(json.dumps(sorted(m for m in sys.modules if m.startswith("
             "('report_lint.structure', 'spacy')))))\n")
    cache = tmp_path / "cache"
    first = subprocess.run([sys.executable, "-c", probe, str(REPORT), str(cache)],
                           capture_output=True, text=True, timeout=300, check=True)
    assert "report_lint.structure.build" in first.stdout  # the first check reads the file
    again = subprocess.run([sys.executable, "-c", probe, str(REPORT), str(cache)],
                           capture_output=True, text=True, timeout=300, check=True)
    loaded = set(json.loads(again.stdout.strip().splitlines()[-1]))
    assert "report_lint.structure.model" in loaded
    assert not loaded & {"report_lint.structure.build", "report_lint.structure.outline",
                         "report_lint.structure.annexes", "report_lint.structure.decode",
                         "spacy"}, loaded
