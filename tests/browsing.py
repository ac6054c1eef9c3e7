"""Headless Chromium for the page tests: one way to start it, for every suite that needs it."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from server.assets import assets_installed

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@contextmanager
def headless_chromium(browser_log: bool = False) -> Iterator[webdriver.Chrome]:
    """Debian's chromium and chromedriver with a throw-away profile; a missing one fails loudly
    (`make test` installs them). `browser_log` keeps the console (CSP reports) readable."""
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    if chromium is None or driver_path is None:
        pytest.fail("headless Chromium is missing: apt-get install chromium chromium-driver")
    if not assets_installed():
        pytest.fail("the query editor is missing: run `npm ci` in the project folder")
    with tempfile.TemporaryDirectory(prefix="kg-chromium-") as profile:
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
            options.add_argument(flag)
        if browser_log:
            options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        driver = webdriver.Chrome(service=Service(driver_path), options=options)
        try:
            yield driver
        finally:
            driver.quit()
