"""A copy of the report with each finding as a PDF note on its page, to send back to the student.

Each finding becomes a *Text* annotation (a sticky note, the kind every PDF reader shows and
lets you open) in the top-right margin of its page, as displayed (CropBox and ``/Rotate``
taken into account); findings about the whole report go on the first page. The note's colour
says the severity. The original file is read once, into memory, and never written to: the
copy is written beside the target under a temporary name, then renamed.
"""

from __future__ import annotations

import io
import os
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable

from report_lint.geometry import apply
from report_lint.pdf_layout import page_display_box

AUTHOR = "report-lint"
COLOURS = {"error": (0.85, 0.1, 0.1), "warning": (0.95, 0.6, 0.0), "info": (0.2, 0.4, 0.9)}
LABELS = {
    "fr": {"error": "erreur", "warning": "avertissement", "info": "info"},
    "en": {"error": "error", "warning": "warning", "info": "info"},
}
ICON = 20.0  # points
MARGIN = 8.0


class AnnotateError(Exception):
    """The copy cannot be made (not a PDF pypdf can read, same file as the original...)."""


def _invert(m: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = m
    det = a * d - b * c
    ia, ib, ic, id_ = d / det, -b / det, -c / det, a / det
    return (ia, ib, ic, id_, -(e * ia + f * ic), -(e * ib + f * id_))


def note_text(finding: Any, lang: str = "fr") -> str:
    severity = getattr(finding.severity, "value", finding.severity)
    label = LABELS.get(lang, LABELS["fr"]).get(severity, severity)
    return f"{finding.code} [{label}] {finding.message}"


def annotate_pdf(source: str | Path, findings: Iterable[Any], target: str | Path, *,
                 lang: str = "fr") -> int:
    """Write ``target``: ``source`` with one note per finding. Returns the number of notes."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Text
    from pypdf.generic import ArrayObject, FloatObject, NameObject, TextStringObject

    source, target = Path(source), Path(target)
    if target.exists() and os.path.samefile(source, target) or \
            source.resolve() == target.resolve():
        raise AnnotateError(f"{target}: the annotated copy must not replace the original")
    data = source.read_bytes()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise AnnotateError(f"{source}: the PDF is password-protected")
        writer = PdfWriter(clone_from=reader)
    except AnnotateError:
        raise
    except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds for a damaged file
        raise AnnotateError(f"{source}: cannot read the PDF ({type(exc).__name__}: {exc})") from None

    by_page: dict[int, list[Any]] = defaultdict(list)
    count = len(writer.pages)
    for finding in findings:
        page = finding.page if finding.page and 1 <= finding.page <= count else 1
        by_page[page].append(finding)

    notes = 0
    for number, page_findings in sorted(by_page.items()):
        page = writer.pages[number - 1]
        width, height, to_display = page_display_box(page)
        to_user = _invert(to_display)
        for i, finding in enumerate(page_findings):
            # Display space: top-right margin, one icon under the other.
            x0 = width - MARGIN - ICON
            y0 = MARGIN + i * (ICON + 4) % max(ICON, height - 2 * MARGIN - ICON)
            corners = [apply(to_user, x, y) for x, y in ((x0, y0), (x0 + ICON, y0 + ICON))]
            xs, ys = [p[0] for p in corners], [p[1] for p in corners]
            rect = (min(xs), min(ys), max(xs), max(ys))
            annotation = Text(rect=rect, text=note_text(finding, lang), open=False)
            severity = getattr(finding.severity, "value", finding.severity)
            annotation[NameObject("/T")] = TextStringObject(AUTHOR)
            annotation[NameObject("/Subj")] = TextStringObject(finding.code)
            annotation[NameObject("/Name")] = NameObject("/Comment")
            annotation[NameObject("/C")] = ArrayObject(
                FloatObject(v) for v in COLOURS.get(severity, (0.5, 0.5, 0.5)))
            writer.add_annotation(number - 1, annotation)
            notes += 1

    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".report-lint-", suffix=".pdf", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            writer.write(handle)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return notes
