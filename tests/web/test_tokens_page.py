"""API tokens page: creating redirects (a reload cannot make a second token), the secret is shown on the next
page only, errors follow the form conventions, and revoking asks first, naming the token."""

import re

import pytest

from forty2.accounts.models import ApiToken
from forty2.tenancy.models import Role
from tests.web import fixtures

web_as = fixtures.web_as

TOKENS = "/o/acme/tokens/"


@pytest.fixture
def person(web_as):
    return web_as(Role.CONTRIBUTOR)


def test_creating_redirects_and_shows_the_secret_once(person):
    response = person.post(TOKENS, {"name": "CI gate", "expires_in_days": "30"})
    assert response.status_code == 302 and response["Location"] == TOKENS
    assert ApiToken.objects.count() == 1
    first = person.get(TOKENS)
    secret = re.search(r'<code class="token" id="new-token">(f2_[^<]+)</code>', first.content.decode()).group(1)
    assert ApiToken.objects.get().prefix == secret[:10]
    assert first["Cache-Control"] == "no-store"
    again = person.get(TOKENS).content.decode()  # a reload: the secret is gone, no second token
    assert secret not in again and 'id="new-token"' not in again
    assert ApiToken.objects.count() == 1


def test_errors_use_the_error_summary_and_the_hint_says_the_range(person):
    html = person.get(TOKENS).content.decode()
    assert "1–365 days." in html
    response = person.post(TOKENS, {"name": "", "expires_in_days": "400"})
    html = response.content.decode()
    assert response.status_code == 200 and ApiToken.objects.count() == 0
    assert 'class="error-summary"' in html
    assert 'href="#id_name">Name: This field is required.' in html
    assert "Valid for (days): Ensure this value is less than or equal to 365." in html


def test_revoking_asks_first_naming_the_token(person):
    person.post(TOKENS, {"name": "CI gate", "expires_in_days": "30"})
    token = ApiToken.objects.get()
    html = person.get(TOKENS).content.decode()
    url = f"/o/acme/tokens/{token.pk}/revoke"
    assert f'href="{url}">Revoke<span class="visually-hidden"> token ‘CI gate’</span></a>' in html
    confirm = person.get(url).content.decode()
    assert "Revoke the token ‘CI gate’?" in confirm and token.prefix in confirm
    token.refresh_from_db()
    assert token.revoked_at is None
    assert person.post(url).status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_someone_elses_token_is_not_found(person, web_as):
    other = web_as(Role.VIEWER)
    other.post(TOKENS, {"name": "Mine", "expires_in_days": "30"})
    token = ApiToken.objects.get()
    assert person.get(f"/o/acme/tokens/{token.pk}/revoke").status_code == 404
    assert person.post(f"/o/acme/tokens/{token.pk}/revoke").status_code == 404
