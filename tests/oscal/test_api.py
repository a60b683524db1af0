"""``GET /api/v1/orgs/{org}/oscal/{model}`` (ISO/IEC 42001 7.5.3): JSON that passes NIST's schema, 422 naming an
unknown model, 403 for a role that may not see every audit, 404 across organisations, one audit event per export."""

import pytest

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def test_an_unknown_model_is_a_422_naming_it(owner_api):
    r = owner_api.get("/orgs/acme/oscal/component-definition")
    assert r.status_code == 422
    (problem,) = r.json_body["detail"]
    assert problem["loc"] == ["path", "model"] and "component-definition" in problem["msg"]
    assert not AuditEvent.objects.filter(action="oscal.export").exists()


def test_a_viewer_gets_the_ssp_of_a_new_organisation_as_valid_json(api_as, oscal_validator):
    api = api_as(Role.VIEWER)
    r = api.get("/orgs/acme/oscal/ssp")
    assert r.status_code == 200 and r["Content-Type"] == "application/json"
    assert oscal_validator.is_valid(r.json_body)
    ssp = r.json_body["system-security-plan"]
    assert ssp["system-characteristics"]["status"]["state"] == "under-development"  # no approved scope statement
    assert len(ssp["control-implementation"]["implemented-requirements"]) >= 32  # the clauses
    (event,) = AuditEvent.objects.filter(action="oscal.export")
    assert event.changes["model"] == "ssp" and event.changes["uuid"] == ssp["uuid"]
    assert event.actor == api.membership.user and event.organization == api.membership.organization


def test_an_external_auditor_may_not_export_audit_results_or_the_poam(api_as, oscal_validator):
    api = api_as(Role.EXTERNAL_AUDITOR)
    for model in ("assessment-results", "poam"):
        r = api.get(f"/orgs/acme/oscal/{model}")
        assert r.status_code == 403, model
        assert "external auditor" in r.json_body["detail"]
    r = api.get("/orgs/acme/oscal/catalog")
    assert r.status_code == 200 and oscal_validator.is_valid(r.json_body)
    assert r.json_body["catalog"]["metadata"]["oscal-version"] == "1.2.3"
    assert list(AuditEvent.objects.filter(action="oscal.export").values_list("changes__model", flat=True)) == [
        "catalog"]


def test_documents_that_need_records_say_what_is_missing(owner_api):
    for model, words in (("profile", "no Annex A control"), ("assessment-results", "No audit is completed"),
                         ("poam", "No corrective action")):
        r = owner_api.get(f"/orgs/acme/oscal/{model}")
        assert r.status_code == 422, model
        assert words in r.json_body["detail"][0]["msg"]


def test_another_organisation_is_a_404(api_as, globex):
    api = api_as(Role.OWNER, org=globex)
    assert api.get("/orgs/acme/oscal/ssp").status_code == 404
    assert api.get("/orgs/globex/oscal/ssp").status_code == 200
