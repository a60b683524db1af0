"""Headless Chromium (Debian's chromium and chromedriver, installed by ``make browser``) driving a live server.

The tests are skipped, saying why, where no chromedriver is installed; ``make test`` installs it when it can.
"""

import json
import shutil

import pytest
from django.conf import settings
from django.test import Client

try:  # a wait that reads an element while the page reloads (a form posted, a redirect) tries again
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support import wait as _wait

    _wait.IGNORED_EXCEPTIONS = (NoSuchElementException, StaleElementReferenceException)
except ImportError:  # selenium is a dev dependency; without it the browser tests are skipped anyway
    pass

CHROMEDRIVER = shutil.which("chromedriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class _Pool:
    """Headless Chromiums kept for the whole session (per test process), one idle list per kind (desktop or phone
    viewport, with or without the network log): starting Chromium costs a second or more, and the browser tests
    start about forty. A browser goes back to the pool only wiped (cookies, storage and cache of every origin,
    logs drained, one window on about:blank), so the next test gets what a new browser would show it; one a test
    changed through the DevTools protocol (execute_cdp_cmd: a script on every page, a domain enabled) is quit."""

    def __init__(self):
        self.idle: dict[tuple, list] = {}
        self.every: list = []

    def take(self, kind: tuple, start):
        while self.idle.get(kind):
            driver = self.idle[kind].pop()
            driver.customised = False
            return driver
        driver = start()
        self.every.append(driver)
        cdp = driver.execute_cdp_cmd

        def execute_cdp_cmd(cmd, args, _cdp=cdp, _driver=driver):
            _driver.customised = True
            return _cdp(cmd, args)

        driver.own_cdp, driver.execute_cdp_cmd, driver.customised = cdp, execute_cdp_cmd, False
        return driver

    def give_back(self, kind: tuple, driver, logs, origin: str) -> None:
        try:
            if driver.customised:
                raise RuntimeError("changed through the DevTools protocol")
            for handle in driver.window_handles[1:]:
                driver.switch_to.window(handle)
                driver.close()
            driver.switch_to.window(driver.window_handles[0])
            driver.get("about:blank")
            driver.own_cdp("Network.clearBrowserCookies", {})
            driver.own_cdp("Network.clearBrowserCache", {})
            driver.own_cdp("Storage.clearDataForOrigin", {"origin": origin, "storageTypes": "all"})
            for log in logs:
                driver.get_log(log)
        except Exception:  # noqa: BLE001 (a browser that cannot be wiped is not reused)
            self.quit(driver)
            return
        self.idle.setdefault(kind, []).append(driver)

    def quit(self, driver) -> None:
        self.every.remove(driver)
        try:
            driver.quit()
        except Exception:  # noqa: BLE001, S110 (already gone)
            pass


@pytest.fixture(scope="session")
def _browser_pool():
    pool = _Pool()
    yield pool
    for driver in list(pool.every):
        pool.quit(driver)


@pytest.fixture
def browser_for(live_server, _browser_pool):
    """browser_for(user) -> a headless Chromium signed in as ``user`` (its own cookies: one person each)."""
    if not (CHROMEDRIVER and CHROMIUM):
        pytest.skip("Chromium and chromedriver are not installed (make browser installs Debian's packages)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    taken = []

    def start(phone, network):
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
        return driver

    def make(user=None, *, phone=False, network=False):
        """``user=None``: a fresh browser, signed out, with no cookies at all. ``phone=True``: a 390 x 844 CSS-pixel
        viewport whose scrollbars take no room, as on a phone (a page wider than that scrolls sideways).
        ``network=True``: Chromium logs every request it sends, headers included (:func:`sent_requests`)."""
        kind = (phone, network)
        driver = _browser_pool.take(kind, lambda: start(phone, network))
        taken.append((kind, driver))
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
    for kind, driver in taken:
        _browser_pool.give_back(kind, driver, ["browser", "performance"] if kind[1] else ["browser"],
                                live_server.url)


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
