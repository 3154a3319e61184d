"""Tests of report_lint.pdf_layout on PDFs made by pdflatex (fixtures/geometry).

Each fixture is one page holding pictures of a known size; the expected share is computed
here by hand from the sizes in the ``.tex`` sources (A4 = 210 x 297 mm = 62370 mm2).
Regenerate the PDFs with ``python fixtures/geometry/build.py``. A few robustness tests build
small synthetic PDFs with pypdf instead (self-drawing forms, garbage operators).
"""

from __future__ import annotations

import time
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    RectangleObject,
    StreamObject,
)

from report_lint.geometry import apply, covered_share
from report_lint.pdf_layout import (
    LayoutError,
    analyse_page,
    page_display_box,
    page_picture_share,
    page_pictures,
)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "geometry"
A4 = 210 * 297  # mm2
A4_W, A4_H = 595.276, 841.89
MM = 72 / 25.4
TOLERANCE = 0.01  # one percentage point


def first_page(name: str):
    return PdfReader(FIXTURES / f"{name}.pdf").pages[0]


EXPECTED = {
    # name: (expected share, kinds of the pictures found)
    "plain": (100 * 80 / A4, ["raster"]),
    "form": (75 * 60 / A4, ["raster"]),  # image inside a Form XObject, scaled 150 %
    "rotated": (100 * 80 / A4, ["raster"]),  # angle=30: the quadrilateral, not its bbox
    "cropped": (100 * 80 / A4, ["raster"]),  # trim + clip: the visible part only
    "overlap": ((100 * 80 * 2 - 50 * 60) / A4, ["raster", "raster"]),  # union, not sum
    "rotate90": ((100 * 80 * 2 - 50 * 60) / A4, ["raster", "raster"]),  # /Rotate 90
    "offpage": (50 * 80 / A4, ["raster"]),  # half of it beyond the left edge
    "table": (0.0, []),  # rules, shading, underline, highlight, frame, header band
    "vector": (100 * 60 / A4, ["vector"]),  # TikZ figure by its bounding box
    "vector_form": (100 * 100 / A4, ["form"]),  # included vector PDF: by its BBox
    "includepdf": (80 * 60 / A4, ["raster"]),  # whole text page: only its picture counts
    "inline": (100 * 80 / A4, ["inline"]),  # BI ... ID ... EI
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_share(name):
    expected, kinds = EXPECTED[name]
    page = first_page(name)
    layout = analyse_page(page)
    assert layout.share == pytest.approx(expected, abs=TOLERANCE)
    assert sorted(p.kind for p in layout.pictures) == kinds
    assert not layout.truncated and not layout.problems
    assert page_picture_share(page) == pytest.approx(layout.share)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture_is_fast(name):
    page = first_page(name)
    start = time.perf_counter()
    layout = analyse_page(page)
    layout.share  # noqa: B018 - measured too
    assert time.perf_counter() - start < 0.25  # a few ms in practice


def test_plain_picture_position_in_display_space():
    (pic,) = page_pictures(first_page("plain"))
    x0, y0, x1, y1 = pic.bbox
    assert x1 - x0 == pytest.approx(100 * MM, abs=0.1)
    assert y1 - y0 == pytest.approx(80 * MM, abs=0.1)
    # geometry margin is 20 mm; the picture follows one line of text: near the top, y down
    assert x0 == pytest.approx(20 * MM + 15, abs=5)  # paragraph indent ~15 pt
    assert 20 * MM < y0 < 20 * MM + 40


def test_rotated_picture_is_a_rotated_quadrilateral():
    (pic,) = page_pictures(first_page("rotated"))
    x0, y0, x1, y1 = pic.bbox
    assert (x1 - x0) * (y1 - y0) > 1.5 * (100 * MM) * (80 * MM)
    assert len({round(x) for x, _ in pic.points}) == 4


def test_cropped_picture_is_drawn_whole_inside_a_clip():
    (pic,) = page_pictures(first_page("cropped"))
    assert pic.clips
    whole = covered_share([type(pic)(pic.points)], A4_W, A4_H)
    assert whole > 0.3  # the image drawn is 200 x 160 mm, partly off the page


def test_image_in_form_is_clipped_by_bbox_and_scaled():
    (pic,) = page_pictures(first_page("form"))
    assert len(pic.clips) == 1  # the form's /BBox
    x0, y0, x1, y1 = pic.bbox
    assert (x1 - x0, y1 - y0) == pytest.approx((75 * MM, 60 * MM), abs=0.2)


def test_rotate90_maps_into_rotated_display_space():
    flat = page_pictures(first_page("overlap"))
    page = first_page("rotate90")
    width, height, _ = page_display_box(page)
    assert (width, height) == pytest.approx((A4_H, A4_W))
    turned = page_pictures(page)
    for a, b in zip(flat, turned):
        # a clockwise quarter turn sends (x, y) to (H - y, x)
        expected = [v for x, y in a.points for v in (A4_H - y, x)]
        assert [v for pt in b.points for v in pt] == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize("angle", [0, 90, 180, 270])
def test_display_box_rotation_and_cropbox(angle):
    writer = PdfWriter(clone_from=PdfReader(FIXTURES / "offpage.pdf"))
    page = writer.pages[0]
    page.cropbox = RectangleObject([10, 20, 510, 720])  # 500 x 700 visible
    page.rotation = angle
    reader = PdfReader(_to_bytes(writer))
    width, height, matrix = page_display_box(reader.pages[0])
    if angle in (90, 270):
        assert (width, height) == pytest.approx((700, 500))
    else:
        assert (width, height) == pytest.approx((500, 700))
    corners = {0: (0, 0), 90: (width, 0), 180: (width, height), 270: (0, height)}
    # the CropBox's top-left corner (10, 720) is shown where the rotation puts it
    assert apply(matrix, 10, 720) == pytest.approx(corners[angle])
    share = analyse_page(reader.pages[0]).share
    # offpage: 50 x 80 mm visible from x=0; the CropBox cuts 10 pt more on the left
    visible = (50 * MM - 10) * 80 * MM / (500 * 700)
    assert share == pytest.approx(visible, abs=TOLERANCE)


def test_table_page_collects_text_points():
    layout = analyse_page(first_page("table"))
    assert layout.pictures == []
    assert len(layout.text_points) > 5
    assert all(0 <= x <= A4_W and 0 <= y <= A4_H for x, y in layout.text_points)


# --- robustness on synthetic PDFs --------------------------------------------------------------


def _to_bytes(writer: PdfWriter) -> BytesIO:
    buf = BytesIO()
    writer.write(buf)
    buf.seek(0)
    return buf


def _form(writer, content: bytes, bbox=(0, 0, 100, 100), xobjects=None):
    form = DecodedStreamObject()
    form.set_data(content)
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in bbox)
    ref = writer._add_object(form)
    if xobjects is not None:
        form[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject(k): v for k, v in xobjects.items()})}
        )
    return form, ref


def _image(writer):
    img = StreamObject()
    img._data = b"\x00\xff\x00\xff"
    for k, v in {"/Type": "/XObject", "/Subtype": "/Image", "/ColorSpace": "/DeviceGray"}.items():
        img[NameObject(k)] = NameObject(v)
    for k in ("/Width", "/Height"):
        img[NameObject(k)] = FloatObject(2)
    img[NameObject("/BitsPerComponent")] = FloatObject(8)
    return writer._add_object(img)


def _page_with(content: bytes, xobjects=None, size=(200, 200), build=None):
    writer = PdfWriter()
    page = writer.add_blank_page(*size)
    xobjects = dict(xobjects or {})
    if build:
        xobjects.update(build(writer))
    stream = DecodedStreamObject()
    stream.set_data(content)
    page[NameObject("/Contents")] = writer._add_object(stream)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/XObject"): DictionaryObject({NameObject(k): v for k, v in xobjects.items()})}
    )
    return PdfReader(_to_bytes(writer)).pages[0]


def test_self_drawing_form_does_not_loop():
    def build(writer):
        form, ref = _form(writer, b"q 50 0 0 50 0 0 cm /Im Do Q /Self Do")
        form[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/XObject"): DictionaryObject({NameObject("/Self"): ref, NameObject("/Im"): _image(writer)})}
        )
        return {"/Fm": ref}

    page = _page_with(b"/Fm Do", build=build)
    layout = analyse_page(page)
    assert [p.kind for p in layout.pictures] == ["raster"]
    assert layout.share == pytest.approx(2500 / 40000)


def test_deep_nesting_stops_at_max_depth():
    def build(writer):
        ref = _image(writer)
        name = "/Im"
        content = b"q 10 0 0 10 0 0 cm /Im Do Q"
        for _ in range(20):  # 20 nested forms, each drawing the next
            _, ref = _form(writer, content, bbox=(0, 0, 200, 200), xobjects={name: ref})
            name, content = "/Fx", b"/Fx Do"
        return {"/Fx": ref}

    page = _page_with(b"/Fx Do", build=build)
    layout = analyse_page(page, max_depth=5)
    assert layout.truncated and layout.pictures == []
    assert len(analyse_page(page, max_depth=30).pictures) == 1


def test_odd_operators_and_operands_are_skipped():
    content = (
        b"Q Q q 1 2 re W n 0 0 10 20 re W n BT (x) Tj ET /Nope Do /Nope2 Do 5 cm (a) (b) cm foo bar 1 2 m f "
        b"q 100 0 0 50 0 0 cm BI /W 2 /H 2 /CS /G /BPC 8 /F /AHx ID 00FF00FF> EI Q "
        b"/Im Do /NotAnImage Do 1 1 1 rg 0 0 200 200 re f"
    )

    def build(writer):
        return {"/Im": _image(writer), "/NotAnImage": _form(writer, b"")[1]}

    layout = analyse_page(_page_with(content, build=build))
    # the inline image is drawn inside the 10 x 20 pt clip set at the start; the raster
    # image, at the identity CTM (the bad "cm" are skipped), is a 1 pt square inside it
    assert [p.kind for p in layout.pictures] == ["inline", "raster"]
    assert all(len(p.clips) == 1 for p in layout.pictures)
    assert layout.share == pytest.approx(200 / 40000, abs=1e-6)


def test_max_ops_bounds_the_work():
    content = b"0 0 m 1 1 l S " * 5000 + b"q 100 0 0 100 0 0 cm /Im Do Q"
    page = _page_with(content, build=lambda w: {"/Im": _image(w)})
    assert not analyse_page(page).truncated
    layout = analyse_page(page, max_ops=1000)
    assert layout.truncated and layout.pictures == []


def test_unreadable_stream_raises_layout_error():
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    stream = StreamObject()
    stream._data = b"abc"
    stream[NameObject("/Filter")] = NameObject("/NoSuchFilter")
    page[NameObject("/Contents")] = writer._add_object(stream)
    broken = PdfReader(_to_bytes(writer)).pages[0]
    with pytest.raises(LayoutError):
        analyse_page(broken)


def test_vector_heuristic_on_synthetic_page():
    content = (
        b"BT /F1 10 Tf 20 150 Td (highlighted) Tj ET "
        b"0.9 0.9 0 rg 15 145 80 15 re f "  # highlight around the text: dropped
        b"0 0 1 rg 10 10 180 1 re f "  # thin rule: dropped
        b"1 1 1 rg 0 0 200 200 re f "  # white background: dropped
        b"0.5 g 0 190 200 10 re f "  # header band (top 5 %): dropped
        b"1 0 0 rg 40 40 30 30 re f 72 45 20 20 re f "  # two touching squares: one figure
        b"0 0 0 RG 2 w 120 40 m 160 80 l S "  # a diagonal stroke elsewhere: another figure
    )
    layout = analyse_page(_page_with(content))
    boxes = sorted(p.bbox for p in layout.pictures)
    assert [p.kind for p in layout.pictures] == ["vector", "vector"]
    # display space: y downward, so 40..70 in PDF space is 130..160
    assert boxes[0] == pytest.approx((40, 130, 92, 160))
    assert boxes[1] == pytest.approx((119, 119, 161, 161), abs=0.5)


def test_forms_and_artifacts_go_through_the_same_filter():
    def build(writer):
        band = _form(writer, b"0.2 0.2 0.8 rg 0 0 200 12 re f", bbox=(0, 0, 200, 12))[1]
        shade = _form(writer, b"0.9 g 10 100 120 20 re f", bbox=(0, 0, 200, 200))[1]
        figure = _form(writer, b"1 0 0 rg 20 20 m 60 20 l 40 50 l f", bbox=(0, 0, 200, 200))[1]
        return {"/Band": band, "/Shade": shade, "/Fig": figure}

    content = (
        b"q 1 0 0 1 0 188 cm /Band Do Q "  # header band wrapped in a form: dropped
        b"/Shade Do BT 15 105 Td (shaded text) Tj ET "  # shading in a form, text outside
        b"/Artifact <</Type /Pagination>> BDC 0 g 20 150 100 30 re f EMC "  # tagged decoration
        b"/Fig Do"  # a vector-only form: counted by its BBox (rules.md)
    )
    layout = analyse_page(_page_with(content, build=build))
    assert [p.kind for p in layout.pictures] == ["form"]
    assert layout.share == pytest.approx(1.0, abs=1e-6)  # its BBox is the whole page


def test_huge_numbers_do_not_crash():
    content = (
        b"q 1e308 0 0 1e308 0 0 cm 0 0 m 1 1 l 0 1 l f /Im Do Q "
        b"q 1e308 0 0 1e308 0 0 cm 10 0 0 10 0 0 cm 1 0 0 1 -1e308 5 cm 0 0 m 1 1 l 0 1 l f /Im Do Q "
        b"q 1 0 0 1 0 0 cm 0 0 1e300 1e300 re W n 0 0 m 10 10 l 0 10 l f Q"
    )
    layout = analyse_page(_page_with(content, build=lambda w: {"/Im": _image(w)}))
    assert 0.0 <= layout.share <= 1.0
