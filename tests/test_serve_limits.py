"""The upload limit as real clients meet it (issue 17, item 3), against a real
``report-lint serve --max-upload-mb 50`` on 127.0.0.1 and 60 MB bodies:

- Python's urllib sends the whole body before it reads the answer: it gets the 413 (JSON from
  the API, the HTML page from the form, in the page's language), not "connection reset",
  with a declared length and chunked;
- headless Chromium with JavaScript off posts the form as it is and shows the server's 413
  page in French;
- with JavaScript on, the page refuses the file before sending it, in its language, and the
  server sees no request.
"""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")

from _browser import AVAILABLE, REASON, browser, severe_messages, start_browser  # noqa: E402,F401
from _serve_helpers import rss_mb, running_server  # noqa: E402

LIMIT_MB = 50
BODY_MB = 60
BOUNDARY = "report-lint-test-7f3a"
MB = 1024 * 1024


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    work = tmp_path_factory.mktemp("serve-limits")
    with running_server(work, "-j", "1", "--max-upload-mb", str(LIMIT_MB)) as running:
        yield running


@pytest.fixture(scope="module")
def big_pdf(tmp_path_factory):
    """A 60 MB file that starts like a PDF (over the 50 MB limit)."""
    path = tmp_path_factory.mktemp("big") / "rapport-gros.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.7\n")
        block = b"0" * MB
        for _ in range(BODY_MB):
            handle.write(block)
        handle.truncate(BODY_MB * MB)
    return path


def multipart(size: int, lang: str | None = None) -> bytes:
    fields = b""
    if lang:
        fields = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="lang"\r\n\r\n'
                  f"{lang}\r\n").encode()
    return (fields + f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="gros.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + b"%PDF-1.7\n" + b"0" * (size - 9) + f"\r\n--{BOUNDARY}--\r\n".encode())


def post(url: str, data, headers: dict[str, str] | None = None):
    """urllib's POST: (status, headers, body, seconds); a reset raises, failing the test."""
    request = urllib.request.Request(url, data=data, method="POST", headers={
        "Content-Type": f"multipart/form-data; boundary={BOUNDARY}", **(headers or {})})
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            status, head, body = answer.status, answer.headers, answer.read()
    except urllib.error.HTTPError as refused:
        status, head, body = refused.code, refused.headers, refused.read()
    return status, head, body, time.monotonic() - started


def test_urllib_gets_the_json_413_for_60_mb(server):
    body = multipart(BODY_MB * MB)
    rss_before = rss_mb(server.process.pid)
    status, head, answer, seconds = post(server.url + "/api/v1/check", body)
    assert status == 413, answer[:300]
    assert head["content-type"].startswith("application/json")
    assert head["connection"].lower() == "close"
    error = json.loads(answer)["error"]
    assert error["code"] == "too_large"
    assert error["message"] == f"Le fichier dépasse la taille permise ({LIMIT_MB} Mo)."
    print(f"\n413 for a {BODY_MB} MB body (urllib, API): {seconds:.2f} s")
    assert seconds < 60
    # Thrown away, not kept: no file in the upload folders, and the server did not hold
    # the body in memory.
    assert server.upload_folders() == []
    assert rss_mb(server.process.pid) - rss_before < BODY_MB / 2
    # In English when asked.
    status, _, answer, _ = post(server.url + "/api/v1/check?lang=en", body)
    assert status == 413
    assert json.loads(answer)["error"]["message"] == \
        f"The file is larger than allowed ({LIMIT_MB} MB)."


def test_urllib_gets_the_413_for_a_chunked_60_mb_body(server):
    sent = []

    def chunks():
        yield multipart(1024)[:-len(f"\r\n--{BOUNDARY}--\r\n")]
        block = b"0" * MB
        for _ in range(BODY_MB):  # bounded: 60 MB in all
            sent.append(len(block))
            yield block
        yield f"\r\n--{BOUNDARY}--\r\n".encode()

    status, head, answer, _ = post(server.url + "/api/v1/check", chunks(),
                                   {"Transfer-Encoding": "chunked"})
    assert status == 413 and json.loads(answer)["error"]["code"] == "too_large"
    assert sum(sent) == BODY_MB * MB  # urllib sent it all before reading: not reset


def test_urllib_form_post_gets_the_413_page_in_the_students_language(server):
    body = multipart(BODY_MB * MB)
    # French by default.
    status, head, answer, seconds = post(server.url + "/check", body)
    assert status == 413 and head["content-type"].startswith("text/html")
    assert head["connection"].lower() == "close"
    page = answer.decode("utf-8")
    assert '<html lang="fr">' in page and 'data-status="413"' in page
    assert "Le fichier n&#x27;a pas pu être vérifié" in page
    assert f"Le fichier dépasse la taille permise ({LIMIT_MB} Mo)." in page
    print(f"\n413 for a {BODY_MB} MB body (urllib, form): {seconds:.2f} s")
    # English from Accept-Language, or from the address.
    for url, headers in ((server.url + "/check", {"Accept-Language": "en-GB,en;q=0.9"}),
                         (server.url + "/check?lang=en", {})):
        status, _, answer, _ = post(url, body, headers)
        page = answer.decode("utf-8")
        assert status == 413 and '<html lang="en">' in page
        assert f"The file is larger than allowed ({LIMIT_MB} MB)." in page
    # The form page says the limit to its script, and posts to an address in its language.
    with urllib.request.urlopen(server.url + "/?lang=en", timeout=30) as home:
        form = home.read().decode("utf-8")
        csp = home.headers["content-security-policy"]
    assert f'data-max-bytes="{LIMIT_MB * MB}"' in form and 'action="/check?lang=en"' in form
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "<script>" not in form and not re.search(r"\son[a-z]+=", form)  # no inline script


def test_the_server_still_checks_after_the_refusals(server):
    from _serve_helpers import REPORTS

    body = (f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="r.pdf"\r\nContent-Type: application/pdf\r\n\r\n'.encode()
            + (REPORTS / "compliant-lo.pdf").read_bytes() + f"\r\n--{BOUNDARY}--\r\n".encode())
    status, _, answer, _ = post(server.url + "/api/v1/check", body)
    assert status == 200 and json.loads(answer)["files"][0]["findings"] is not None
    assert "Traceback" not in server.log_text()


def _posts(server) -> int:
    return server.log_text().count('"POST /check')


def _wait_for(driver, script: str, seconds: float = 120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"not seen in {seconds} s: {script}")


@pytest.mark.skipif(not AVAILABLE, reason=REASON)
def test_browser_without_javascript_gets_the_413_page_in_french(server, big_pdf,
                                                               tmp_path):
    from selenium.webdriver.common.by import By

    driver = start_browser(tmp_path / "profile", javascript=False)
    try:
        driver.get(server.url + "/?lang=fr")
        before = _posts(server)
        driver.find_element(By.ID, "file").send_keys(str(big_pdf))
        started = time.monotonic()
        driver.find_element(By.ID, "send").click()
        _wait_for(driver, "return document.getElementById('error') !== null")
        print(f"\n413 page for a {BODY_MB} MB form post (Chromium, no JavaScript): "
              f"{time.monotonic() - started:.2f} s")
        assert driver.find_element(By.ID, "error").get_attribute("data-status") == "413"
        assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
        assert driver.find_element(By.TAG_NAME, "h1").text == \
            "Le fichier n'a pas pu être vérifié"
        assert driver.find_element(By.CSS_SELECTOR, "#error .message").text == \
            f"Le fichier dépasse la taille permise ({LIMIT_MB} Mo)."
        assert _posts(server) == before + 1
        assert '"POST /check?lang=fr HTTP/1.1" 413' in server.log_text()
    finally:
        driver.quit()


@pytest.mark.skipif(not AVAILABLE, reason=REASON)
def test_browser_with_javascript_refuses_before_sending(server, browser, big_pdf):
    from selenium.webdriver.common.by import By

    for lang, message in (("fr", f"Le fichier fait {BODY_MB} Mo : la limite est {LIMIT_MB} "
                                 "Mo. Il n'a pas été envoyé."),
                          ("en", f"The file is {BODY_MB} MB: the limit is {LIMIT_MB} MB. "
                                 "It was not sent.")):
        browser.get(server.url + f"/?lang={lang}")
        before = _posts(server)
        refused = browser.find_element(By.ID, "refused")
        assert not refused.is_displayed()
        browser.find_element(By.ID, "file").send_keys(str(big_pdf))
        assert refused.is_displayed() and refused.text == message  # said on choosing
        browser.find_element(By.ID, "send").click()
        time.sleep(2)  # what a request would need to reach the server's log
        assert browser.find_element(By.ID, "upload")  # still the form: nothing was sent
        assert refused.is_displayed() and refused.text == message
        assert not browser.find_element(By.ID, "progress").is_displayed()
        assert _posts(server) == before
    # A file dropped on the box is judged the same way (one byte over the limit here).
    text = browser.execute_script(
        "var t = new DataTransfer();"
        f"t.items.add(new File([new Uint8Array({LIMIT_MB * MB + 1})], 'gros.pdf'));"
        "document.getElementById('drop').dispatchEvent(new DragEvent('drop',"
        "  {dataTransfer: t, bubbles: true, cancelable: true}));"
        "var r = document.getElementById('refused'); return r.hidden ? '' : r.textContent;")
    assert text == f"The file is {LIMIT_MB + 0.1} MB: the limit is {LIMIT_MB} MB. " \
                   "It was not sent."
    assert severe_messages(browser) == []
