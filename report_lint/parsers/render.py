"""Lay a DOCX / ODT out with LibreOffice, so that pages are exact.

The file is copied into a private temporary folder (LibreOffice writes its lock file next
to the file it opens: never next to the user's), converted to PDF there by a headless
``soffice`` with a throw-away user profile (``-env:UserInstallation``) inside the same
folder, under a time limit, and the folder is removed afterwards whatever happens. The PDF
is read by the PDF parser (:func:`report_lint.parsers.pdf_backend.parse_any_pdf`); the
Document then names the original file and its format.

Settings: ``render`` = ``auto`` (default: render when LibreOffice is found), ``always``
(a file that cannot be rendered is reported as unreadable, DOC001) or ``never``;
``soffice`` = the LibreOffice program. The environment variables ``REPORT_LINT_RENDER`` and
``REPORT_LINT_SOFFICE`` give the same when no setting does.
"""

from __future__ import annotations

import copy
import hashlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections import OrderedDict
from pathlib import Path

from report_lint.document import Document
from report_lint.findings import UnreadableInput

MODES = ("auto", "always", "never")
TIMEOUT = 120  # seconds for one conversion
TEMP_PREFIX = "report-lint-render-"


def render_mode(settings: dict | None) -> str:
    mode = (settings or {}).get("render") or os.environ.get("REPORT_LINT_RENDER") or "auto"
    mode = str(mode).lower()
    return mode if mode in MODES else "auto"


def render_settings(mode: str | None, settings: dict | None = None) -> dict:
    """The settings the command line passes on: the mode, and the LibreOffice found (so that
    a result cache keyed on the settings tells rendered from estimated results apart)."""
    chosen = mode or render_mode(settings)
    found = find_soffice(settings) if chosen != "never" else None
    return {"render": chosen, "soffice": found or ""}


def find_soffice(settings: dict | None = None) -> str | None:
    configured = (settings or {}).get("soffice") or os.environ.get("REPORT_LINT_SOFFICE")
    if configured:
        found = shutil.which(str(configured))
        return found if found else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def render_or_none(path: Path, data: bytes, fmt: str, settings: dict | None) -> Document | None:
    """The rendered Document, or None when the file is to be read without rendering."""
    mode = render_mode(settings)
    if mode == "never":
        return None
    soffice = find_soffice(settings)
    if soffice is None:
        if mode == "always":
            raise UnreadableInput("no_renderer", fmt=fmt)
        return None
    try:
        document = render_to_document(soffice, data, fmt)
    except RenderError as exc:
        if mode == "always":
            raise UnreadableInput("render_failed", str(exc), fmt=fmt) from None
        return None
    document.path = str(path)
    document.format = fmt
    document.metadata["rendered_by"] = "LibreOffice"
    return document


class RenderError(Exception):
    pass


_MEMO: "OrderedDict[tuple[str, str, str], Document]" = OrderedDict()
MEMO_SIZE = 16


def render_to_document(soffice: str, data: bytes, fmt: str, timeout: float = TIMEOUT) -> Document:
    """The rendered file, read by the PDF parser; the same bytes are rendered once per
    process (a folder holding copies, a test suite), each caller getting its own copy."""
    key = (hashlib.sha256(data).hexdigest(), fmt, soffice)
    document = _MEMO.get(key)
    if document is None:
        document = _render(soffice, data, fmt, timeout)
        if MEMO_SIZE <= 0:  # the server's workers keep nothing of a report (MEMO_SIZE = 0)
            return document
        _MEMO[key] = document
        while len(_MEMO) > MEMO_SIZE:
            _MEMO.popitem(last=False)
    _MEMO.move_to_end(key)
    return copy.deepcopy(document)


def _render(soffice: str, data: bytes, fmt: str, timeout: float) -> Document:
    from report_lint.parsers.pdf_backend import parse_any_pdf

    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as tmp:
        folder = Path(tmp)
        source = folder / f"report.{fmt}"
        source.write_bytes(data)
        profile = folder / "profile"
        out = folder / "out"
        out.mkdir()
        command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
                   "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                   "--convert-to", "pdf", "--outdir", str(out), str(source)]
        env = dict(os.environ, HOME=str(folder), TMPDIR=str(folder), TMP=str(folder),
                   TEMP=str(folder))
        try:
            process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                       stdin=subprocess.DEVNULL, cwd=folder, env=env,
                                       start_new_session=True)
        except OSError as exc:
            raise RenderError(f"cannot start {soffice}: {exc}") from None
        try:
            _, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            kill_group(process)
            raise RenderError(f"LibreOffice took more than {timeout:.0f} s") from None
        finally:
            kill_group(process)
        pdf = out / "report.pdf"
        if process.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            detail = stderr.decode("utf-8", "replace").strip().splitlines()
            raise RenderError(f"LibreOffice could not convert the file "
                              f"(status {process.returncode}{': ' + detail[-1] if detail else ''})")
        try:
            document = parse_any_pdf(pdf)
        except UnreadableInput as exc:
            raise RenderError(f"the PDF LibreOffice wrote is unreadable: {exc}") from None
        document.rendered_pdf = pdf.read_bytes()  # for thumbnails of the real pages
        return document


def declared_outline(doc: Document, declared: list[tuple[str, int]]) -> None:
    """Make the outline of a rendered file agree with the headings the file declares
    (``declared``: title and level, in reading order). LibreOffice's bookmarks of a
    paragraph in a heading style (pandoc's ODT) nest each under the previous one (levels 3,
    4 where the file says 1), or are missing: the levels are the file's, and when the PDF
    has no bookmarks each declared heading is found on the page whose line holds its title."""
    import re
    import unicodedata

    from report_lint.document import OutlineEntry

    def key(text: str) -> str:
        text = unicodedata.normalize("NFKD", text)
        return "".join(ch for ch in text.lower() if ch.isalnum())[:40]

    wanted = [(title, level, key(title)) for title, level in declared if len(key(title)) >= 3]
    if not wanted:
        return
    if doc.outline:
        at = 0
        for entry in doc.outline:
            for n in range(at, len(wanted)):
                if wanted[n][2] == key(entry.title):
                    entry.level, at = wanted[n][1], n + 1
                    break
        return
    lines = [(page.number, re.sub(r"^[0-9]+", "", key(line.text)))
             for page in doc.pages for line in page.lines]
    at = 0
    for title, level, k in wanted:
        for n in range(at, len(lines)):
            if lines[n][1] == k.lstrip("0123456789"):
                doc.outline.append(OutlineEntry(title, level, lines[n][0]))
                at = n + 1
                break


def kill_group(process: subprocess.Popen) -> None:
    """End a tool's process group (started by us, in its own session) if it is still
    running: LibreOffice here, latexmk/pandoc in :mod:`._sources`."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        process.wait()
