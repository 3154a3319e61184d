"""``report-lint serve`` under load and under attack, on 127.0.0.1, bounded in count and
time:

- 40 uploads from 8 concurrent clients against 2 workers and a queue of 5 (so that some
  are refused): every answer is
  the fixture's right JSON (the oracle's findings) or a clean 503 with ``Retry-After``; the
  server's memory stays bounded; it answers ``/healthz`` afterwards; its upload folder is
  empty;
- hostile uploads (a ZIP bomb named .docx, an XML entity bomb, a 10,000-page PDF, a
  truncated PDF, a 200 MB body) sent together with a good report: each gets its DOC001 or
  413, the good one its normal answer.
"""

from __future__ import annotations

import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

import badinputs  # noqa: E402
from _serve_helpers import (  # noqa: E402
    REPORTS,
    expected_findings,
    findings_of,
    raw_request,
    rss_mb,
    running_server,
    upload,
)

UPLOADS, CLIENTS = 40, 8
FIXTURES = ("compliant-lo.pdf", "anx004-big-picture.pdf", "sec003-no-conclusion.pdf")
LOAD_SECONDS = 240  # the whole load stops by itself after this, whatever happens


def after_rss(server) -> float:
    return rss_mb(server.process.pid)


class Sampler(threading.Thread):
    """The largest resident memory of the server process and of any of its workers."""

    def __init__(self, server) -> None:
        super().__init__(daemon=True)
        self.server, self.stop, self.server_peak, self.worker_peak = server, False, 0.0, 0.0

    def run(self) -> None:
        while not self.stop:
            for pid in self.server.processes():
                mb = rss_mb(pid)
                if pid == self.server.process.pid:
                    self.server_peak = max(self.server_peak, mb)
                else:
                    self.worker_peak = max(self.worker_peak, mb)
            time.sleep(0.25)


def test_forty_uploads_from_eight_clients(tmp_path):
    with running_server(tmp_path, "-j", "2", "--queue", "5") as server:
        before = rss_mb(server.process.pid)
        sampler = Sampler(server)
        sampler.start()
        jobs = itertools.cycle(FIXTURES)
        lock = threading.Lock()
        answers: list[tuple[str, int, object]] = []
        deadline = time.monotonic() + LOAD_SECONDS

        def client(_: int) -> None:
            with httpx.Client(timeout=120) as http:
                while time.monotonic() < deadline:
                    with lock:
                        if len(answers) >= UPLOADS:
                            return
                        fixture = next(jobs)
                        answers.append((fixture, 0, None))  # reserved
                        index = len(answers) - 1
                    response = upload(http, server.url, REPORTS / fixture)
                    body = response.json()
                    answers[index] = (fixture, response.status_code,
                                      (body, response.headers.get("retry-after")))
                    if response.status_code == 503:
                        time.sleep(1.0)  # a polite client waits before its next upload

        with ThreadPoolExecutor(CLIENTS) as pool:
            list(pool.map(client, range(CLIENTS)))
        sampler.stop = True
        sampler.join()

        assert len(answers) == UPLOADS
        ok = [(f, body) for f, status, (body, _) in answers if status == 200]
        busy = [(body, retry) for _, status, (body, retry) in answers if status == 503]
        assert len(ok) + len(busy) == UPLOADS, [a[1] for a in answers]
        assert len(ok) >= UPLOADS // 2
        for fixture, body in ok:
            assert body["files"][0]["format"] == "pdf"
            assert findings_of(body) == expected_findings(fixture), fixture
        for body, retry in busy:
            assert body["error"]["code"] == "busy" and int(retry) > 0
        print(f"\nload: {len(ok)} answered, {len(busy)} refused (503); server RSS {before:.0f} -> "
              f"{after_rss(server):.0f} MB (peak {sampler.server_peak:.0f}); largest worker "
              f"{sampler.worker_peak:.0f} MB")
        # Bounded memory: the server holds no upload once answered; a worker stays far
        # below its 2048 MB address-space limit.
        after = rss_mb(server.process.pid)
        assert sampler.server_peak < 500 and after - before < 150, (before, after)
        assert 0 < sampler.worker_peak < 1500
        assert httpx.get(server.url + "/healthz", timeout=30).json()["admitted"] == 0
        assert server.upload_folders() == []


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    cases = {case.name: case.path for case in badinputs.build(tmp_path_factory.mktemp("bad"))}
    return {
        "zip bomb named .docx": cases["bomb.docx"],
        "entity bomb": cases["entity-bomb.docx"],
        "10,000 pages": cases["10000-pages.pdf"],
        "truncated PDF": REPORTS / "doc001-truncated.pdf",
    }


def test_hostile_uploads_beside_a_good_one(tmp_path, corpus):
    with running_server(tmp_path, "-j", "2", "--timeout", "60") as server:
        def send(item):
            label, path = item
            with httpx.Client(timeout=180) as http:
                response = upload(http, server.url, path, name=path.name)
                return label, response.status_code, response.json()

        def huge_body():
            head = (b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    b"Content-Type: multipart/form-data; boundary=B\r\n"
                    b"Content-Length: %d\r\n\r\n" % (200 * 1024 * 1024))
            block = b"\0" * (1 << 20)
            return raw_request(server.port, head, (block for _ in range(200)))

        items = list(corpus.items()) + [("good", REPORTS / "anx004-big-picture.pdf")]
        started = time.monotonic()
        with ThreadPoolExecutor(len(items) + 1) as pool:
            big = pool.submit(huge_body)
            answers = list(pool.map(send, items))
        assert time.monotonic() - started < 170

        status, raw = big.result()
        assert status == 413 and b'"too_large"' in raw
        for label, status, body in answers:
            assert status == 200, (label, body)
            findings = body["files"][0]["findings"]
            if label == "good":
                assert findings_of(body) == expected_findings("anx004-big-picture.pdf")
            else:
                assert [f["code"] for f in findings] == ["DOC001"], (label, findings)
                assert "\n" not in findings[0]["message"]
        health = httpx.get(server.url + "/healthz", timeout=30).json()
        assert health["status"] == "ok" and health["admitted"] == 0
        assert server.upload_folders() == []
        assert "Traceback" not in server.log_text()
