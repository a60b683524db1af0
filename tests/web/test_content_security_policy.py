"""Content-Security-Policy (issue #14; OWASP ASVS 5.0 V3.4.3): every response forbids inline script, inline style
and eval, so an injected ``<script>``, ``onerror=`` or ``style=`` never runs even if an escaping bug lets it
through. The pages keep working because no template holds inline script or style (scanned here, file by file)
and htmx may not evaluate code (its ``allowEval`` is off).
"""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from forty2.tenancy.models import Role
from tests.web import fixtures
from tests.web.fixtures import make_system

web_as = fixtures.web_as

FORTY2 = Path(settings.BASE_DIR)


def directives(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    parsed = {}
    for part in header.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_strict(response):
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"], "scripts only from Forty2's own static files"
    assert policy["style-src"] == ["'self'"], "styles only from Forty2's own static files"
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]  # ASVS 5.0 V3.4.3: object-src and base-uri 'none'
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"][0] == "'self'"
    assert set(policy["img-src"]) == {"'self'", "data:"}
    header = response.headers["Content-Security-Policy"]
    for loosening in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*", "http:", "https:"):
        assert loosening not in header.split(), f"{loosening} in {header}"


@pytest.fixture
def owner(web_as):
    client = web_as(Role.OWNER)
    client.system = make_system(client.membership, "Sepsis alert")
    return client


def main_pages(system):
    return ["/o/acme/", "/o/acme/ai-systems/", f"/o/acme/ai-systems/{system.pk}/",
            f"/o/acme/ai-systems/{system.pk}/edit", "/o/acme/controls/", "/o/acme/controls/clauses/",
            "/o/acme/risks/", "/o/acme/risks/heatmap", "/o/acme/risks/new", "/o/acme/catalog/",
            "/o/acme/catalog/iso-iec-42001-2023/", "/o/acme/catalog/iso-iec-42001-2023/6.1.2/",
            "/o/acme/evidence/", "/o/acme/members/", "/o/acme/audit-log/", "/o/acme/tokens/", "/my-work/",
            "/profile/"]


def test_every_main_page_forbids_inline_script_style_and_eval(owner):
    for url in main_pages(owner.system):
        response = owner.get(url)
        assert response.status_code == 200, url
        assert_strict(response)


def test_htmx_fragments_sign_in_errors_and_the_api_carry_the_policy_too(owner, client, acme):
    fragment = owner.get("/o/acme/ai-systems/?sort=name", headers={"HX-Request": "true", "HX-Target": "results"})
    assert fragment.status_code == 200
    assert_strict(fragment)
    assert_strict(client.get("/accounts/login/"))  # signed out
    assert_strict(owner.get("/o/acme/ai-systems/999999/"))  # 404 page
    assert_strict(owner.get("/api/v1/orgs/acme/ai-systems"))  # JSON


def test_the_api_documentation_renders_under_the_same_policy(client):
    """Swagger UI is served from Forty2's own static files (django-ninja's local copy), its settings are a JSON
    data block, not a script: it needs no exception from the policy."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert_strict(response)
    page = _Scan("docs")
    page.feed(response.content.decode())
    assert page.problems == []
    assert "/static/ninja/swagger-ui-bundle.js" in response.content.decode()


def test_htmx_may_not_evaluate_code_or_inject_styles(owner):
    html = owner.get("/o/acme/ai-systems/").content.decode()
    meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert meta, "base.html must configure htmx"
    config = json.loads(meta.group(1))
    assert config["allowEval"] is False and config["includeIndicatorStyles"] is False
    assert config["allowScriptTags"] is False


# --- Templates and rendered pages hold no inline script, handler or style ------------------------------------

#: What the policy refuses, as it appears in a template: each (name, pattern) is a finding.
INLINE = [
    ("inline <script>", re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)),
    ("event handler attribute", re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I)),
    ("hx-on (evaluated by htmx)", re.compile(r"\bhx-on\b|\bhx-on[:-]", re.I)),
    ("js: value (evaluated by htmx)", re.compile(r"\bhx-(?:vals|vars|headers)\s*=\s*['\"]\s*(?:js|javascript):", re.I)),
    ("hx-vars (evaluated by htmx)", re.compile(r"\bhx-vars\b", re.I)),
    ("htmx event filter (evaluated by htmx)", re.compile(r"\bhx-trigger\s*=\s*\"[^\"]*\[", re.I)),
    ("javascript: URL", re.compile(r"javascript:", re.I)),
    ("style attribute", re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.I)),
    ("<style> element", re.compile(r"<style\b", re.I)),
]


def scan_template(text: str) -> list[tuple[int, str]]:
    """(line, finding) for every piece of inline script or style in a template's source."""
    text = re.sub(r"{#.*?#}", lambda m: " " * len(m.group(0)), text, flags=re.S)  # comments may name them
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", lambda m: re.sub(r"[^\n]", " ", m.group(0)),
                  text, flags=re.S)
    found = []
    for name, pattern in INLINE:
        for match in pattern.finditer(text):
            found.append((text.count("\n", 0, match.start()) + 1, name))
    return sorted(found)


#: HTML that never reaches a browser as a page, so the page CSP does not apply; each says where it goes instead
NOT_PAGES = {
    "portfolio/templates/portfolio/digest_email.html": "an e-mail body: mail clients ignore style sheets",
    "reports/templates/reports/pdf.html": "rendered to PDF by WeasyPrint (forty2/reports/render.py), never served",
    "reports/render.py": "builds the PDF's margin strings for reports/pdf.html",
}


def _is_page(path) -> bool:
    return path.relative_to(FORTY2).as_posix() not in NOT_PAGES


def all_templates():
    return sorted(p for p in FORTY2.rglob("*.html") if "templates" in p.parts and _is_page(p))


def test_no_template_holds_inline_script_handlers_or_style():
    templates = all_templates()
    assert len(templates) > 100, "the scan must see the apps' templates"
    problems = [f"{path.relative_to(FORTY2.parent)}:{line}: {name}"
                for path in templates for line, name in scan_template(path.read_text())]
    assert problems == [], "move these to forty2/static/forty2/ (data-attributes + app.js, classes in app.css):\n" \
        + "\n".join(problems)


def test_no_python_code_writes_inline_script_handlers_or_style_into_pages():
    """Template tags and views that build HTML (format_html, mark_safe) are held to the same rule."""
    problems = []
    for path in sorted(p for p in FORTY2.rglob("*.py") if _is_page(p)):
        text = path.read_text()
        if "format_html" not in text and "mark_safe" not in text and "SafeString" not in text:
            continue
        for line, name in scan_template(text):
            problems.append(f"{path.relative_to(FORTY2.parent)}:{line}: {name}")
    assert problems == []


def test_what_is_not_a_page_really_is_not_served():
    """Each exemption above is still there and no view renders it as a response."""
    for name in NOT_PAGES:
        assert (FORTY2 / name).exists(), name
    views = [p for p in FORTY2.rglob("views*.py")]
    for name in NOT_PAGES:
        template = name.split("/templates/")[-1]
        assert not any(template in p.read_text() for p in views), f"{template} is rendered by a view"


@pytest.mark.parametrize("bad", [
    "<script>alert(1)</script>", "<script type=\"text/javascript\">x()</script>", "<SCRIPT>x()</SCRIPT>",
    "<button onclick=\"go()\">", "<img src=x onerror=alert(1)>", "<form hx-on:submit=\"x()\">",
    "<div hx-on::after-request=\"x()\">", "<div hx-vals='js:{a: b()}'>", "<div hx-vars=\"a:b()\">",
    "<input hx-trigger=\"keyup[key=='Enter']\">", "<a href=\"javascript:void(0)\">",
    "<p style=\"color:red\">", "<ul class=\"x\"{% if a %} style=\"padding:0\"{% endif %}>", "<style>p{}</style>",
])
def test_the_scan_catches_each_kind_of_inline_code(bad):
    assert scan_template(f"<div>\n{bad}\n</div>") != []


@pytest.mark.parametrize("good", [
    "<script src=\"/static/forty2/app.js\" defer></script>",
    "<script type=\"application/json\" id=\"data\">{\"a\": 1}</script>",
    "<button data-action=\"go\">Go</button>", "<p>Based on=the text, styles=fine</p>",
    "{# no <script> here, nor style=\"x\" #}", "<div hx-trigger=\"change, input delay:350ms from:#f-q\">",
])
def test_the_scan_lets_static_scripts_data_blocks_and_prose_through(good):
    assert scan_template(good) == []


class _Scan(HTMLParser):
    """Inline script or style in a rendered page (what the browser would refuse)."""

    def __init__(self, url):
        super().__init__()
        self.url, self.problems = url, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name, value in attrs.items():
            if name.startswith("on") or name.startswith("hx-on") or name in ("style", "hx-vars"):
                self.problems.append(f"{self.url}: <{tag} {name}=…>")
            if name in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(
                    "javascript:"):
                self.problems.append(f"{self.url}: <{tag} {name}=javascript:…>")
        if tag == "script" and not attrs.get("src") and attrs.get("type") not in ("application/json",):
            self.problems.append(f"{self.url}: inline <script>")
        if tag == "style":
            self.problems.append(f"{self.url}: <style>")


def test_rendered_pages_hold_no_inline_script_handlers_or_style(owner, client):
    """What reaches the browser, including HTML built by template tags, from pages with data on them."""
    problems = []
    pages = [(owner, url) for url in main_pages(owner.system)] + [(client, "/accounts/login/"),
                                                                  (client, "/accounts/password/reset/")]
    for who, url in pages:
        response = who.get(url)
        assert response.status_code == 200, url
        scan = _Scan(url)
        scan.feed(response.content.decode())
        problems += scan.problems
    assert problems == []


def test_the_error_page_needs_no_inline_style():
    """500.html is rendered without context when everything else failed: a plain link to a static file."""
    text = (FORTY2 / "templates" / "500.html").read_text()
    assert scan_template(text) == []
    assert '<link rel="stylesheet" href="/static/forty2/error.css">' in text
    assert (FORTY2 / "static" / "forty2" / "error.css").exists()


def test_a_stray_inline_script_is_refused_by_the_policy_not_just_the_scan(owner):
    """The header's script-src has neither 'unsafe-inline' nor a nonce or hash, so an inline script that slipped
    into a page (say, through an escaping bug) would not run."""
    policy = directives(owner.get("/o/acme/"))
    assert not any(v.startswith(("'nonce-", "'sha")) for v in policy["script-src"])
    assert Client().get("/accounts/login/").headers["Content-Security-Policy"] \
        == owner.get("/o/acme/").headers["Content-Security-Policy"]


def test_an_https_page_carries_every_security_header(owner, settings):
    """With the production settings (FORTY2_HSTS_SECONDS a year): OWASP ASVS 5.0 V3.4.1 (HSTS with subdomains),
    V3.4.3 (CSP), V3.4.4 (nosniff), V3.4.5 (Referrer-Policy), V3.4.6 (frame-ancestors), V3.4.8 (COOP)."""
    settings.SECURE_HSTS_SECONDS = 31536000
    response = owner.get("/o/acme/", secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert_strict(response)
