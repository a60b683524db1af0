"""Take the README screenshots of the web UI with a headless Chromium (a developer tool, not a dependency).

Needs a running server with demo data and a browser driver, none of which the app itself requires:

    pip install playwright            # in a separate venv; never `playwright install` (uses the system browser)
    apt-get install chromium pngquant
    python docs/screenshots/capture.py --base http://127.0.0.1:8123 --email admin@acme.example --password …
"""

import argparse
import subprocess
from pathlib import Path

from playwright.sync_api import sync_playwright

OUT = Path(__file__).resolve().parent


def shot(page, name, full_page=False):
    path = OUT / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    subprocess.run(["pngquant", "--force", "--skip-if-larger", "--quality=70-90", "--output", str(path), str(path)],
                   check=False)
    print(f"{path.name}: {path.stat().st_size // 1024} KB")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8123")
    parser.add_argument("--org", default="acme-health")
    parser.add_argument("--email", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--browser", default="/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.browser, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1280, "height": 860}, device_scale_factor=1)
        page.goto(f"{args.base}/accounts/login/")
        shot(page, "login")
        page.fill("#id_login", args.email)
        page.fill("#id_password", args.password)
        page.click("button[type=submit]")
        page.wait_for_url(lambda url: "/accounts/login" not in url)

        register = f"{args.base}/o/{args.org}/ai-systems/"
        page.goto(register)
        shot(page, "register-list")
        page.goto(register + "?personal_data=special_category&ordering=-criticality")
        shot(page, "register-list-filtered")

        page.click("td.cell-name a >> nth=0")
        page.wait_for_load_state()
        shot(page, "system-detail")

        page.goto(register + "new")
        page.fill("#id_purpose", "Suggests ward rounds order from overnight observations.")
        page.fill("#id_business_unit", "Acute medicine")
        page.click("button[type=submit].button--primary")
        page.wait_for_load_state()
        shot(page, "form-with-errors")

        page.goto(register + "datasets/")
        shot(page, "datasets-list")

        page.goto(f"{args.base}/o/{args.org}/")
        shot(page, "dashboard", full_page=True)
        page.goto(register)
        page.click("text=Sepsis early-warning score")
        page.wait_for_load_state()
        sepsis = page.url.rstrip("/")
        page.goto(sepsis + "/ai-act/")
        shot(page, "ai-act-result", full_page=True)
        page.goto(sepsis + "/ai-act/questionnaire")
        shot(page, "ai-act-questionnaire")
        page.goto(f"{args.base}/o/{args.org}/risk-profile/")
        shot(page, "risk-profile")
        page.goto(f"{args.base}/o/{args.org}/catalog/iso-iec-42001-2023/")
        shot(page, "catalog-tree")
        page.goto(f"{args.base}/o/{args.org}/catalog/iso-iec-42001-2023/A.6.2.4/")
        shot(page, "catalog-requirement", full_page=True)

        tablet = browser.new_page(viewport={"width": 820, "height": 1100})
        tablet.context.add_cookies(page.context.cookies())
        tablet.goto(register)
        shot(tablet, "register-list-tablet")
        browser.close()


if __name__ == "__main__":
    main()
