"""Bad PDFs: one DOC001 line, exit status 2, no traceback, the input left untouched."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader, PdfWriter

from report_lint.cli import cli

GOOD = Path(__file__).resolve().parent.parent / "fixtures" / "reports" / "compliant-lo.pdf"


def _encrypted(password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(GOOD))
    writer.encrypt(user_password=password, owner_password="prof-" + password,
                   algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _flipped(data: bytes) -> bytes:
    """Overwrite the cross-reference table and trailer dictionary area with garbage."""
    cut = data.rfind(b"startxref")
    return data[:20] + bytes(b ^ 0x5A for b in data[20:cut]) + data[cut:]


BAD = {
    "truncated.pdf": lambda d: d[: int(len(d) * 0.6)],
    "empty.pdf": lambda d: b"",
    "random.pdf": lambda d: os.urandom(4096),
    "renamed-text.pdf": lambda d: "Rapport de stage\n".encode() * 40,
    "scrambled.pdf": _flipped,
    "password.pdf": lambda d: _encrypted("secret"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_pdf_gives_one_doc001_and_exit_2(name, tmp_path):
    target = tmp_path / name
    target.write_bytes(BAD[name](GOOD.read_bytes()))
    before = hashlib.sha256(target.read_bytes()).hexdigest()
    result = CliRunner().invoke(cli, ["check", "--lang", "fr", str(target)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    doc_lines = [ln for ln in result.output.splitlines() if "DOC001" in ln]
    assert len(doc_lines) == 1, result.output
    assert hashlib.sha256(target.read_bytes()).hexdigest() == before


def test_password_message_says_password(tmp_path):
    target = tmp_path / "protege.pdf"
    target.write_bytes(_encrypted("secret"))
    result = CliRunner().invoke(cli, ["check", "--lang", "fr", str(target)])
    assert "mot de passe" in result.output


def test_empty_user_password_is_read_normally(tmp_path):
    target = tmp_path / "copie.pdf"
    target.write_bytes(_encrypted(""))
    result = CliRunner().invoke(cli, ["check", "--lang", "fr", "--format", "json", str(target)])
    assert result.exit_code == 0, result.output
    assert "DOC001" not in result.output
