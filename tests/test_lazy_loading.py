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
                  "spacy": "spacy" in sys.modules, "pypdf": "pypdf" in sys.modules}))
"""


def probe(*args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--version"], ["rules"], ["rule", "ANX004"]])
def test_informational_commands_import_neither_spacy_nor_pypdf(args):
    seen = probe(*args)
    assert seen["exit"] == 0
    assert not seen["spacy"] and not seen["pypdf"]


def test_checks_without_linguistics_do_not_load_spacy():
    seen = probe("check", "--select", "LEN,ANX001,ANX002,ANX004,DOC", str(REPORT))
    assert seen["exit"] == 0 and seen["pypdf"] and not seen["spacy"]


def test_section_checks_load_spacy():
    seen = probe("check", "--select", "SEC001", str(REPORT))
    assert seen["exit"] == 0 and seen["spacy"]
