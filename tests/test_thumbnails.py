"""The real pages drawn for the HTML pages (report_lint/thumbnails.py): PDFium's pictures
of the annex pages and of the pages findings point at, as PNG files any decoder reads."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from report_lint import thumbnails
from report_lint.config import load_config
from report_lint.runner import check_file

Image = pytest.importorskip("PIL.Image")
pytest.importorskip("pypdfium2")

REPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "reports"


def _config(tmp_path, **settings):
    config = load_config(tmp_path, select=["ANX004", "DOC001"])  # no spaCy needed
    config.settings.update(settings)
    return config


def _pixels(picture) -> list:
    return [picture.getpixel((x, y)) for y in range(picture.height) for x in range(picture.width)]


def test_png_round_trip_through_pillow():
    width, height = 7, 3
    grey = bytes(range(0, 21 * 12, 12))
    stride = 8  # rows padded, as PDFium pads them
    buffer = b"".join(grey[y * width:(y + 1) * width] + b"\xff" for y in range(height))
    picture = Image.open(io.BytesIO(thumbnails.png(buffer, width, height, stride, 1)))
    assert picture.size == (width, height) and picture.mode == "L"
    assert _pixels(picture) == list(grey)
    rgb = bytes([10, 20, 30] * 4)
    picture = Image.open(io.BytesIO(thumbnails.png(rgb, 2, 2, 6, 3)))
    assert picture.mode == "RGB" and _pixels(picture) == [(10, 20, 30)] * 4


def test_annex_pages_of_a_pdf_are_drawn(tmp_path):
    path = REPORTS / "anx004-big-picture.pdf"
    result = thumbnails.attach(check_file(path, _config(tmp_path)), path)
    assert [f.page for f in result.findings] == [27]
    assert sorted(result.thumbnails) == [26, 27, 28] == thumbnails.pages_to_draw(result)
    picture = Image.open(io.BytesIO(result.thumbnails[27])).convert("RGB")
    assert picture.width == thumbnails.WIDTH
    assert abs(picture.height / picture.width - 842 / 595) < 0.02
    colours = picture.getcolors(maxcolors=1 << 20)
    assert len(colours) > 20 and max(colours)[0] < 0.95 * picture.width * picture.height


def test_a_page_a_finding_points_at_is_drawn(tmp_path):
    path = REPORTS / "len001-34-pages.pdf"
    config = load_config(tmp_path, select=["LEN001", "ANX004"])
    result = check_file(path, config)
    pages = {f.page for f in result.findings if f.page is not None}
    annex_pages = {p for a in result.report.annexes for p in a.pages}
    assert pages - annex_pages  # LEN001 points at a body page
    result = thumbnails.attach(result, path)
    assert set(result.thumbnails) == (pages | annex_pages)


def test_unreadable_file_has_no_thumbnail(tmp_path):
    path = REPORTS / "doc001-truncated.pdf"
    result = thumbnails.attach(check_file(path, _config(tmp_path)), path)
    assert result.thumbnails == {}


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="needs LibreOffice")
def test_docx_pages_come_from_libreoffice_layout_then_the_pdf_is_dropped(tmp_path):
    path = REPORTS / "anx004-big-picture.docx"
    result = check_file(path, _config(tmp_path, render="always"))
    assert result.document.rendered_pdf is not None  # LibreOffice's PDF, kept until drawn
    result = thumbnails.attach(result, path)
    assert result.document.rendered_pdf is None
    assert len(result.thumbnails) == 3
    assert all(Image.open(io.BytesIO(png)).width == thumbnails.WIDTH
               for png in result.thumbnails.values())
