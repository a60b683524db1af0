"""Who may set a requirement's conformity status (ISO/IEC 42001 9.1, A.3.2; issue #14 finding 4): owners and AIMS
managers any; a contributor only on the clause (clause assessment) or control (SoA entry) they own — through
the clause assessment API and its page alike. ISO/IEC 42001 statuses are decided there and in the SoA, never in the
catalog: the catalog checks the same rights, then points to that place (tests/catalog/test_one_truth.py)."""

import pytest

from forty2.catalog.models import RequirementStatus
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
FW = "iso-iec-42001-2023"


def _own_clause(owner_api, ref, email):
    c = owner_api.get(f"/orgs/acme/clause-assessments/{ref}").json_body
    r = owner_api.patch(f"/orgs/acme/clause-assessments/{ref}", {"owner": email, "version": c["version"]})
    assert r.status_code == 200, r.json_body


def test_a_contributor_who_owns_nothing_cannot_set_any_clause_status(owner_api, api_as):
    owner_api.get("/orgs/acme/clause-assessments")  # the clause assessments exist
    outsider = api_as(Role.CONTRIBUTOR)
    r = outsider.put(f"/orgs/acme/requirements/{FW}/5.2/status", {"status": "conforming"})
    assert r.status_code == 403 and "clause or control you own" in r.json_body["detail"]  # rights come first
    c = outsider.get("/orgs/acme/clause-assessments/5.2").json_body
    r = outsider.patch("/orgs/acme/clause-assessments/5.2", {"status": "conforming", "version": c["version"]})
    assert r.status_code == 403
    assert not RequirementStatus.objects.exists()


def test_the_clause_owner_sets_its_status_and_no_other(owner_api, api_as):
    clause_owner = api_as(Role.CONTRIBUTOR)
    _own_clause(owner_api, "5.2", clause_owner.membership.user.email)
    c = clause_owner.get("/orgs/acme/clause-assessments/5.2").json_body
    r = clause_owner.patch("/orgs/acme/clause-assessments/5.2", {"status": "partial", "note": "Draft policy",
                                                                 "version": c["version"]})
    assert r.status_code == 200, r.json_body
    c = clause_owner.get("/orgs/acme/clause-assessments/5.3").json_body
    assert clause_owner.patch("/orgs/acme/clause-assessments/5.3", {"status": "partial", "version": c["version"]}
                              ).status_code == 403
    # the catalog sends even the clause's owner to the clause assessment
    r = clause_owner.put(f"/orgs/acme/requirements/{FW}/5.2/status", {"status": "conforming"})
    assert r.status_code == 409 and "/o/acme/controls/clauses/5.2/" in r.json_body["detail"]
    assert clause_owner.put(f"/orgs/acme/requirements/{FW}/5.3/status", {"status": "partial"}).status_code == 403


def test_a_control_owner_sets_the_status_of_their_annex_a_control(owner_api, api_as):
    control_owner = api_as(Role.CONTRIBUTOR)
    entry = owner_api.get("/orgs/acme/soa/A.6.2.4").json_body
    owner_api.patch("/orgs/acme/soa/A.6.2.4", {"version": entry["version"],
                                               "owner": control_owner.membership.user.email})
    url = f"/orgs/acme/requirements/{FW}/A.6.2.4/status"
    r = control_owner.put(url, {"status": "conforming"})
    assert r.status_code == 409 and "/o/acme/controls/A.6.2.4/" in r.json_body["detail"]  # decided in the SoA
    assert api_as(Role.CONTRIBUTOR, email="x@acme.example").put(url, {"status": "partial"}).status_code == 403


def test_the_pages_refuse_an_outsider_and_offer_no_form(owner_api, api_as, client):
    owner_api.get("/orgs/acme/clause-assessments")
    outsider = api_as(Role.CONTRIBUTOR)
    client.force_login(outsider.membership.user)
    page = client.get(f"/o/acme/catalog/{FW}/5.2/").content.decode()
    assert "Save status" not in page and 'href="/o/acme/controls/clauses/5.2/"' in page
    r = client.post(f"/o/acme/catalog/{FW}/5.2/status", {"status": "conforming", "note": "", "version": 0})
    assert r.status_code == 302 and r["Location"] == "/o/acme/controls/clauses/5.2/"
    r = client.post("/o/acme/controls/clauses/5.2/", {"status": "conforming", "note": "", "owner": "", "version": 1})
    assert r.status_code == 403
    assert not RequirementStatus.objects.exists()
