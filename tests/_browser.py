"""Debian's Chromium, headless, driven by Selenium through Debian's chromium-driver (both
installed by .ci/run; no driver is downloaded). Shared by the browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver") or (
    "/usr/bin/chromedriver" if Path("/usr/bin/chromedriver").exists() else None)
AVAILABLE = bool(CHROMIUM and DRIVER)
REASON = "needs Debian's chromium and chromium-driver (installed by .ci/run)"


def start_browser(profile_dir: Path, *, javascript: bool = True):
    """A headless Chromium that keeps its console messages (``get_log("browser")``);
    ``javascript=False`` blocks the pages' scripts (as a student's browser may)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--window-size=1200,1600",
                 f"--user-data-dir={profile_dir}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    if not javascript:
        options.add_experimental_option(
            "prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    return driver


def severe_messages(driver) -> list[dict]:
    return [entry for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def not_blank(driver, path: Path) -> bool:
    """A screenshot with text, borders and colours: more than 50 colours, and the commonest
    colour under 97 % of the picture."""
    from PIL import Image

    assert driver.save_screenshot(str(path))
    image = Image.open(path).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20) or []
    background = max(colours)[0] / (image.width * image.height) if colours else 1.0
    return len(colours) > 50 and background < 0.97


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One browser for a test module (import this fixture), always quit at the end."""
    driver = start_browser(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield driver
    finally:
        driver.quit()
