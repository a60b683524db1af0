"""Importing a risk list in the browser: all-or-nothing, with the problems listed by row and column."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from forty2.risk.models import Risk


def test_bad_file_lists_problems_and_saves_nothing_then_good_file_imports(owner_api):
    browser = Client()
    browser.force_login(owner_api.membership.user)
    bad = SimpleUploadedFile("risks.csv", b"title,inherent_likelihood\nDrift,9\n,2\n")
    page = browser.post("/o/acme/risks/import", {"file": bad}).content.decode()
    assert "Nothing was imported" in page and "Row 2, column inherent_likelihood" in page and "Row 3" in page
    assert not Risk.objects.exists()
    good = SimpleUploadedFile("risks.csv", b"title,inherent_likelihood,inherent_consequence\nDrift,2,3\n")
    r = browser.post("/o/acme/risks/import", {"file": good})
    assert r.status_code == 302 and Risk.objects.get().inherent_level == "medium"


def test_openapi_documents_the_risk_collections(owner_api):
    schema = Client().get("/api/v1/openapi.json").json()
    for path in ("/api/v1/orgs/{org}/risks", "/api/v1/orgs/{org}/risks/{pk}/accept",
                 "/api/v1/orgs/{org}/impact-assessments/{pk}/approve", "/api/v1/orgs/{org}/risk-methodology",
                 "/api/v1/orgs/{org}/risk-assessments"):
        assert path in schema["paths"], path
