"""Fuzzing the parsers (issue 7): mutated fixture files must give a Document or the linter's
own ``UnreadableInput``, nothing else: no other exception, no crash of the process, no hang.

Inputs are the good fixtures (a LibreOffice PDF, a pdflatex PDF, DOCX, ODT) and small
hand-made PDFs (forms, an image), mutated by hypothesis: bytes flipped, cut, spliced
(a chunk copied elsewhere), deleted, inserted; for DOCX/ODT also inside a member of the
package (then zipped again), so that the XML readers see damaged XML, not only bad CRCs.
Every parser runs on each input: both PDF backends; DOCX/ODT without rendering.

Parsers run in a child process (:class:`report_lint.workers.Isolated`), so that a
segmentation fault or an endless loop in PDFium fails the test with the input saved instead
of killing or hanging pytest.

``REPORT_LINT_FUZZ_EXAMPLES`` sets the number of inputs per seed kind (default 25: the CI
budget); ``REPORT_LINT_FUZZ_LOG`` names a file to which the counts are appended.
"""

from __future__ import annotations

import collections
import io
import os
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))
import badinputs  # noqa: E402

EXAMPLES = int(os.environ.get("REPORT_LINT_FUZZ_EXAMPLES", "25"))
PER_INPUT_TIMEOUT = 60.0
REPOS = Path(__file__).resolve().parent.parent / "fixtures" / "repos"
FAILURES = Path(tempfile.gettempdir()) / "report-lint-fuzz-failures"

SEEDS = {
    "lo.pdf": badinputs.GOOD_PDF.read_bytes(),
    "latex.pdf": badinputs.GOOD_LATEX_PDF.read_bytes(),
    "minimal.pdf": badinputs.pdf_minimal(),
    "forms.pdf": badinputs.pdf_mutual_forms(),
    "image.pdf": badinputs.pdf_huge_image(200, 100),
    "report.docx": badinputs.GOOD_DOCX.read_bytes(),
    "report.odt": badinputs.GOOD_ODT.read_bytes(),
    # Sources: one file each (its includes and pictures are missing, as in a lone upload).
    "report.tex": (REPOS / "latex-report" / "main.tex").read_bytes().replace(
        b"\\end{document}",
        (REPOS / "latex-report" / "chapters" / "entreprise.tex").read_bytes()
        + b"\n\\end{document}"),
    "report.md": (REPOS / "markdown-report" / "04-activites.md").read_bytes(),
}
KINDS = {"pdf": [k for k in SEEDS if k.endswith(".pdf")], "docx": ["report.docx"],
         "odt": ["report.odt"], "sources": ["report.tex", "report.md"]}
COUNTS: collections.Counter = collections.Counter()


# -- what runs in the child ---------------------------------------------------------------

def parse_everything(data: bytes, suffix: str) -> list[str]:
    """Every parser on ``data``: what each said (``ok N pages`` or ``unreadable REASON``).
    Any other exception propagates (and fails the test)."""
    from report_lint.findings import UnreadableInput

    with tempfile.TemporaryDirectory(prefix="report-lint-fuzz-") as tmp:
        path = Path(tmp) / f"fuzz{suffix}"
        path.write_bytes(data)
        if suffix == ".pdf":
            from report_lint.parsers.pdf import parse_pdf as with_pypdf
            from report_lint.parsers.pdf_pdfium import parse_pdf as with_pdfium

            readers = [("pypdf", lambda: with_pypdf(path)), ("pdfium", lambda: with_pdfium(path))]
        else:
            from report_lint.parsers import parse_file

            readers = [(suffix[1:], lambda: parse_file(path, {"render": "never"}))]
        said = []
        for name, read in readers:
            try:
                document = read()
            except UnreadableInput as exc:
                said.append(f"{name}: unreadable {exc.reason}")
            else:
                assert document.pages is not None
                said.append(f"{name}: ok {len(document.pages)} pages")
        assert path.read_bytes() == data, "a parser changed its input"
        return said


# -- mutations ------------------------------------------------------------------------------

def _at(data: bytes, where: float) -> int:
    return min(len(data) - 1, max(0, int(where * len(data)))) if data else 0


def mutate(data: bytes, ops: list[tuple]) -> bytes:
    buf = bytearray(data)
    for op in ops:
        if not buf:
            break
        kind = op[0]
        if kind == "flip":
            _, where, mask, count = op
            start = _at(buf, where)
            for i in range(start, min(len(buf), start + count)):
                buf[i] ^= mask
        elif kind == "cut":
            buf = buf[:_at(buf, op[1])]
        elif kind == "splice":
            _, src, dst, length = op
            s, d = _at(buf, src), _at(buf, dst)
            buf[d:d] = buf[s:s + length]
        elif kind == "delete":
            _, where, length = op
            s = _at(buf, where)
            del buf[s:s + length]
        elif kind == "insert":
            _, where, chunk = op
            s = _at(buf, where)
            buf[s:s] = chunk
    return bytes(buf)


def mutate_member(package: bytes, member_pick: float, ops: list[tuple]) -> bytes:
    """Mutate one member of a ZIP package, then zip it again (valid CRCs)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        members = {i.filename: archive.read(i) for i in archive.infolist()}
    xml = [n for n in members if n.endswith((".xml", ".rels"))]
    name = xml[min(len(xml) - 1, int(member_pick * len(xml)))]
    members[name] = mutate(members[name], ops)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, content in members.items():
            archive.writestr(member, content, compress_type=zipfile.ZIP_STORED
                             if member == "mimetype" else zipfile.ZIP_DEFLATED)
    return out.getvalue()


where = st.floats(min_value=0, max_value=1, allow_nan=False)
TOKENS = [b"obj", b"endobj", b"stream", b"endstream", b"<<", b">>", b"[", b"]", b"R", b" 0 ",
          b"/Kids", b"/Count 99999", b"/Length 0", b"Do", b"q", b"Q", b"cm", b"BT", b"ET",
          b"<!DOCTYPE a [<!ENTITY x \"y\">]>", b"<w:p>", b"</w:p>", b"<text:p>", b"&amp;",
          b"\x00", b"\xff" * 8, b"%%EOF", b"xref", b"trailer", b"-1", b"1e308", b"9" * 40]
op = st.one_of(
    st.tuples(st.just("flip"), where, st.integers(1, 255), st.integers(1, 64)),
    st.tuples(st.just("cut"), where),
    st.tuples(st.just("splice"), where, where, st.integers(1, 4096)),
    st.tuples(st.just("delete"), where, st.integers(1, 4096)),
    st.tuples(st.just("insert"), where, st.one_of(st.sampled_from(TOKENS),
                                                  st.binary(min_size=1, max_size=64))),
)
ops = st.lists(op, min_size=1, max_size=4)


# -- the tests ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def child():
    from report_lint import workers

    with workers.Isolated(parse_everything, timeout=PER_INPUT_TIMEOUT, memory_mb=2048) as iso:
        yield iso
    line = (f"fuzz: {sum(v for k, v in COUNTS.items() if k[0] == 'tried')} inputs tried; "
            + "; ".join(f"{k[1]}: {v}" for k, v in sorted(COUNTS.items()) if k[0] == "said"))
    print("\n" + line)
    if os.environ.get("REPORT_LINT_FUZZ_LOG"):
        with open(os.environ["REPORT_LINT_FUZZ_LOG"], "a", encoding="utf-8") as fh:
            fh.write(line + "\n")


def _run(child, data: bytes, suffix: str, label: str) -> None:
    from report_lint import workers

    COUNTS[("tried", suffix)] += 1
    outcome = child.run(label, data, suffix)
    if outcome.status != workers.OK:
        FAILURES.mkdir(exist_ok=True)
        saved = FAILURES / f"{outcome.status}-{abs(hash(data)) % 10**10}{suffix}"
        saved.write_bytes(data)
        pytest.fail(f"{label}: {outcome.status} {outcome.kind}: {outcome.detail} "
                    f"(input saved to {saved})")
    for said in outcome.value:
        COUNTS[("said", said.split(" pages")[0].rstrip("0123456789 ") if " ok " in said
                else said)] += 1


# CI runs the same examples every time (a red CI must mean a change broke something);
# REPORT_LINT_FUZZ_RANDOM=1 explores new ones, with REPORT_LINT_FUZZ_EXAMPLES to run more.
RANDOM = bool(os.environ.get("REPORT_LINT_FUZZ_RANDOM"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=not RANDOM,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(seed=st.sampled_from(KINDS["pdf"]), mutations=ops)
def test_fuzz_pdf(child, seed, mutations):
    _run(child, mutate(SEEDS[seed], mutations), ".pdf", f"{seed} {mutations!r}"[:300])


@FUZZ
@given(seed=st.sampled_from(KINDS["pdf"]), mutations=ops)
def test_fuzz_pdf_keeps_its_end(child, seed, mutations):
    """Mutations of the body only: the ``%%EOF`` and ``startxref`` stay, so the readers go
    past the first checks."""
    data = SEEDS[seed]
    tail = data.rfind(b"startxref")
    _run(child, mutate(data[:tail], mutations) + data[tail:], ".pdf",
         f"{seed} body {mutations!r}"[:300])


@FUZZ
@given(seed=st.sampled_from(KINDS["docx"] + KINDS["odt"]), mutations=ops)
def test_fuzz_office_bytes(child, seed, mutations):
    suffix = Path(seed).suffix
    _run(child, mutate(SEEDS[seed], mutations), suffix, f"{seed} {mutations!r}"[:300])


@FUZZ
@given(seed=st.sampled_from(KINDS["docx"] + KINDS["odt"]), pick=where, mutations=ops)
def test_fuzz_office_xml(child, seed, pick, mutations):
    suffix = Path(seed).suffix
    _run(child, mutate_member(SEEDS[seed], pick, mutations), suffix,
         f"{seed} member {pick:.2f} {mutations!r}"[:300])


@FUZZ
@given(seed=st.sampled_from(KINDS["sources"]), mutations=ops)
def test_fuzz_sources(child, seed, mutations):
    """LaTeX and Markdown sources: any bytes give a document or the linter's own error."""
    suffix = Path(seed).suffix
    _run(child, mutate(SEEDS[seed], mutations), suffix, f"{seed} {mutations!r}"[:300])
