"""The students' page in a real browser: headless Chromium opens the page of a real
``report-lint serve`` process on 127.0.0.1, uploads a PDF and a DOCX fixture through the
form (JavaScript on: the progress shows while the report is read), and sees the verdict,
the findings linking to their pages and the real pages drawn with their picture boxes; a
screenshot is not blank and the console has no error."""

from __future__ import annotations

import time

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
webdriver = pytest.importorskip("selenium.webdriver")

from _browser import AVAILABLE, REASON, browser, not_blank, severe_messages  # noqa: E402,F401
from _serve_helpers import REPORTS, running_server  # noqa: E402

pytestmark = pytest.mark.skipif(not AVAILABLE, reason=REASON)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with running_server(tmp_path_factory.mktemp("serve-browser"), "-j", "2") as running:
        yield running


def submit(browser, url: str, fixture: str) -> bool:
    """Choose the file in the form and send it; True if the progress was seen before the
    result came."""
    from selenium.webdriver.common.by import By

    browser.get(url)
    browser.find_element(By.ID, "file").send_keys(str(REPORTS / fixture))
    browser.find_element(By.ID, "send").click()
    seen_progress = False
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        # One script reads the page at once: the document is replaced when the answer comes.
        done, progress = browser.execute_script(
            "var p = document.getElementById('progress'),"
            "    s = document.getElementById('status');"
            "return [!!document.getElementById('result'),"
            "        !!(p && !p.hidden && s && s.textContent)];")
        if done:
            return seen_progress
        seen_progress = seen_progress or progress
        time.sleep(0.05)
    raise AssertionError("no result page after 180 s")


def test_pdf_upload_shows_verdict_findings_and_real_pages(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    # Chromium asks for English (Accept-Language): French is chosen in the address.
    seen_progress = submit(browser, server.url + "/?lang=fr", "anx004-big-picture.pdf")
    assert seen_progress
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Résultat")
    summary = browser.find_element(By.ID, "summary").text
    assert "Erreurs" in summary
    errors = browser.find_elements(By.CSS_SELECTOR, "ul.findings li.error")
    assert [e.find_element(By.TAG_NAME, "b").text for e in errors] == ["ANX004"]
    link = errors[0].find_element(By.CSS_SELECTOR, "a.page-link")
    assert link.get_attribute("href").endswith("#s1-p27")
    figures = browser.find_elements(By.CSS_SELECTOR, "figure.real")
    assert [f.get_attribute("data-page") for f in figures] == ["26", "27", "28"]
    over = browser.find_elements(By.CSS_SELECTOR, "figure.over")
    assert [f.get_attribute("data-page") for f in over] == ["27"]
    assert "45\u00a0%" in over[0].text or "45 %" in over[0].text
    picture = over[0].find_element(By.CSS_SELECTOR, "svg image.thumbnail")
    assert picture.size["width"] > 150 and picture.size["height"] > 200
    assert over[0].find_elements(By.TAG_NAME, "polygon")  # the measured box, outlined
    strip = browser.find_elements(By.CSS_SELECTOR, ".strip span")
    assert len(strip) == 28
    assert browser.find_element(By.ID, "json").get_attribute("href").startswith(
        "data:application/json;base64,")
    link.click()  # the finding's link leads to its page
    assert browser.execute_script("return location.hash") == "#s1-p27"
    assert not_blank(browser, tmp_path / "result.png")
    assert severe_messages(browser) == []


def test_docx_upload_in_english(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    submit(browser, server.url + "/?lang=en", "anx004-big-picture.docx")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Result")
    codes = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "ul.findings li.error b")]
    assert "ANX004" in codes
    # LibreOffice laid the DOCX out: its real pages are drawn, the big picture marked.
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.real svg image.thumbnail")) >= 3
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.over")) == 1
    assert not_blank(browser, tmp_path / "docx.png")
    assert severe_messages(browser) == []


def test_the_form_page(server, browser):
    from selenium.webdriver.common.by import By

    browser.get(server.url + "/?lang=en")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Check my internship")
    field = browser.find_element(By.ID, "file")
    assert ".pdf" in field.get_attribute("accept") and ".docx" in field.get_attribute("accept")
    assert browser.find_element(By.ID, "upload").get_attribute("enctype") == \
        "multipart/form-data"
    # Drag and drop: a file dropped on the box becomes the form's file.
    dropped = browser.execute_script(
        "var t = new DataTransfer();"
        "t.items.add(new File(['%PDF-1.7'], 'brouillon.pdf', {type: 'application/pdf'}));"
        "var box = document.getElementById('drop');"
        "box.dispatchEvent(new DragEvent('dragover', {dataTransfer: t, bubbles: true,"
        "                                             cancelable: true}));"
        "var over = box.classList.contains('over');"
        "box.dispatchEvent(new DragEvent('drop', {dataTransfer: t, bubbles: true,"
        "                                         cancelable: true}));"
        "var input = document.getElementById('file');"
        "return [over, input.files.length, input.files[0].name,"
        "        box.querySelector('span').textContent, box.classList.contains('over')];")
    assert dropped == [True, 1, "brouillon.pdf", "brouillon.pdf", False]
    french = browser.find_element(By.CSS_SELECTOR, "p.lang a")
    french.click()
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "fr"
    assert severe_messages(browser) == []
