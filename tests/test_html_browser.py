"""The ``batch --html`` page in a real browser: Debian's Chromium, headless, driven by Selenium
through Debian's chromium-driver (both installed by .ci/run; no driver is downloaded).

The page must load without any console message of level SEVERE, show one table row per
student, sort when a header is clicked (again to reverse), and draw something (a screenshot
that is not blank). The page is made from a small class checked in the test's own process
(no worker processes: the HTML is what is judged here).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from _browser import AVAILABLE, REASON, browser, not_blank, severe_messages  # noqa: F401
from report_lint import thumbnails
from report_lint.batch import BatchResult, StudentResult, Submission, SubmittedFile
from report_lint.config import load_config
from report_lint.reporters import html_reporter
from report_lint.runner import check_file

ROOT = Path(__file__).resolve().parents[1]
REPORTS = ROOT / "fixtures" / "reports"

webdriver = pytest.importorskip("selenium.webdriver")
pytestmark = pytest.mark.skipif(not AVAILABLE, reason=REASON)

CLASS = [  # student, fixture (None: no submission)
    ("Garnier Théo", "compliant-lo.pdf"),
    ("Martin Léa", "anx004-big-picture.pdf"),
    ("Dubois Hugo", "sec003-no-conclusion.pdf"),
    ("Bernard Chloé", "doc001-truncated.pdf"),
    ("Moreau Inès", None),
]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("html")
    config = load_config(work)
    rows = []
    for name, fixture in CLASS:
        if fixture is None:
            rows.append(StudentResult(name, status="missing", on_roster=True))
            continue
        path = REPORTS / fixture
        submitted = SubmittedFile(fixture, str(path), path.stat().st_size, path=path)
        result = thumbnails.attach(check_file(path, config), path)  # as batch's workers do
        status = "unreadable" if result.unreadable else "checked"
        rows.append(StudentResult(name, status=status, result=result,
                                  submission=Submission(name, files=[submitted], chosen=submitted)))
    rows.sort(key=lambda s: s.student)
    target = work / "classe.html"
    target.write_text(html_reporter.render(BatchResult("classe", rows, config.settings, "fr")),
                      encoding="utf-8")
    return target


def column(driver, index: int) -> list[str]:
    from selenium.webdriver.common.by import By

    return [row.find_elements(By.TAG_NAME, "td")[index].text
            for row in driver.find_elements(By.CSS_SELECTOR, "#class tbody tr")]


def test_page_loads_sorts_and_draws(browser, page, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    assert browser.title.startswith("report-lint")
    assert severe_messages(browser) == []

    names = column(browser, 0)
    assert len(names) == len(CLASS)
    assert names == sorted(name for name, _ in CLASS)

    headers = browser.find_elements(By.CSS_SELECTOR, "#class thead th")
    errors = [h for h in headers if h.text.startswith("Erreurs")][0]
    errors.click()
    assert errors.get_attribute("aria-sort") == "ascending"
    counts = [int(c) if c else None for c in column(browser, 5)]
    known = [c for c in counts if c is not None]
    assert known == sorted(known) and counts[-1] is None  # the absent student last
    assert column(browser, 0)[0] == "Garnier Théo"  # the only one without error
    errors.click()
    assert errors.get_attribute("aria-sort") == "descending"
    known = [int(c) for c in column(browser, 5) if c]
    assert known == sorted(known, reverse=True)

    share = [h for h in headers if h.text.startswith("Images max")][0]
    share.click()
    shares = [c for c in column(browser, 4) if c]
    assert [int(s.rstrip(" %")) for s in shares] == sorted(int(s.rstrip(" %")) for s in shares)

    names_header = headers[0]
    names_header.click()
    names_header.click()
    assert column(browser, 0) == sorted((n for n, _ in CLASS), reverse=True)

    assert not_blank(browser, tmp_path / "classe.png")  # not a blank page
    assert severe_messages(browser) == []


def test_annex_drawings_are_rendered(browser, page):
    from selenium.webdriver.common.by import By

    browser.get(page.as_uri())
    figures = browser.find_elements(By.CSS_SELECTOR, "figure")
    # Three annex pages for each of the three readable reports.
    assert len(figures) == 9
    over = browser.find_elements(By.CSS_SELECTOR, "figure.over")
    assert len(over) == 1 and "images" in over[0].text
    svg = over[0].find_element(By.TAG_NAME, "svg")
    assert svg.size["width"] > 100 and svg.size["height"] > 100
    assert len(svg.find_elements(By.TAG_NAME, "polygon")) >= 1
    # Each drawing is the real page (PDFium) under the outlined picture boxes.
    pictures = browser.find_elements(By.CSS_SELECTOR, "figure svg image.thumbnail")
    assert len(pictures) == 9
    link = browser.find_element(By.CSS_SELECTOR, "ul.findings a.page-link")
    assert link.get_attribute("href").endswith("-p27")
