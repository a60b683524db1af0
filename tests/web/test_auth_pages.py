"""Sign-in, sign-out, password reset and account pages (allauth) in the app's own layout."""

import re

import pytest
from django.core import mail
from django.test import Client

from forty2.tenancy.models import Role

PASSWORD = "correct horse battery staple"


@pytest.fixture
def person(member):
    m = member(Role.CONTRIBUTOR, email="pat@acme.example")
    m.user.set_password(PASSWORD)
    m.user.save()
    return m.user


def test_login_page_uses_the_app_form_styles(client, db):
    html = client.get("/accounts/login/").content.decode()
    assert '<main id="main"' in html
    assert 'class="field' in html and 'class="button button--primary"' in html
    assert '<label for="id_login">' in html and '<label for="id_password">' in html
    assert "Forgot your password?" in html
    assert "sign up" not in html.lower()


def test_login_with_email_and_password(client, person):
    response = client.post("/accounts/login/", {"login": "pat@acme.example", "password": PASSWORD})
    assert response.status_code == 302
    follow = client.get(response["Location"], follow=True)
    assert follow.wsgi_request.user == person


def test_wrong_password_shows_an_error_and_keeps_the_email(client, person):
    response = client.post("/accounts/login/", {"login": "pat@acme.example", "password": "wrong password"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "not correct" in html
    assert 'value="pat@acme.example"' in html
    assert not response.wsgi_request.user.is_authenticated


def test_password_reset_sends_an_email_with_a_link(client, person):
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200 and 'class="field' in page.content.decode()
    response = client.post("/accounts/password/reset/", {"email": "pat@acme.example"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["pat@acme.example"]
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    assert client.get(response["Location"]).status_code == 200


def test_sign_out_asks_then_signs_out(person):
    client = Client()
    client.force_login(person)
    assert client.get("/accounts/logout/").status_code == 200
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert not client.get("/accounts/login/").wsgi_request.user.is_authenticated


@pytest.mark.parametrize("url", ["/accounts/2fa/", "/accounts/password/change/"])
def test_account_pages_render_in_the_layout(person, url):
    client = Client()
    client.force_login(person)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="auth__panel"' in html and 'aria-label="Your account"' in html
