"""The SoA, clause, evidence and readiness endpoints are documented in the OpenAPI schema."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_openapi_lists_the_soa_endpoints(db):
    paths = Client().get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/orgs/{org}/soa", "/api/v1/orgs/{org}/soa/{ref}", "/api/v1/orgs/{org}/soa/versions",
                 "/api/v1/orgs/{org}/soa/versions/compare", "/api/v1/orgs/{org}/clause-assessments",
                 "/api/v1/orgs/{org}/clause-assessments/{ref}", "/api/v1/orgs/{org}/evidence",
                 "/api/v1/orgs/{org}/evidence/{pk}/download", "/api/v1/orgs/{org}/readiness"):
        assert path in paths, path


def test_evidence_paging_outside_the_limits_is_422(owner_api):
    assert owner_api.get("/orgs/acme/evidence?limit=501").status_code == 422
    assert owner_api.get("/orgs/acme/evidence?kind=video").status_code == 422
    assert owner_api.get("/orgs/acme/evidence").json_body == {"items": [], "count": 0}
