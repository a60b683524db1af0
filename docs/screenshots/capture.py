"""Take the documentation screenshots of the web UI with headless Chromium (Selenium, a dev dependency).

Needs a running server with the demo data and Debian's chromium + chromium-driver (``make browser``):

    make demo && .venv/bin/forty2 serve --port 8123 &
    .venv/bin/python docs/screenshots/capture.py --base http://127.0.0.1:8123

``pngquant``, when installed, makes the files smaller. Pages that do not exist in this installation are skipped.
"""

import argparse
import shutil
import subprocess
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

OUT = Path(__file__).resolve().parent
PASSWORD = "forty2-demo-password"


def browser(width=1280, height=860):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", f"--window-size={width},{height}",
                "--hide-scrollbars", "--force-device-scale-factor=1"):
        options.add_argument(arg)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def sign_in(driver, base, email, password=PASSWORD):
    driver.get(f"{base}/accounts/login/")
    driver.find_element(By.ID, "id_login").send_keys(email)
    driver.find_element(By.ID, "id_password").send_keys(password)
    submit(driver, "button[type=submit]")


def left_page(element):
    """True once ``element``'s page has been replaced. Chromium may answer a node of a page being replaced with a
    general "does not belong to the document" error instead of a stale-element one: both mean it is gone."""

    def gone(_driver):
        try:
            element.is_enabled()
        except WebDriverException:  # StaleElementReferenceException is one
            return True
        return False

    return gone


def submit(driver, selector="form.form button[type=submit].button--primary"):
    button = driver.find_element(By.CSS_SELECTOR, selector)
    button.click()
    WebDriverWait(driver, 20).until(left_page(button))
    WebDriverWait(driver, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def shot(driver, name, full_page=False):
    path = OUT / f"{name}.png"
    if full_page:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        width = driver.get_window_size()["width"]
        driver.set_window_size(width, min(max(height + 120, 860), 6000))
    driver.save_screenshot(str(path))
    if full_page:
        driver.set_window_size(driver.get_window_size()["width"], 860)
    if shutil.which("pngquant"):
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality=70-90", "--output", str(path),
                        str(path)], check=False)
    print(f"{path.name}: {path.stat().st_size // 1024} KB")


def visit(driver, url) -> bool:
    driver.get(url)
    return "Page not found" not in driver.title and "Not found" not in driver.title


def conflict_screen(base, org, pk):
    """Two people edit the same field of one system: the second sees the three-way choice."""
    first, second = browser(), browser()
    try:
        sign_in(first, base, "admin@acme.example")
        sign_in(second, base, "aims.manager@acme.example")
        edit = f"{base}/o/{org}/ai-systems/{pk}/edit"
        first.get(edit)
        second.get(edit)
        purpose = first.find_element(By.NAME, "purpose")
        purpose.clear()
        purpose.send_keys("Suggests code and explains errors to Acme's developers and data scientists.")
        submit(first)
        field = second.find_element(By.NAME, "purpose")
        field.clear()
        field.send_keys("Suggests code, tests and reviews for Acme's software developers.")
        submit(second)
        second.execute_script("document.getElementById('conflicts-title').scrollIntoView()")
        shot(second, "edit-conflict")
    finally:
        first.quit()
        second.quit()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8123")
    parser.add_argument("--org", default="acme-health")
    args = parser.parse_args()
    base, org = args.base.rstrip("/"), args.org
    driver = browser()
    try:
        driver.get(f"{base}/accounts/login/")
        shot(driver, "login")
        sign_in(driver, base, "aims.manager@acme.example")
        register = f"{base}/o/{org}/ai-systems/"
        driver.get(register)
        shot(driver, "register-list")
        driver.get(register + "?personal_data=special_category&ordering=-criticality")
        shot(driver, "register-list-filtered")
        driver.get(register)
        driver.find_element(By.LINK_TEXT, "Internal coding assistant").click()
        coding_assistant = driver.current_url.rstrip("/").rsplit("/", 1)[-1]
        shot(driver, "system-detail")
        driver.get(register + "new")
        driver.find_element(By.ID, "id_purpose").send_keys("Suggests ward rounds order from overnight observations.")
        submit(driver)
        shot(driver, "form-with-errors")
        driver.get(register + "datasets/")
        shot(driver, "datasets-list")
        driver.get(f"{base}/o/{org}/")
        shot(driver, "dashboard", full_page=True)
        driver.get(f"{base}/my-work/")
        shot(driver, "my-work")
        driver.get(register)
        driver.find_element(By.LINK_TEXT, "Sepsis early-warning score").click()
        sepsis = driver.current_url.rstrip("/")
        driver.get(sepsis + "/ai-act/")
        shot(driver, "ai-act-result", full_page=True)
        driver.get(sepsis + "/ai-act/questionnaire")
        shot(driver, "ai-act-questionnaire")
        for name, path, full in (
                ("risk-profile", "risk-profile/", False), ("catalog-tree", "catalog/iso-iec-42001-2023/", False),
                ("catalog-requirement", "catalog/iso-iec-42001-2023/A.6.2.4/", True),
                ("soa", "controls/", False), ("soa-versions", "controls/versions/", False),
                ("clauses", "controls/clauses/", False), ("readiness", "controls/readiness/", True),
                ("evidence", "evidence/", False), ("risks", "risks/", False),
                ("risk-heat-map", "risks/heatmap", True), ("impact-assessments", "risks/impact-assessments", False),
                ("risk-methodology", "risks/methodology", True), ("jobs", "jobs/", False),
                ("audit-log", "audit-log/", False), ("context", "context/", False),
                ("soa-table", "controls/table", False), ("competence-gaps", "competence/", False),
                ("raci", "people/raci/", False), ("ai-literacy", "training/ai-literacy/", False)):
            if visit(driver, f"{base}/o/{org}/{path}"):
                shot(driver, name, full_page=full)
        if visit(driver, f"{base}/o/{org}/documents/"):  # the AI policy's version in force
            driver.find_element(By.LINK_TEXT, "POL-01").click()
            driver.find_element(By.PARTIAL_LINK_TEXT, "Version 2").click()
            shot(driver, "document-version")
        if visit(driver, f"{base}/o/{org}/objectives/metrics/?state=breach"):  # the demo's metric in breach
            driver.find_element(By.PARTIAL_LINK_TEXT, "Sepsis cases missed").click()
            shot(driver, "metric-chart", full_page=True)
        if visit(driver, f"{base}/o/{org}/incidents/"):  # the serious incident on the high-risk triage system
            driver.find_element(By.PARTIAL_LINK_TEXT, "triage").click()
            shot(driver, "incident-art73", full_page=True)
        for name, path, link, suffix in (  # the audit, nonconformity and review records of the demo
                ("audit-checklist", "audits/", "Internal audit 2026", "checklist"),
                ("nonconformity", "nonconformities/", "radiology triage", ""),
                ("management-review", "management-reviews/", "Management review 2026", "")):
            if visit(driver, f"{base}/o/{org}/{path}"):
                driver.find_element(By.PARTIAL_LINK_TEXT, link).click()
                if suffix:
                    driver.get(driver.current_url.rstrip("/") + "/" + suffix)
                shot(driver, name, full_page=True)
        for name, path in (("certification", "certification/"), ("project-plan", "plan/"), ("reports", "reports/")):
            if visit(driver, f"{base}/o/{org}/{path}"):
                shot(driver, name, full_page=True)
        if visit(driver, f"{base}/t/{org}/"):
            shot(driver, "transparency-public", full_page=True)
        driver.quit()
        driver = browser()
        sign_in(driver, base, "admin@acme.example")
        if visit(driver, f"{base}/o/{org}/members/"):
            shot(driver, "people", full_page=True)
        tablet = browser(820, 1100)
        sign_in(tablet, base, "aims.manager@acme.example")
        tablet.get(register)
        shot(tablet, "register-list-tablet")
        tablet.quit()
    finally:
        driver.quit()
    conflict_screen(base, org, coding_assistant)


if __name__ == "__main__":
    main()
