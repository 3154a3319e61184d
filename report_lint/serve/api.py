"""One upload checked from end to end, and the JSON API around it.

:func:`check_upload` is shared by the form (``POST /check``) and the API
(``POST /api/v1/check``): admission into the bounded queue, the upload into a private folder
removed as soon as the check is over (also after a failure, a time-out, a refused upload or a
client gone), the configuration (``lang``, a built-in ``profile``), the check in a worker.
The answers are the JSON contract of ``rules.md``; errors are ``{"error": {"code",
"message"}}`` with the HTTP status.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report_lint import __version__
from report_lint.serve.pages import ERRORS
from report_lint.serve.upload import Body, UploadError, discard_bound, receive

#: Seconds a client refused for a full queue is asked to wait.
RETRY_AFTER = 10


class ServeError(Exception):
    """A request answered with an error: HTTP ``status``, ``code`` and a message."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def as_json(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message}}


@dataclass
class Checked:
    result: Any  # runner.FileResult
    name: str  # the client's file name, for display
    lang: str
    settings: dict[str, Any]
    contract: dict[str, Any]  # rules.md's JSON


def request_lang(request: Any, field: str | None = None) -> str:
    """``lang`` given (field or ``?lang=``), else the first of fr/en in ``Accept-Language``
    by preference, else French."""
    for value in (field, request.query_params.get("lang")):
        if value and value.lower()[:2] in ("fr", "en"):
            return value.lower()[:2]
    ranked = []
    for position, item in enumerate(request.headers.get("accept-language", "").split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, position, tag.strip().lower()[:2]))
    for _, _, code in sorted(ranked):
        if code in ("fr", "en"):
            return code
    return "fr"


async def check_upload(request: Any, state: Any, body: Body) -> Checked:
    """Read, check and forget one upload. Raises :class:`ServeError`; :func:`refuse` then
    reads what is left of the body before the answer."""
    lang = request_lang(request)
    pool, options = state.pool, state.options
    if not pool.admit():
        raise ServeError(503, "busy", ERRORS[lang]["busy"])
    folder = Path(tempfile.mkdtemp(prefix="upload-", dir=state.upload_root))
    try:
        try:
            upload = await receive(request, body, folder, options.max_upload_mb * 1024 * 1024)
        except UploadError as exc:
            raise ServeError(exc.status, exc.code,
                             ERRORS[lang][exc.code].format(mb=options.max_upload_mb)) from None
        lang = request_lang(request, upload.fields.get("lang"))
        config = _config(upload.fields.get("profile"), lang, options, folder)
        outcome = await pool.run(upload.path, config)
        return _checked(outcome, upload, config, options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        pool.leave()


async def refuse(body: Body, exc: ServeError, max_upload_mb: int) -> dict[str, str]:
    """The headers of an error's answer, once the body the error left unread has been read
    and thrown away (within bounds: :meth:`Body.discard`), so that a client that sends its
    whole body before reading (a browser's form post, urllib) gets the answer, not a reset.
    Such a connection is closed after the answer."""
    headers = {"Retry-After": str(RETRY_AFTER)} if exc.status == 503 else {}
    if not body.complete:
        await body.discard(discard_bound(max_upload_mb * 1024 * 1024))
        headers["Connection"] = "close"
    return headers


def _config(profile: str | None, lang: str, options: Any, folder: Path) -> Any:
    from report_lint.config import available_profiles, load_config
    from report_lint.parsers.render import render_settings

    known = available_profiles()
    if profile and profile not in known:  # a name, never a path on the server
        raise ServeError(400, "unknown_profile", ERRORS[lang]["unknown_profile"].format(
            profile=profile[:60], known=", ".join(known)))
    # Discovery starts in the upload's own folder: only --config, never a file the server's
    # working folder happens to hold.
    config = load_config(folder, options.config_file, lang=lang, profile=profile or None)
    config.settings.update(render_settings(None, config.settings))  # DOCX/ODT: LibreOffice
    return config


def _checked(outcome: Any, upload: Any, config: Any, options: Any) -> Checked:
    from report_lint.reporters import results_to_dict
    from report_lint.runner import CheckCrashed, outcome_result

    try:
        result = outcome_result(outcome, upload.path, config, options.timeout,
                                options.max_memory)
    except CheckCrashed as exc:
        raise ServeError(500, "internal", ERRORS[config.lang]["internal"].format(
            detail=f"{exc.kind}: {exc}")) from None
    result.path = upload.name  # the JSON names the student's file, not the server's copy
    if result.document is not None:
        result.document.path = upload.name
    return Checked(result, upload.name, config.lang, config.settings,
                   results_to_dict([result]))


def rules_json(lang: str) -> dict[str, Any]:
    from report_lint.reporters.common import rule_catalogue

    return {"version": __version__, "lang": lang, "rules": rule_catalogue(lang)}  # as `rules`


def openapi(max_mb: int) -> dict[str, Any]:
    """The OpenAPI 3.1 description of the API (``GET /api/v1/openapi.json``)."""
    error = {"$ref": "#/components/schemas/Error"}

    def answer(description: str, schema: dict | None = None, headers: dict | None = None):
        content = {"application/json": {"schema": schema or error}}
        out: dict[str, Any] = {"description": description, "content": content}
        if headers:
            out["headers"] = headers
        return out

    lang = {"name": "lang", "in": "query", "required": False,
            "schema": {"type": "string", "enum": ["fr", "en"]},
            "description": "Language of the messages (else Accept-Language, else fr)."}
    return {
        "openapi": "3.1.0",
        "info": {"title": "report-lint", "version": __version__,
                 "description": "Checks a BTS SN internship report (E61). Nothing is kept."},
        "paths": {
            "/api/v1/check": {"post": {
                "summary": "Check one report (PDF, DOCX, ODT)",
                "parameters": [lang],
                "requestBody": {"required": True, "content": {"multipart/form-data": {
                    "schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary",
                                 "description": f"The report, at most {max_mb} MB; its type "
                                                "is taken from its content."},
                        "lang": {"type": "string", "enum": ["fr", "en"]},
                        "profile": {"type": "string",
                                    "description": "A built-in profile name."}}}}}},
                "responses": {
                    "200": answer("The JSON contract of rules.md (an unreadable report has "
                                  "its DOC001 finding)", {"$ref": "#/components/schemas/Report"}),
                    "400": answer("No file, a malformed request or an unknown profile"),
                    "413": answer("The upload is over the size limit"),
                    "415": answer("Not a report (neither PDF, DOCX nor ODT)"),
                    "500": answer("An internal error of the checker"),
                    "503": answer("The queue is full", headers={"Retry-After": {
                        "schema": {"type": "integer"}, "description": "Seconds"}}),
                }}},
            "/api/v1/rules": {"get": {
                "summary": "Every rule: code, name, severity, regulation, documentation",
                "parameters": [lang],
                "responses": {"200": answer("The rule catalogue", {"type": "object"})}}},
            "/healthz": {"get": {
                "summary": "The server is up; its workers and queue",
                "responses": {"200": answer("Up", {"type": "object"})}}},
        },
        "components": {"schemas": {
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"], "properties": {
                    "code": {"type": "string"}, "message": {"type": "string"}}}}},
            "Report": {"type": "object", "required": ["version", "files"],
                       "description": "See rules.md, 'Machine-readable output'.",
                       "properties": {"version": {"type": "string"},
                                      "files": {"type": "array", "items": {"type": "object"}}}},
        }},
    }
