"""The Content-Security-Policy in a real browser (issue #14; OWASP ASVS 5.0 V3.4.3): the main pages load with no
violation reported and HTMX still filters the register, while an inline script or style slipped into a page is
refused. Violations are collected by a ``securitypolicyviolation`` listener that Chromium's DevTools protocol adds
to every document before the page's own scripts (test-only: nothing of it ships), and from the console.
"""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from forty2.risk import services as risks
from forty2.tenancy.models import Role
from tests.web.fixtures import make_system

pytestmark = pytest.mark.django_db(transaction=True)

LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " +
                              e.sourceFile + ":" + e.lineNumber + " " + (e.sample || ""));
}, true);
"""


def watch(driver):
    """Collect the CSP violations of every document this browser loads from now on."""
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER})
    driver.execute_cdp_cmd("Log.enable", {})
    return driver


def loaded(driver):
    return driver.execute_script("return document.readyState") == "complete" and driver.execute_script(
        "return !!window.htmx")


def violations(driver):
    found = driver.execute_script("return window.__cspViolations || null")
    assert found is not None, "the violation listener is not on this page"
    console = [entry["message"] for entry in driver.get_log("browser")
               if "Content Security Policy" in entry["message"] or "Content-Security-Policy" in entry["message"]]
    return found + console


def rows(driver):
    """The register's system names, read in one go (HTMX may swap the table between two WebDriver calls)."""
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('#results td.cell-name > a'), a => a.textContent.trim())")


def visit(driver, path):
    driver.get(driver.base + path)
    WebDriverWait(driver, 20).until(loaded)
    assert "Page not found" not in driver.title and "went wrong" not in driver.title, path
    return violations(driver)


@pytest.fixture
def owner(browser_for, member):
    m = member(Role.OWNER)
    system = make_system(m, "Sepsis alert", lifecycle_stage="operation_monitoring")
    make_system(m, "Chatbot")
    make_system(m, "Radiology triage")
    risks.create_risk(m, {"title": "Alert fatigue", "ai_system_ids": [system.pk], "inherent_likelihood": "4",
                          "inherent_consequence": "4"})
    driver = watch(browser_for(m.user))
    driver.system = system
    return driver


def test_main_pages_load_without_a_single_violation(owner):
    sid = owner.system.pk
    pages = ["/o/acme/", "/o/acme/ai-systems/", "/o/acme/ai-systems/?ordering=-name", f"/o/acme/ai-systems/{sid}/",
             f"/o/acme/ai-systems/{sid}/edit", f"/o/acme/ai-systems/{sid}/ai-act/questionnaire",
             "/o/acme/controls/", "/o/acme/controls/clauses/", "/o/acme/controls/readiness/",
             "/o/acme/risks/", "/o/acme/risks/heatmap", "/o/acme/risks/new", "/o/acme/risk-profile/",
             "/o/acme/catalog/", "/o/acme/catalog/iso-iec-42001-2023/", "/o/acme/catalog/iso-iec-42001-2023/6.1.2/",
             "/o/acme/evidence/", "/o/acme/evidence/new", "/o/acme/jobs/", "/o/acme/members/",
             "/o/acme/audit-log/", "/o/acme/tokens/", "/my-work/", "/profile/", "/accounts/2fa/",
             "/accounts/password/change/"]
    found = {path: visit(owner, path) for path in pages}
    assert {path: v for path, v in found.items() if v} == {}

    owner.delete_all_cookies()  # signed out: the sign-in pages
    found = {path: visit(owner, path) for path in ["/accounts/login/", "/accounts/password/reset/"]}
    assert {path: v for path, v in found.items() if v} == {}


def test_htmx_posts_the_ai_act_questionnaire_under_the_policy(owner):
    """hx-post with the form's CSRF token: the questions re-render in place as the answers change."""
    assert visit(owner, f"/o/acme/ai-systems/{owner.system.pk}/ai-act/questionnaire") == []
    owner.execute_script("window.__swaps = 0; document.body.addEventListener('htmx:afterSwap', "
                         "function () { window.__swaps += 1; })")
    owner.find_element(By.CSS_SELECTOR, "#questions input[type=radio], #questions input[type=checkbox]").click()
    WebDriverWait(owner, 20).until(lambda d: d.execute_script("return window.__swaps") >= 1)
    assert owner.find_elements(By.CSS_SELECTOR, "#questions .field")
    assert violations(owner) == []


def test_htmx_filters_and_sorts_the_register_under_the_policy(owner):
    assert visit(owner, "/o/acme/ai-systems/") == []
    owner.execute_script("window.__samePage = true")  # gone if the browser loaded a whole new page
    assert len(rows(owner)) == 3

    owner.find_element(By.ID, "f-q").send_keys("sepsis")
    WebDriverWait(owner, 20).until(lambda d: rows(d) == ["Sepsis alert"])
    assert "q=sepsis" in owner.current_url  # hx-push-url
    assert "1 AI system found" in owner.find_element(By.ID, "results-status").get_attribute("textContent")

    owner.find_element(By.ID, "f-q").send_keys(Keys.CONTROL, "a", Keys.DELETE)
    WebDriverWait(owner, 20).until(lambda d: len(rows(d)) == 3)
    Select(owner.find_element(By.NAME, "lifecycle_stage")).select_by_value("operation_monitoring")  # a change event
    WebDriverWait(owner, 20).until(lambda d: rows(d) == ["Sepsis alert"])
    assert "lifecycle_stage=operation_monitoring" in owner.current_url
    assert owner.execute_script("return window.__samePage") is True, "HTMX swapped the results in place"
    assert violations(owner) == []

    assert visit(owner, "/o/acme/ai-systems/?ordering=-name") == []  # sorting: the column links
    assert rows(owner) == ["Sepsis alert", "Radiology triage", "Chatbot"]


def test_an_injected_inline_script_or_style_is_refused_and_reported(owner):
    """What an XSS that got past escaping would meet: the browser runs none of it. This also proves the
    listener above sees violations, so the empty lists of the other tests mean something."""
    assert visit(owner, "/o/acme/") == []
    owner.execute_script("""
        var s = document.createElement("script"); s.textContent = "window.__pwned = 1"; document.body.appendChild(s);
        var d = document.createElement("div");
        d.innerHTML = '<img src="x" onerror="window.__pwned = 2"><p id="styled" style="color: rgb(255, 0, 0)">x</p>';
        document.body.appendChild(d);
        htmx.process(d);
    """)
    WebDriverWait(owner, 10).until(lambda d: len(d.execute_script("return window.__cspViolations")) >= 3)
    assert owner.execute_script("return window.__pwned || null") is None
    assert owner.find_element(By.ID, "styled").value_of_css_property("color") != "rgba(255, 0, 0, 1)"
    directives = " ".join(owner.execute_script("return window.__cspViolations"))
    assert "script-src" in directives and "style-src" in directives


def test_htmx_evaluates_no_code(owner):
    """With allowEval off, an hx-on handler (say, from injected markup htmx processes) never runs."""
    visit(owner, "/o/acme/")
    owner.execute_script("""
        var b = document.createElement("button"); b.id = "b"; b.setAttribute("hx-on:click", "window.__pwned = 3");
        document.body.appendChild(b); htmx.process(b); b.click();
    """)
    assert owner.execute_script("return window.__pwned || null") is None
    assert owner.execute_script("return htmx.config.allowEval") is False


def test_the_api_documentation_renders_without_violations(owner):
    owner.get(owner.base + "/api/v1/docs")
    WebDriverWait(owner, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#swagger-ui .info .title"))
    WebDriverWait(owner, 30).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#swagger-ui .opblock"))
    assert violations(owner) == []
