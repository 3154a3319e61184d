"""The two PDF backends agree: pypdfium2 (fast, used when installed) against pypdf (reference).

Every PDF fixture (fixtures/reports, fixtures/geometry) goes once through the runner with
each backend forced by ``$REPORT_LINT_PDF_BACKEND``: same findings (codes and pages), page
picture shares within half a percentage point, same sections, annexes and table of contents.
A few synthetic PDFs cover what the fixtures do not: CropBox and /Rotate, decoration
artifacts, unreadable files.
"""

from __future__ import annotations

import io
import json
import os
from pathlib import Path

import pytest

pytest.importorskip("pypdfium2")

from pypdf import PdfReader, PdfWriter  # noqa: E402
from pypdf.generic import (  # noqa: E402
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    RectangleObject,
)

from report_lint.config import load_config  # noqa: E402
from report_lint.findings import UnreadableInput  # noqa: E402
from report_lint.geometry import covered_share  # noqa: E402
from report_lint.parsers import parse_file  # noqa: E402
from report_lint.parsers.pdf_backend import ENV, choose_backend, parse_any_pdf  # noqa: E402
from report_lint.runner import check_file  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "fixtures" / "reports"
GEOMETRY = ROOT / "fixtures" / "geometry"
EXPECTED = json.loads((REPORTS / "expected.json").read_text(encoding="utf-8"))
BACKENDS = ("pypdf", "pdfium")
SHARE_TOLERANCE = 0.005  # half a percentage point

UNREADABLE = sorted(n for n, e in EXPECTED.items()
                    if n.endswith(".pdf") and any(c == "DOC001" for c, _ in e["expected"]))
READABLE = sorted(n for n in EXPECTED if n.endswith(".pdf") and n not in UNREADABLE)
FILES = [REPORTS / n for n in READABLE] + sorted(GEOMETRY.glob("*.pdf"))


def _forced(backend: str):
    class _Env:
        def __enter__(self):
            self.old = os.environ.get(ENV)
            os.environ[ENV] = backend

        def __exit__(self, *exc):
            if self.old is None:
                os.environ.pop(ENV, None)
            else:
                os.environ[ENV] = self.old

    return _Env()


@pytest.fixture(scope="module")
def results():
    """One runner result per (file, backend), computed on first use."""
    cache: dict[tuple[Path, str], object] = {}

    def get(path: Path, backend: str):
        if (path, backend) not in cache:
            with _forced(backend):
                cache[(path, backend)] = check_file(path, load_config(path, lang="fr"))
        return cache[(path, backend)]

    return get


def _findings(result) -> list[tuple[str, int | None]]:
    return sorted((f.code, f.page) for f in result.findings)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_findings(path, results):
    ref, fast = results(path, "pypdf"), results(path, "pdfium")
    assert ref.document.metadata["backend"] == "pypdf"
    assert fast.document.metadata["backend"] == "pdfium"
    assert _findings(fast) == _findings(ref)


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_picture_shares(path, results):
    ref, fast = results(path, "pypdf"), results(path, "pdfium")
    assert ref.document.page_count == fast.document.page_count
    for page_ref, page_fast in zip(ref.document.pages, fast.document.pages):
        assert page_fast.width == pytest.approx(page_ref.width, abs=0.01)
        assert page_fast.height == pytest.approx(page_ref.height, abs=0.01)
        share_ref = covered_share(page_ref.images, page_ref.width, page_ref.height)
        share_fast = covered_share(page_fast.images, page_fast.width, page_fast.height)
        assert share_fast == pytest.approx(share_ref, abs=SHARE_TOLERANCE), page_ref.number
    # what ANX004 reads: the shares once header/footer logos are set aside
    for number, share in ref.report.page_shares.items():
        assert fast.report.page_shares[number] == pytest.approx(share, abs=SHARE_TOLERANCE)


@pytest.mark.parametrize("name", READABLE)
def test_same_structure(name, results):
    ref = results(REPORTS / name, "pypdf").report
    fast = results(REPORTS / name, "pdfium").report
    assert [(s.title, s.role, s.first_page, s.last_page) for s in fast.sections] == \
        [(s.title, s.role, s.first_page, s.last_page) for s in ref.sections]
    assert fast.annex_part_first_page == ref.annex_part_first_page
    assert [(a.title, a.pages) for a in fast.annexes] == [(a.title, a.pages) for a in ref.annexes]
    assert fast.toc_pages == ref.toc_pages
    assert fast.body_pages == ref.body_pages
    assert fast.admin_pages == ref.admin_pages


@pytest.mark.parametrize("name", READABLE)
def test_same_outline_and_metadata(name, results):
    ref = results(REPORTS / name, "pypdf").document
    fast = results(REPORTS / name, "pdfium").document
    assert [(o.title, o.level, o.page) for o in fast.outline] == \
        [(o.title, o.level, o.page) for o in ref.outline]
    for key in ("producer", "creator", "title"):
        assert fast.metadata.get(key) == ref.metadata.get(key)


@pytest.mark.parametrize("name", UNREADABLE)
def test_unreadable_fixtures_give_doc001_with_both(name, results):
    for backend in BACKENDS:
        result = results(REPORTS / name, backend)
        assert [f.code for f in result.findings] == ["DOC001"], backend


# --- selection -----------------------------------------------------------------------------


def test_backend_choice(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert choose_backend() == "pdfium"  # installed here
    assert choose_backend({"pdf_backend": "pypdf"}) == "pypdf"
    monkeypatch.setenv(ENV, "pypdf")
    assert choose_backend({"pdf_backend": "pdfium"}) == "pypdf"
    monkeypatch.setenv(ENV, "PDFium")
    assert choose_backend() == "pdfium"
    monkeypatch.setenv(ENV, "nonsense")
    assert choose_backend() == "pdfium"


def test_parse_file_records_the_backend(monkeypatch):
    monkeypatch.delenv(ENV, raising=False)
    assert parse_file(GEOMETRY / "plain.pdf").metadata["backend"] == "pdfium"
    monkeypatch.setenv(ENV, "pypdf")
    assert parse_file(GEOMETRY / "plain.pdf").metadata["backend"] == "pypdf"


# --- synthetic PDFs ------------------------------------------------------------------------


def _both(path: Path):
    return [parse_any_pdf(path, backend=b) for b in BACKENDS]


def _write(writer: PdfWriter, path: Path) -> Path:
    with path.open("wb") as fh:
        writer.write(fh)
    return path


@pytest.mark.parametrize("rotate", [0, 90, 180, 270])
def test_cropbox_and_rotation_agree(rotate, tmp_path):
    """A CropBox away from the origin and each /Rotate: same size, lines and pictures."""
    source = PdfReader(REPORTS / "anx004-big-picture.pdf")
    writer = PdfWriter()
    for number in (0, len(source.pages) - 2):  # a cover and an annex page with a picture
        writer.add_page(source.pages[number])
    for page in writer.pages:
        page.cropbox = RectangleObject([30, 40, 560, 800])
        page.rotation = rotate
    ref, fast = _both(_write(writer, tmp_path / f"rot{rotate}.pdf"))
    for page_ref, page_fast in zip(ref.pages, fast.pages):
        assert (page_fast.width, page_fast.height) == pytest.approx((page_ref.width, page_ref.height))
        # the runs differ where a space falls (before or after a run boundary)
        assert [_squeezed(ln.text) for ln in page_fast.lines] == \
            [_squeezed(ln.text) for ln in page_ref.lines]
        for ln_ref, ln_fast in zip(page_ref.lines, page_fast.lines):
            assert (ln_fast.x0, ln_fast.top, ln_fast.size, ln_fast.bold) == pytest.approx(
                (ln_ref.x0, ln_ref.top, ln_ref.size, ln_ref.bold), abs=0.05)
        assert covered_share(page_fast.images, page_fast.width, page_fast.height) == \
            pytest.approx(covered_share(page_ref.images, page_ref.width, page_ref.height),
                          abs=SHARE_TOLERANCE)
    assert any(page.images for page in fast.pages)


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _page_with(content: bytes, tmp_path: Path, name: str) -> Path:
    writer = PdfWriter()
    page = writer.add_blank_page(595.28, 841.89)
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    return _write(writer, tmp_path / name)


def test_vector_heuristic_is_shared(tmp_path):
    """A drawn figure counts; a header band, a white box and a pagination artifact do not."""
    content = b"\n".join([
        b"0 0 1 rg 100 400 200 150 re f",  # figure: 200 x 150
        b"0 0 0 RG 2 w 100 400 m 300 550 l S",  # a stroke across it
        b"0.5 g 0 800 595 30 re f",  # header band
        b"1 g 50 50 400 300 re f",  # white: invisible
        b"/Artifact <</Type /Pagination>> BDC 0.2 g 100 100 300 200 re f EMC",
    ])
    ref, fast = _both(_page_with(content, tmp_path, "vector.pdf"))
    share_ref = covered_share(ref.pages[0].images, ref.pages[0].width, ref.pages[0].height)
    share_fast = covered_share(fast.pages[0].images, fast.pages[0].width, fast.pages[0].height)
    assert share_ref == pytest.approx(200 * 151 / (595.28 * 841.89), abs=0.002)
    assert share_fast == pytest.approx(share_ref, abs=SHARE_TOLERANCE)
    assert [p.kind for p in fast.pages[0].images] == ["vector"]


def test_vector_form_counts_by_its_bbox(tmp_path):
    """An included vector figure drawn in a corner of a larger /BBox counts by the BBox."""
    writer = PdfWriter()
    page = writer.add_blank_page(595.28, 841.89)
    form = DecodedStreamObject()
    form.set_data(b"1 0 0 rg 10 10 50 40 re f")
    form.update({
        NameObject("/Type"): NameObject("/XObject"),
        NameObject("/Subtype"): NameObject("/Form"),
        NameObject("/BBox"): RectangleObject([0, 0, 200, 100]),
        NameObject("/Matrix"): ArrayObject(FloatObject(v) for v in (2, 0, 0, 2, 0, 0)),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/XObject"): DictionaryObject({NameObject("/Fm1"): writer._add_object(form)}),
    })
    content = DecodedStreamObject()
    content.set_data(b"q 1 0 0 1 100 300 cm /Fm1 Do Q")
    page[NameObject("/Contents")] = writer._add_object(content)
    ref, fast = _both(_write(writer, tmp_path / "form.pdf"))
    area = 400 * 200 / (595.28 * 841.89)
    for doc in (ref, fast):
        page = doc.pages[0]
        assert [p.kind for p in page.images] == ["form"]
        assert covered_share(page.images, page.width, page.height) == pytest.approx(area, abs=1e-3)


def _encrypted(password: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(GEOMETRY / "plain.pdf"))
    writer.encrypt(user_password=password, owner_password="owner-" + password,
                   algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _no_pages() -> bytes:
    out = io.BytesIO()
    PdfWriter().write(out)
    return out.getvalue()


def _garbled(data: bytes) -> bytes:
    cut = data.rfind(b"startxref")
    return data[:20] + bytes(b ^ 0x5A for b in data[20:cut]) + data[cut:]


BAD = {
    "empty": (lambda d: b"", "empty"),
    "not_pdf": (lambda d: b"Rapport de stage\n" * 40, "not_pdf"),
    "truncated": (lambda d: d[: len(d) // 2], "truncated"),
    "encrypted": (lambda d: _encrypted("secret"), "encrypted"),
    "no_pages": (lambda d: _no_pages(), "no_pages"),
    "garbled": (_garbled, "corrupt"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_same_unreadable_reasons(case, tmp_path):
    make, reason = BAD[case]
    target = tmp_path / f"{case}.pdf"
    target.write_bytes(make((GEOMETRY / "plain.pdf").read_bytes()))
    for backend in BACKENDS:
        with pytest.raises(UnreadableInput) as caught:
            parse_any_pdf(target, backend=backend)
        assert caught.value.reason == reason, backend


def test_empty_user_password_is_read_by_both(tmp_path):
    target = tmp_path / "open.pdf"
    target.write_bytes(_encrypted(""))
    ref, fast = _both(target)
    assert fast.page_count == ref.page_count == 1
    assert [ln.text for ln in fast.pages[0].lines] == [ln.text for ln in ref.pages[0].lines]
    assert len(fast.pages[0].images) == len(ref.pages[0].images) == 1


def test_too_many_pages(tmp_path, monkeypatch):
    import report_lint.parsers.pdf as reference

    monkeypatch.setattr(reference, "MAX_PAGES", 3)
    for backend in BACKENDS:
        with pytest.raises(UnreadableInput) as caught:
            parse_any_pdf(REPORTS / "compliant-lo.pdf", backend=backend)
        assert caught.value.reason == "too_many_pages"
