"""A real ``report-lint serve`` process on 127.0.0.1 for the tests, and small HTTP helpers.

The server is started with ``--port 0`` (any free port; it prints the one it got), in its
own process group and with its own temporary folder (``TMPDIR``), so that a test can look at
what the server leaves there; :func:`running_server` always stops the whole group, even when
the test fails.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Iterator

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"
EXPECTED = json.loads((REPORTS / "expected.json").read_text(encoding="utf-8"))
SCHEMA = json.loads((ROOT / "tests" / "schema" / "report-lint.schema.json")
                    .read_text(encoding="utf-8"))
START_TIMEOUT = 120


class Server:
    def __init__(self, process: subprocess.Popen, url: str, port: int, log: Path, tmp: Path):
        self.process, self.url, self.port, self.log, self.tmp = process, url, port, log, tmp

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def upload_folders(self) -> list[Path]:
        """What the server's private upload folders hold right now."""
        return [entry for root in self.tmp.glob("report-lint-serve-*")
                for entry in root.iterdir()]

    def processes(self) -> list[int]:
        """The server and every process it started (same process group)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == self.process.pid:  # pgrp
                pids.append(int(entry.name))
        return pids


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@contextlib.contextmanager
def running_server(work: Path, *args: str) -> Iterator[Server]:
    """``report-lint serve --port 0 ARGS`` until the block ends; the group is killed then."""
    tmp = work / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    log = work / f"server-{uuid.uuid4().hex[:8]}.log"
    env = dict(os.environ, TMPDIR=str(tmp), REPORT_LINT_CACHE_DIR=str(work / "cache"),
               PYTHONUNBUFFERED="1")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "report_lint", "serve", "--host", "127.0.0.1",
             "--port", "0", *args],
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=work,
            env=env, start_new_session=True)
    try:
        port = _wait_for_port(process, log)
        server = Server(process, f"http://127.0.0.1:{port}", port, log, tmp)
        _wait_until_healthy(server)
        yield server
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's group (uvicorn stops its workers), SIGKILL if it lingers."""
    for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=wait)
            if sig == signal.SIGTERM:
                time.sleep(0.5)  # let the workers leave; SIGKILL the group if not
                continue
        except subprocess.TimeoutExpired:
            continue
    process.wait(timeout=10)


def _wait_for_port(process: subprocess.Popen, log: Path) -> int:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", log.read_text(errors="replace"))
        if found:
            return int(found.group(1))
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text(errors='replace')}")
        time.sleep(0.1)
    raise RuntimeError("the server did not say which port it listens on")


def _wait_until_healthy(server: Server) -> None:
    import httpx

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"the server stopped: {server.log_text()}")
        try:
            if httpx.get(server.url + "/healthz", timeout=30).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise RuntimeError("the server did not answer /healthz")


def upload(client, url: str, path: Path, *, name: str | None = None, data: dict | None = None,
           endpoint: str = "/api/v1/check", content: bytes | None = None):
    """POST one file as the form does (multipart field ``file``)."""
    body = path.read_bytes() if content is None else content
    return client.post(url + endpoint, files={"file": (name or path.name, body)},
                       data=data or {})


def raw_request(port: int, head: bytes, body_chunks: Iterator[bytes] = iter(()),
                timeout: float = 30) -> tuple[int, bytes]:
    """Send ``head`` then body chunks on a plain socket until the server answers (or the
    chunks run out); the status and the answer. What a client sending a huge body sees.
    Every chunk is sent whole (a chunk cut short would break the chunked framing), and the
    answer is looked for between the writes."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(head)
        answer = b""
        deadline = time.monotonic() + timeout
        sending = True
        for chunk in body_chunks:
            view = memoryview(chunk)
            while view and sending and time.monotonic() < deadline:
                readable, writable, _ = select.select([sock], [sock], [], 0.5)
                try:
                    if readable:
                        data = sock.recv(65536)
                        answer += data
                        if answer or not data:
                            sending = False
                            break
                    if writable:
                        view = view[sock.send(view):]
                except (BrokenPipeError, ConnectionResetError):
                    sending = False
            if not sending or time.monotonic() >= deadline:
                break
        sock.settimeout(max(1.0, deadline - time.monotonic()))
        try:
            while b"\r\n\r\n" not in answer:
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
            head_end = answer.find(b"\r\n\r\n")
            length = re.search(rb"(?i)content-length: *(\d+)", answer[:head_end])
            while length and len(answer) < head_end + 4 + int(length.group(1)):
                data = sock.recv(65536)
                if not data:
                    break
                answer += data
        except (socket.timeout, ConnectionResetError):
            pass
    status = int(answer.split(b" ", 2)[1]) if answer.startswith(b"HTTP/") else 0
    return status, answer


def findings_of(contract: dict) -> list[tuple[str, int | None]]:
    """Error and warning findings (code, page), as the fixtures' oracle lists them."""
    return sorted((f["code"], f["page"]) for f in contract["files"][0]["findings"]
                  if f["severity"] in ("error", "warning"))


def expected_findings(fixture: str) -> list[tuple[str, int | None]]:
    return sorted((code, page) for code, page in EXPECTED[fixture]["expected"])
