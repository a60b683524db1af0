"""Headless Chromium (Debian's chromium and chromedriver, installed by ``make browser``) driving a live server.

The tests are skipped, saying why, where no chromedriver is installed; ``make test`` installs it when it can.
"""

import json
import shutil

import pytest
from django.conf import settings
from django.test import Client

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser_for(live_server):
    """browser_for(user) -> a headless Chromium signed in as ``user`` (its own cookies: one person each)."""
    if not (CHROMEDRIVER and CHROMIUM):
        pytest.skip("Chromium and chromedriver are not installed (make browser installs Debian's packages)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    drivers = []

    def make(user=None, *, phone=False, network=False):
        """``user=None``: a fresh browser, signed out, with no cookies at all. ``phone=True``: a 390 x 844 CSS-pixel
        viewport whose scrollbars take no room, as on a phone (a page wider than that scrolls sideways).
        ``network=True``: Chromium logs every request it sends, headers included (:func:`sent_requests`)."""
        options = webdriver.ChromeOptions()
        options.binary_location = CHROMIUM
        size = "--window-size=390,844" if phone else "--window-size=1280,1600"
        for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", size,
                    *(("--hide-scrollbars",) if phone else ())):
            options.add_argument(arg)
        logs = {"browser": "ALL", **({"performance": "ALL"} if network else {})}
        options.set_capability("goog:loggingPrefs", logs)  # console messages, CSP violations among them
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        if phone:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": False})
        drivers.append(driver)
        driver.base = live_server.url
        if user is None:
            return driver
        client = Client()
        client.force_login(user)
        driver.get(live_server.url + "/robots.txt")
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        driver.add_cookie({"name": settings.SESSION_COOKIE_NAME, "value": session, "path": "/"})
        return driver

    yield make
    for driver in drivers:
        driver.quit()


def sent_requests(driver, method="POST") -> list[dict]:
    """The requests a ``network=True`` browser sent since the last call: [{"url", "method", "headers"}], as
    Chromium put them on the wire (the Origin and Referer it chose, not what a test client would fake)."""
    sent = []
    for entry in driver.get_log("performance"):
        event = json.loads(entry["message"])["message"]
        if event.get("method") == "Network.requestWillBeSent":
            request = event["params"]["request"]
            if request["method"] == method:
                sent.append({"url": request["url"], "method": request["method"], "headers": request["headers"]})
    return sent
