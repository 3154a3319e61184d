"""The web application: routes, security headers, and the workers' start and stop.

Starlette (an ASGI toolkit, small and maintained by the authors of uvicorn and HTTPX) gives
routing, requests and responses and nothing else; uvicorn serves it. Neither keeps any
state between requests, which is what lets a school run several containers behind a
reverse proxy.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import stat
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from report_lint.serve import api, pages
from report_lint.serve.pool import CheckPool
from report_lint.serve.upload import Body

#: Sent with every answer. Pictures of the pages are embedded in the result (``data:``
#: URLs): the server keeps nothing to serve them from later.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                               "form-action 'self'; frame-ancestors 'none'",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "cache-control": "no-store",
}
STATIC_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
                ".svg": "image/svg+xml"}


@dataclass
class ServeOptions:
    jobs: int
    queue: int
    max_upload_mb: int = 50
    timeout: float | None = 120.0
    max_memory: int = 2048
    config_file: Path | None = None


def security_headers(app: Any) -> Any:
    """ASGI middleware: the security headers on every answer, whoever wrote it."""
    async def wrapped(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()
                         if k.encode() not in names]
                message = dict(message, headers=list(message.get("headers", [])) + extra)
            await send(message)

        return await app(scope, receive, send_with_headers)
    return wrapped


def _static(name: str) -> bytes:
    if name == "report.css":  # the same styles as the batch page
        from report_lint.reporters.html_reporter import STYLE

        return STYLE.encode("utf-8")
    return (resources.files("report_lint.serve") / "static" / name).read_bytes()


def create_app(options: ServeOptions) -> Any:
    """The ASGI application, security headers included."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        root = Path(tempfile.mkdtemp(prefix="report-lint-serve-"))
        os.chmod(root, stat.S_IRWXU)
        pool = CheckPool(options.jobs, options.queue, options.timeout, options.max_memory)
        app.state.pool, app.state.options, app.state.upload_root = pool, options, root
        try:
            await pool.start()
            yield
        finally:
            pool.close()
            shutil.rmtree(root, ignore_errors=True)

    async def home(request: Request) -> Response:
        return HTMLResponse(pages.form_page(api.request_lang(request), options.max_upload_mb))

    async def check_form(request: Request) -> Response:
        body = Body(request)
        try:
            checked = await api.check_upload(request, request.app.state, body)
        except api.ServeError as exc:
            headers = await api.refuse(body, exc, options.max_upload_mb)
            return HTMLResponse(pages.error_page(api.request_lang(request), exc.status,
                                                 exc.message),
                                status_code=exc.status, headers=headers)
        return HTMLResponse(pages.result_page(checked.result, checked.name, checked.lang,
                                              checked.settings, checked.contract))

    async def check_api(request: Request) -> Response:
        body = Body(request)
        try:
            checked = await api.check_upload(request, request.app.state, body)
        except api.ServeError as exc:
            headers = await api.refuse(body, exc, options.max_upload_mb)
            return JSONResponse(exc.as_json(), status_code=exc.status, headers=headers)
        return JSONResponse(checked.contract)

    async def rules(request: Request) -> Response:
        return JSONResponse(api.rules_json(api.request_lang(request)))

    async def health(request: Request) -> Response:
        pool = request.app.state.pool
        return JSONResponse({"status": "ok", "workers": pool.jobs, "busy": pool.busy,
                             "admitted": pool.admitted, "capacity": pool.capacity})

    async def openapi(request: Request) -> Response:
        return JSONResponse(api.openapi(options.max_upload_mb))

    async def static(request: Request) -> Response:
        name = request.path_params["name"]
        suffix = os.path.splitext(name)[1]
        if name not in STATIC_FILES or suffix not in STATIC_TYPES:
            return Response(status_code=404)
        return Response(_static(name), media_type=STATIC_TYPES[suffix])

    async def favicon(request: Request) -> Response:
        return Response(_static("favicon.svg"), media_type=STATIC_TYPES[".svg"])

    app = Starlette(routes=[
        Route("/", home),
        Route("/check", check_form, methods=["POST"]),
        Route("/api/v1/check", check_api, methods=["POST"]),
        Route("/api/v1/rules", rules),
        Route("/api/v1/openapi.json", openapi),
        Route("/healthz", health),
        Route("/static/{name}", static),
        Route("/favicon.ico", favicon),
    ], lifespan=lifespan)
    return security_headers(app)


STATIC_FILES = ("report.css", "serve.css", "serve.js", "favicon.svg")


def run(options: ServeOptions, host: str, port: int) -> None:
    """Serve until interrupted (``report-lint serve``). The socket is bound here so that
    ``--port 0`` (any free port) can say which port it got."""
    import socket
    import sys

    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    print(f"report-lint serve: http://{shown}:{sock.getsockname()[1]}/ "
          f"({options.jobs} workers, queue {options.queue})", file=sys.stderr, flush=True)
    # httptools (a dependency of the extra); a refused body is read to its end or to its
    # bound before the answer (api.refuse), and the connection closed after it.
    http = "httptools" if importlib.util.find_spec("httptools") else "auto"
    config = uvicorn.Config(create_app(options), log_level="info", server_header=False,
                            timeout_keep_alive=5, http=http)
    uvicorn.Server(config).run(sockets=[sock])
