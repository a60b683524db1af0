"""Request size limit on every path and clear answers for unreadable form data (issue #14 findings 8b, 10; OWASP
ASVS 5.0 V4.1, V5.2.1): forty2.core.middleware.RequestLimits, one upload limit (FORTY2_MAX_UPLOAD_BYTES) for page,
API and request size."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, RequestFactory

from forty2.evidence.models import Evidence

pytestmark = pytest.mark.django_db
BOUNDARY = "XyZ42"


def multipart(*parts: tuple[bytes, bytes]) -> bytes:
    out = b""
    for headers, body in parts:
        out += b"--" + BOUNDARY.encode() + b"\r\n" + headers + b"\r\n\r\n" + body + b"\r\n"
    return out + b"--" + BOUNDARY.encode() + b"--\r\n"


def field(name: str, value: bytes) -> tuple[bytes, bytes]:
    return f'Content-Disposition: form-data; name="{name}"'.encode(), value


def file_part(filename: bytes, data: bytes, name: str = "file") -> tuple[bytes, bytes]:
    return (f'Content-Disposition: form-data; name="{name}"; filename="'.encode() + filename
            + b'"\r\nContent-Type: text/plain', data)


def post(client, path, body: bytes, **kwargs):
    return client.generic("POST", path, body, content_type=f"multipart/form-data; boundary={BOUNDARY}", **kwargs)


@pytest.fixture
def web(owner_api, client):
    client.force_login(owner_api.membership.user)
    client.api = owner_api
    return client


def _evidence_id(api):
    r = Client().post("/api/v1/orgs/acme/evidence", {"title": "T", "file": SimpleUploadedFile("a.txt", b"one")},
                      headers=api.headers)
    return r.json()["id"], r.json()["version"]


# --- finding 10: part headers over 1,024 bytes, invalid UTF-8 ------------------------------------------------

LONG_NAME = b"a" * 1000 + b".txt"


@pytest.mark.parametrize("path", ["/api/v1/orgs/acme/evidence", "/api/v1/orgs/acme/ai-systems/import",
                                  "/api/v1/orgs/acme/risks/import", "versions"])
def test_a_very_long_file_name_is_a_clear_400_on_the_api(owner_api, path):
    if path == "versions":
        pk, _ = _evidence_id(owner_api)
        path = f"/api/v1/orgs/acme/evidence/{pk}/versions"
    body = multipart(field("title", b"T"), field("version", b"1"), file_part(LONG_NAME, b"hello"))
    r = post(Client(raise_request_exception=False), path, body, headers=owner_api.headers)
    assert r.status_code == 400, r.content[:300]
    assert "1,024 bytes" in r.json()["detail"] and "file name" in r.json()["detail"]


@pytest.mark.parametrize("path", ["/o/acme/evidence/new", "/o/acme/ai-systems/import", "/o/acme/risks/import",
                                  "/o/acme/controls/import-iso27001"])
def test_a_very_long_file_name_is_a_clear_400_page(web, path):
    body = multipart(field("title", b"T"), file_part(LONG_NAME, b"hello"))
    r = post(web, path, body)
    assert r.status_code == 400
    html = r.content.decode()
    assert "1,024 bytes" in html and "Shorten the file name to at most 255 characters" in html and "<html" in html
    # the styled page (issue #15): a title naming the problem, the layout's stylesheet, a way back to the form
    assert "<h1>The file name is too long</h1>" in html and 'rel="stylesheet"' in html
    assert f'<a class="button" href="{path}">Back to the form</a>' in html
    assert not Evidence.objects.exists()


def test_a_nul_in_a_page_address_is_a_styled_page_naming_it(client):
    r = client.get("/o/acme/evidence/?q=%00")
    html = r.content.decode()
    assert r.status_code == 400 and "<h1>The address cannot be read</h1>" in html
    assert "NUL characters are not allowed in the URL." in html and 'rel="stylesheet"' in html
    assert "Back to the form" not in html  # a GET: there is no form to go back to


def test_a_title_with_invalid_utf8_is_refused_not_mangled(owner_api, web):
    body = multipart(field("title", b"Policy \xff\xfe v2"), file_part(b"policy.txt", b"hello"))
    r = post(Client(), "/api/v1/orgs/acme/evidence", body, headers=owner_api.headers)
    assert r.status_code == 422
    detail = r.json()["detail"][0]
    assert detail["loc"] == ["body", "title"] and "not valid UTF-8" in detail["msg"]
    page = post(web, "/o/acme/evidence/new", body)
    assert page.status_code == 400 and "not valid UTF-8" in page.content.decode()
    named = multipart(field("title", b"Policy"), (b'Content-Disposition: form-data; name="file"; '
                                                  b"filename*=UTF-8''policy-%FF.txt", b"hello"))
    r = post(Client(), "/api/v1/orgs/acme/evidence", named, headers=owner_api.headers)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "file"]
    assert not Evidence.objects.exists()


# --- finding 10: one upload limit, the same on the page and the API --------------------------------------------

def test_page_and_api_enforce_the_same_upload_limit(web, settings):
    settings.FORTY2_MAX_UPLOAD_BYTES = 4000
    big = SimpleUploadedFile("big.txt", b"a" * 4001)
    r = Client().post("/api/v1/orgs/acme/evidence", {"title": "Big", "file": big}, headers=web.api.headers)
    assert r.status_code == 422 and "larger than the limit of 4000 bytes" in r.json()["detail"][0]["msg"]
    page = web.post("/o/acme/evidence/new", {"title": "Big", "description": "", "url": "", "owner": "",
                                             "effective_date": "", "valid_until": "",
                                             "file": SimpleUploadedFile("big.txt", b"a" * 4001)})
    assert page.status_code == 200 and "larger than the limit of 4000 bytes" in page.content.decode()
    assert "at most 4000 bytes" in web.get("/o/acme/evidence/new").content.decode()
    ok = Client().post("/api/v1/orgs/acme/evidence", {"title": "Fits", "file": SimpleUploadedFile(
        "fits.txt", b"a" * 4000)}, headers=web.api.headers)
    assert ok.status_code == 201
    assert list(Evidence.objects.values_list("title", flat=True)) == ["Fits"]


def test_the_api_accepts_evidence_beyond_the_old_11_mb_request_limit(owner_api):
    data = b"evidence line\n" * (12 * 1024 * 1024 // 14)
    r = Client().post("/api/v1/orgs/acme/evidence", {"title": "Large log", "file": SimpleUploadedFile(
        "large.log", data)}, headers=owner_api.headers)
    assert r.status_code == 201, r.content[:300]
    assert r.json()["file"]["size"] == len(data)


def test_an_upload_request_over_the_limit_is_413_naming_it(owner_api, web, settings):
    settings.FORTY2_MAX_UPLOAD_BYTES = 1000
    body = multipart(field("title", b"T"), file_part(b"big.txt", b"a" * (1024 * 1024 + 2000)))
    r = post(Client(), "/api/v1/orgs/acme/evidence", body, headers=owner_api.headers)
    assert r.status_code == 413
    assert "FORTY2_MAX_UPLOAD_BYTES" in r.json()["detail"] and "1000 bytes" in r.json()["detail"]
    page = post(web, "/o/acme/evidence/new", body)
    assert page.status_code == 413 and "FORTY2_MAX_UPLOAD_BYTES" in page.content.decode()


# --- finding 8b: a request size limit on every path --------------------------------------------------------------

def test_an_anonymous_large_post_to_the_sign_in_page_is_413_before_it_is_read(client):
    r = client.post("/accounts/login/", {"login": "a@example.com", "password": "x" * (100 * 1024)})
    assert r.status_code == 413
    html = r.content.decode()
    assert "not signed in" in html and "65536 bytes" in html


def test_a_declared_300_mb_body_is_refused_without_reading_it(client):
    r = client.generic("POST", "/accounts/login/", b"login=a", content_type="application/x-www-form-urlencoded",
                       CONTENT_LENGTH=str(300 * 1024 * 1024))
    assert r.status_code == 413 and "314572800 bytes (300 MB)" in r.content.decode()


def test_a_signed_in_page_that_takes_no_upload_keeps_the_form_limit(web):
    body = multipart(field("title", b"T"), file_part(b"big.txt", b"a" * (6 * 1024 * 1024)))
    r = post(web, "/o/acme/evidence/requests/", body)
    assert r.status_code == 413 and "(5 MB)" in r.content.decode()
    small = web.post("/o/acme/evidence/requests/", {"title": "ok"})
    assert small.status_code == 200


def test_an_anonymous_api_call_gets_the_small_limit(db):
    r = Client().generic("POST", "/api/v1/orgs/acme/evidence", b"x" * (70 * 1024), content_type="application/json")
    assert r.status_code == 413 and "not signed in" in r.json()["detail"]


def _chunked_request(path, body: bytes, terminated=True, user=None):
    request = RequestFactory().generic("POST", path, b"-", content_type="application/x-www-form-urlencoded",
                                       HTTP_TRANSFER_ENCODING="chunked")
    request.META.pop("CONTENT_LENGTH", None)
    request.META["wsgi.input"] = io.BytesIO(body)
    if terminated:
        request.META["wsgi.input_terminated"] = True
    from django.contrib.auth.models import AnonymousUser

    request.user = user or AnonymousUser()
    return request


def test_a_chunked_body_is_read_no_further_than_the_limit(owner_api):
    seen = {}

    def view(request):
        seen["title"] = request.POST.get("title")
        from django.http import HttpResponse

        return HttpResponse("ok")

    from forty2.core.middleware import RequestLimits

    middleware = RequestLimits(view)
    big = _chunked_request("/accounts/login/", b"title=" + b"a" * (200 * 1024))
    r = middleware(big)
    assert r.status_code == 413 and "not signed in" in r.content.decode()
    assert big.META["wsgi.input"].tell() <= 64 * 1024 + 1  # never read further than the limit
    ok = middleware(_chunked_request("/o/acme/evidence/requests/", b"title=Fine", user=owner_api.membership.user))
    assert ok.status_code == 200 and seen["title"] == "Fine"
    unknown = middleware(_chunked_request("/accounts/login/", b"title=x", terminated=False))
    assert unknown.status_code == 411


def test_the_refusal_still_says_why_when_the_page_cannot_be_drawn(client, monkeypatch):
    from forty2.core import middleware

    def broken(*args, **kwargs):
        raise ValueError("Missing staticfiles manifest entry")

    monkeypatch.setattr(middleware, "render", broken)
    r = client.post("/accounts/login/", {"login": "a@example.com", "password": "x" * (100 * 1024)})
    assert r.status_code == 413 and "the limit is 65536 bytes" in r.content.decode()
