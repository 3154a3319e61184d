"""Parts of ``report-lint serve`` on their own: the language of a request, the type of an
upload from its bytes, the name shown, and what a worker keeps (nothing of a report: no
LibreOffice memo, replaced after ``RECYCLE_AFTER`` checks)."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest

pytest.importorskip("starlette")
pytest.importorskip("python_multipart")

from starlette.requests import Request  # noqa: E402

from report_lint.config import load_config  # noqa: E402
from report_lint.parsers import render  # noqa: E402
from report_lint.serve import pool as pool_module  # noqa: E402
from report_lint.serve.api import request_lang  # noqa: E402
from report_lint.serve.upload import display_name, kind_of  # noqa: E402

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


def _request(query: str = "", accept: str | None = None) -> Request:
    headers = [(b"accept-language", accept.encode())] if accept is not None else []
    return Request({"type": "http", "method": "GET", "path": "/", "query_string":
                    query.encode(), "headers": headers})


@pytest.mark.parametrize("query, accept, field, want", [
    ("", None, None, "fr"),
    ("", "en-US,en;q=0.9", None, "en"),
    ("", "de-DE,de;q=0.9,en;q=0.8,fr;q=0.7", None, "en"),
    ("", "en;q=0.3, fr-CA", None, "fr"),
    ("", "es, it", None, "fr"),
    ("", "en;q=x, fr;q=0.5", None, "fr"),
    ("lang=en", "fr", None, "en"),
    ("lang=en", "fr", "fr", "fr"),
    ("lang=xx", "en", None, "en"),
])
def test_request_language(query, accept, field, want):
    assert request_lang(_request(query, accept), field) == want


def test_type_comes_from_the_bytes():
    assert kind_of((REPORTS / "compliant-lo.pdf").read_bytes()[:1024]) == "pdf"
    assert kind_of(b"\n\n%PDF-1.4 after some junk") == "pdf"
    assert kind_of((REPORTS / "compliant-lo.docx").read_bytes()[:1024]) == "office"
    assert kind_of((REPORTS / "compliant-lo.odt").read_bytes()[:1024]) == "office"
    assert kind_of(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100) == "office"  # .doc
    for other in (b"", b"<!DOCTYPE html>", b"\x89PNG\r\n\x1a\n", b"{\\rtf1"):
        assert kind_of(other) is None


def test_the_name_is_only_shown():
    assert display_name("../../etc/passwd") == "passwd"
    assert display_name("C:\\Users\\Léa\\Rapport final.docx") == "Rapport final.docx"
    assert display_name("a\nb\x00c.pdf") == "abc.pdf"
    assert display_name("") == display_name(None) == display_name("/") == "rapport"
    assert len(display_name("x" * 500 + ".pdf")) <= 120


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="needs LibreOffice")
def test_no_layout_is_kept_when_the_memo_is_off(monkeypatch):
    monkeypatch.setattr(render, "MEMO_SIZE", 0)
    monkeypatch.setattr(render, "_MEMO", type(render._MEMO)())
    soffice = render.find_soffice()
    document = render.render_to_document(soffice, (REPORTS / "compliant-lo.docx").read_bytes(),
                                         "docx")
    assert document.page_count > 20 and document.rendered_pdf
    assert len(render._MEMO) == 0


def test_a_worker_is_replaced_after_its_checks(monkeypatch, tmp_path):
    monkeypatch.setattr(pool_module, "RECYCLE_AFTER", 2)
    config = load_config(tmp_path, select=["ANX004", "DOC001"])
    path = REPORTS / "anx004-big-picture.pdf"

    async def scenario() -> list[tuple[int, list]]:
        pool = pool_module.CheckPool(1, 0, 60, 2048)
        seen = []
        try:
            await pool.start()
            for _ in range(3):
                pid = pool.workers[0].worker.process.pid
                outcome = await pool.run(path, config)
                seen.append((pid, [(f.code, f.page) for f in outcome.value.findings]))
                while pool._idle.qsize() == 0:  # the replacement is starting
                    await asyncio.sleep(0.05)
        finally:
            pool.close()
        return seen

    seen = asyncio.run(asyncio.wait_for(scenario(), 240))
    assert [findings for _, findings in seen] == [[("ANX004", 27)]] * 3
    first, second, third = (pid for pid, _ in seen)
    assert first == second != third
