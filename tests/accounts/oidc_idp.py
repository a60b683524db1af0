"""A real OpenID Connect provider on loopback for the single sign-on tests, and a browser-like HTTP walk.

``oidc_provider.mjs`` runs panva's oidc-provider (package.json devDependencies, installed by ``npm ci``) with
node on a free 127.0.0.1 port; no other network is used. :func:`walk` follows redirects and submits the
provider's own sign-in and consent forms as a person would, keeping cookies in a ``requests.Session``.
"""

import json
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("oidc_provider.mjs")
NODE = shutil.which("node")
CLIENT_ID, CLIENT_SECRET, PROVIDER_ID = "forty2-test", "test-client-secret-d41d8cd98f", "sso"
#: the provider's accounts: the login typed on its sign-in page -> the claims it asserts
ACCOUNTS = {
    "alice": {"email": "alice@acme.example", "email_verified": True, "name": "Alice Verified"},
    "mallory": {"email": "bob@acme.example", "email_verified": False, "name": "Mallory Unverified"},
    "stranger": {"email": "nobody@elsewhere.example", "email_verified": True, "name": "Not Invited"},
}


class OidcProvider:
    def __init__(self, redirect_uri: str, tmp_path: Path):
        if not NODE:
            pytest.skip("node is not installed: the single sign-on tests run a real OpenID Connect provider "
                        "(oidc-provider from npm) with it")
        if not (ROOT / "node_modules" / "oidc-provider").exists():
            pytest.fail("node_modules/oidc-provider is missing: run `make assets-dev` (the full `npm ci`) to "
                        "install the test OpenID Connect provider from package-lock.json")
        config = tmp_path / "oidc.json"
        config.write_text(json.dumps({"accounts": ACCOUNTS, "clients": [{
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": [redirect_uri],
            "grant_types": ["authorization_code"], "response_types": ["code"],
            "token_endpoint_auth_method": "client_secret_post"}]}))
        self.process = subprocess.Popen([NODE, str(SCRIPT), str(config)], cwd=ROOT, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.issuer = None
        for line in self.process.stdout:  # warnings first, then {"issuer": …} once it listens
            if line.startswith("{"):
                self.issuer = json.loads(line)["issuer"]
                break
        if self.issuer is None:
            self.process.wait(10)
            pytest.fail(f"the OpenID Connect provider did not start: {self.process.stderr.read()[-2000:]}")

    def env(self, **extra) -> dict:
        """The environment an operator would set for this provider."""
        return {"FORTY2_OIDC_ISSUER": self.issuer, "FORTY2_OIDC_CLIENT_ID": CLIENT_ID,
                "FORTY2_OIDC_CLIENT_SECRET": CLIENT_SECRET, "FORTY2_OIDC_NAME": "Test IdP",
                "FORTY2_OIDC_ID": PROVIDER_ID, **extra}

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)


class Forms(HTMLParser):
    """Every <form> of a page: action, method and the inputs' names and values (the submit button's too)."""

    def __init__(self):
        super().__init__()
        self.forms = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(),
                               "fields": {}})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            self.forms[-1]["fields"][attrs["name"]] = attrs.get("value") or ""


def forms_of(response) -> list[dict]:
    parser = Forms()
    parser.feed(response.text)
    for form in parser.forms:
        form["url"] = urljoin(response.url, form["action"] or response.url)
    return parser.forms


def submit(session, response, *, index=0, **values):
    form = forms_of(response)[index]
    data = {**form["fields"], **values}
    if form["method"] == "post":
        return session.post(form["url"], data=data, timeout=30)
    return session.get(form["url"], params=data, timeout=30)


def walk(session, response, *, login: str, until: str):
    """From the first redirect to the provider, sign in there as ``login`` and agree to share the claims,
    until a page of ``until`` (Forty2's address) answers."""
    for _ in range(6):
        if response.url.startswith(until):
            return response
        fields = forms_of(response)[0]["fields"] if forms_of(response) else {}
        if "login" in fields:
            response = submit(session, response, login=login, password="any")
        elif fields.get("prompt") == "consent":
            response = submit(session, response)
        else:
            raise AssertionError(f"unexpected page at {response.url}: {response.text[:500]}")
    raise AssertionError("the provider never sent the browser back")
