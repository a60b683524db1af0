"""Links that carry a secret (invitations, password resets) are built from FORTY2_SITE_URL and never reach a
log line; the accept page keeps its token out of Referer without breaking the CSRF check (issue #14, findings
8 and 9; issue #15, "Invitations cannot be accepted in a real browser")."""

import logging
import os
import re
import subprocess
import sys

import pytest
from django.core import mail
from django.test import Client

from forty2.tenancy import invitations
from forty2.tenancy.models import Role

SITE = "https://forty2.example.org"


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "evil.example"]
    return settings


def test_a_csrf_failure_on_the_accept_page_logs_no_token(member, caplog):
    owner = member(Role.OWNER)
    sent = invitations.invite(owner.organization, email="nora@acme.example", role=Role.VIEWER,
                              actor=owner.user, actor_membership=owner)
    token = sent.link.rstrip("/").rsplit("/", 1)[1]
    caplog.set_level(logging.DEBUG)
    response = Client(enforce_csrf_checks=True).post(f"/invitations/{token}/", {"full_name": "Nora"})
    assert response.status_code == 403
    csrf = [r for r in caplog.records if r.name == "django.security.csrf"]
    assert csrf and "/invitations/…/" in csrf[0].getMessage()  # the failure is still logged, without the token
    handler = logging.getLogger().handlers[0]  # the console handler of LOGGING
    for record in caplog.records:
        assert token not in record.getMessage() and token not in handler.format(record)


def test_a_password_reset_link_comes_from_the_site_url_not_the_host_header(member, site):
    member(Role.VIEWER, email="ann@acme.example")
    response = Client().post("/accounts/password/reset/", {"email": "ann@acme.example"}, HTTP_HOST="evil.example")
    assert response.status_code == 302
    links = re.findall(r"https?://[^/\s]+/accounts/password/reset/key/", mail.outbox[-1].body)
    assert links and all(link.startswith(SITE + "/") for link in links)
    assert "evil.example" not in mail.outbox[-1].body


def test_an_invitation_link_comes_from_the_site_url_not_the_host_header(owner_api, site):
    owner_api.client.defaults["HTTP_HOST"] = "evil.example"
    created = owner_api.post("/orgs/acme/invitations", {"email": "nora@acme.example", "role": "viewer"})
    assert created.status_code == 201 and created.json_body["link"].startswith(SITE + "/invitations/")
    again = owner_api.post(f"/orgs/acme/invitations/{created.json_body['id']}/resend")
    assert again.json_body["link"].startswith(SITE + "/invitations/")
    assert all("evil.example" not in m.body for m in mail.outbox)


def test_the_accept_page_sends_only_the_origin_as_referer(member):
    owner = member(Role.OWNER)
    sent = invitations.invite(owner.organization, email="nora@acme.example", role=Role.VIEWER,
                              actor=owner.user, actor_membership=owner)
    response = Client().get("/" + sent.link.split("/", 3)[3])
    # not "no-referrer": with it Chromium posts "Origin: null" and Django's CSRF check refuses the form
    assert response.status_code == 200 and response["Referrer-Policy"] == "strict-origin"


def test_testserver_is_not_an_allowed_host_outside_the_tests(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("FORTY2_")}
    env.update({"FORTY2_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "forty2.settings"})
    out = subprocess.run([sys.executable, "-c", "from django.conf import settings; print(settings.ALLOWED_HOSTS)"],
                         env=env, capture_output=True, text=True, timeout=60, check=True).stdout
    assert "localhost" in out and "testserver" not in out

