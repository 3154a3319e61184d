"""The HTTP API of ``report-lint serve``, through a real HTTP client against a real server
process on 127.0.0.1: every status code of issue 13, the JSON contract (checked against its
schema and the fixtures' oracle), the form post without JavaScript, and what must not be
kept or logged."""

from __future__ import annotations

import base64
import json
import re
import time

import pytest

httpx = pytest.importorskip("httpx")
pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
jsonschema = pytest.importorskip("jsonschema")

from _serve_helpers import (  # noqa: E402
    REPORTS,
    SCHEMA,
    expected_findings,
    findings_of,
    raw_request,
    running_server,
    upload,
)

#: A name that must never reach the server's log.
SECRET_NAME = "Dupont-Marie-rapport-7c1e.pdf"
LIMIT_MB = 1


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("serve-api")
    with running_server(work, "-j", "1", "--queue", "1", "--max-upload-mb", str(LIMIT_MB),
                        "--timeout", "60") as running:
        yield running


@pytest.fixture(scope="module")
def client():
    with httpx.Client(timeout=120) as c:
        yield c


def _error(response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"]["code"] == code
    assert body["error"]["message"] and "\n" not in body["error"]["message"]


def test_pdf_gets_the_contract_with_the_oracle_findings(server, client):
    fixture = "anx004-big-picture.pdf"
    response = upload(client, server.url, REPORTS / fixture, name=SECRET_NAME)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    contract = response.json()
    jsonschema.validate(contract, SCHEMA)
    assert contract["files"][0]["path"] == SECRET_NAME  # the student's name, not a server path
    assert contract["files"][0]["format"] == "pdf"
    assert findings_of(contract) == expected_findings(fixture)
    for header, value in (("content-security-policy", "default-src 'self'"),
                          ("referrer-policy", "no-referrer"),
                          ("x-content-type-options", "nosniff")):
        assert response.headers[header].startswith(value)
    assert "set-cookie" not in response.headers


def test_docx_is_read_from_its_content(server, client):
    # Named .pdf on purpose: the type comes from the content, never from the name.
    response = upload(client, server.url, REPORTS / "sec003-no-conclusion.docx",
                      name="rapport.pdf")
    assert response.status_code == 200
    contract = response.json()
    jsonschema.validate(contract, SCHEMA)
    entry = contract["files"][0]
    assert entry["format"] == "docx"
    codes = {f["code"] for f in entry["findings"]}
    assert "SEC003" in codes and "DOC001" not in codes


def test_language_and_profile(server, client):
    fixture = REPORTS / "sec003-no-conclusion.pdf"
    french = upload(client, server.url, fixture).json()["files"][0]["findings"]
    english = upload(client, server.url, fixture, data={"lang": "en"}).json()
    english = english["files"][0]["findings"]
    assert [f["code"] for f in french] == [f["code"] for f in english]
    assert [f["message"] for f in french] != [f["message"] for f in english]
    by_header = client.post(server.url + "/api/v1/check",
                            files={"file": ("r.pdf", fixture.read_bytes())},
                            headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"}).json()
    assert [f["message"] for f in by_header["files"][0]["findings"]] == \
        [f["message"] for f in english]

    compliant = REPORTS / "compliant-lo.pdf"
    default = findings_of(upload(client, server.url, compliant).json())
    assert default == []
    two_annexes = upload(client, server.url, compliant,
                         data={"profile": "lycee-40p-2annexes"}).json()
    assert "ANX001" in {code for code, _ in findings_of(two_annexes)}  # three, not two
    for profile in ("../../../etc/passwd", "nope", "/tmp/x.toml"):
        _error(upload(client, server.url, compliant, data={"profile": profile}), 400,
               "unknown_profile")


def test_no_file_is_400(server, client):
    _error(client.post(server.url + "/api/v1/check", data={"lang": "fr"},
                       files={"other": ("x.txt", b"x")}), 400, "no_file")
    _error(client.post(server.url + "/api/v1/check", content=b"{}",
                       headers={"content-type": "application/json"}), 400, "no_file")
    _error(client.post(server.url + "/api/v1/check",
                       files={"file": ("vide.pdf", b"")}), 400, "no_file")


def test_not_a_report_is_415(server, client):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 2000
    _error(upload(client, server.url, REPORTS / "x", name="rapport.pdf", content=png), 415,
           "not_a_report")
    html_page = b"<!DOCTYPE html><html><body>404</body></html>"
    _error(upload(client, server.url, REPORTS / "x", name="rapport.docx", content=html_page),
           415, "not_a_report")


def test_over_the_limit_is_413_before_the_body_is_read(server, client):
    # A declared 200 MB body: refused on its headers, the body never sent.
    head = (b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=XyZ\r\n"
            b"Content-Length: %d\r\n\r\n" % (200 * 1024 * 1024))
    started = time.monotonic()
    status, answer = raw_request(server.port, head)
    assert status == 413 and b'"too_large"' in answer
    assert time.monotonic() - started < 10
    # The same without a length (chunked): refused once the limit is passed, long before
    # the 200 MB the client would send.
    head = (b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=XyZ\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n")
    part = (b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n%PDF-1.7\n")
    sent = []

    def chunks():
        block = b"0" * 65536
        yield b"%x\r\n%s\r\n" % (len(part), part)
        for _ in range(200 * 16):  # 200 MB at most, bounded
            sent.append(len(block))
            yield b"%x\r\n%s\r\n" % (len(block), block)

    status, answer = raw_request(server.port, head, chunks())
    assert status == 413 and b'"too_large"' in answer
    assert sum(sent) < 20 * 1024 * 1024
    # And through an ordinary client: a file just over the limit.
    big = b"%PDF-1.7\n" + b"0" * (LIMIT_MB * 1024 * 1024)
    _error(upload(client, server.url, REPORTS / "x", name="gros.pdf", content=big), 413,
           "too_large")


def test_full_queue_is_503_with_retry_after(server, client):
    # -j 1 --queue 1: two uploads in progress fill the server; the third is refused at once.
    head = (b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=XyZ\r\nContent-Length: 500000\r\n\r\n"
            b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
            b"%PDF-1.7\n")
    import socket

    holders = [socket.create_connection(("127.0.0.1", server.port), timeout=10)
               for _ in range(2)]
    try:
        for sock in holders:
            sock.sendall(head)
        deadline = time.monotonic() + 20
        while client.get(server.url + "/healthz").json()["admitted"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        response = upload(client, server.url, REPORTS / "compliant-lo.pdf")
        _error(response, 503, "busy")
        assert int(response.headers["retry-after"]) > 0
        page = upload(client, server.url, REPORTS / "compliant-lo.pdf", endpoint="/check")
        assert page.status_code == 503 and page.headers["retry-after"]
        assert "text/html" in page.headers["content-type"]
    finally:
        for sock in holders:
            sock.close()
    deadline = time.monotonic() + 20
    while client.get(server.url + "/healthz").json()["admitted"]:  # the clients went away
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert upload(client, server.url, REPORTS / "compliant-lo.pdf").status_code == 200


def test_a_client_gone_during_the_check_leaves_nothing(server, client):
    import socket

    data = (REPORTS / "compliant-lo.pdf").read_bytes()
    body = (b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n"
            + data + b"\r\n--XyZ--\r\n")
    head = (b"POST /api/v1/check HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=XyZ\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body))
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(head + body)
        deadline = time.monotonic() + 20
        while client.get(server.url + "/healthz").json()["busy"] == 0:  # being checked
            assert time.monotonic() < deadline
            time.sleep(0.02)
    # The client is gone; the check ends, its folder is removed, the worker serves again.
    deadline = time.monotonic() + 60
    while client.get(server.url + "/healthz").json()["admitted"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert server.upload_folders() == []
    assert upload(client, server.url, REPORTS / "compliant-lo.pdf").status_code == 200


def test_rules_health_and_openapi(server, client):
    rules = client.get(server.url + "/api/v1/rules?lang=en").json()
    codes = [rule["code"] for rule in rules["rules"]]
    assert {"DOC001", "LEN001", "ANX004"} <= set(codes) and codes == sorted(codes)
    anx004 = next(rule for rule in rules["rules"] if rule["code"] == "ANX004")
    assert anx004["severity"] == "error" and "third" in anx004["summary"]
    french = client.get(server.url + "/api/v1/rules").json()
    assert next(r for r in french["rules"] if r["code"] == "ANX004")["summary"] != \
        anx004["summary"]
    health = client.get(server.url + "/healthz").json()
    assert health["status"] == "ok" and health["workers"] == 1 and health["capacity"] == 2
    spec = client.get(server.url + "/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    check = spec["paths"]["/api/v1/check"]["post"]
    assert set(check["responses"]) >= {"200", "400", "413", "415", "503"}
    assert {"/api/v1/rules", "/healthz"} <= set(spec["paths"])


def test_form_post_without_javascript(server, client):
    page = upload(client, server.url, REPORTS / "anx004-big-picture.pdf", endpoint="/check",
                  data={"lang": "en"})
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    text = page.text
    assert '<html lang="en">' in text and "ANX004" in text
    assert "<style" not in text and "<script" not in text and " style=" not in text
    # The three annex pages, drawn from the file, the one over the limit marked.
    assert len(re.findall(r'<figure id="s1-p\d+" class="(?:over|within) real"', text)) == 3
    assert len(re.findall(r'<figure[^>]*class="over real"[^>]*data-page="27"', text)) == 1
    assert '<a class="page-link" href="#s1-p27">' in text
    link = re.search(r'href="data:application/json;base64,([^"]+)"', text)
    contract = json.loads(base64.b64decode(link.group(1)))
    jsonschema.validate(contract, SCHEMA)
    assert findings_of(contract) == expected_findings("anx004-big-picture.pdf")
    home = client.get(server.url + "/", headers={"Accept-Language": "en-US,en;q=0.8"})
    assert '<html lang="en">' in home.text and 'enctype="multipart/form-data"' in home.text
    assert '<html lang="fr">' in client.get(server.url + "/").text
    for html_text in (home.text, text):  # nothing from outside the server: no CDN, no font
        assert not re.search(r'(?:src|href)="(?:https?:)?//', html_text)
        assert "@import" not in html_text and not re.search(r"url\((?!#)", html_text)
    refused = upload(client, server.url, REPORTS / "x", endpoint="/check", name="a.pdf",
                     content=b"hello")
    assert refused.status_code == 415 and 'id="error"' in refused.text
    for name in ("report.css", "serve.css", "serve.js", "favicon.svg"):
        assert client.get(server.url + "/static/" + name).status_code == 200
    assert client.get(server.url + "/static/..%2Fapp.py").status_code == 404


def test_nothing_is_kept_or_logged(server, client):
    """Run last in this module: every upload above has been answered."""
    assert server.upload_folders() == []
    log = server.log_text()
    assert SECRET_NAME not in log and "Dupont" not in log
    assert "KGW-8" not in log and "Cold-chain" not in log  # words of the reports
    assert "Traceback" not in log
