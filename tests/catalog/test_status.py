"""An organisation's status on a requirement (ISO/IEC 42001 9.1 evaluation; later the SoA and gap assessment):
read, set by the roles that may edit records, audited, versioned, never visible to another organisation, and
inferences confirmed or rejected through the API. ISO/IEC 42001's own statuses are decided by the SoA and the clause
assessments (tests/catalog/test_one_truth.py), so these tests use ISO/IEC 27001 and ISO 9001."""

import pytest

from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db
URL = "/orgs/acme/requirements/iso-iec-27001-2022/A.5.1/status"


def test_an_unassessed_requirement_reads_as_not_assessed(owner_api):
    body = owner_api.get(URL).json_body
    assert (body["status"], body["source"], body["version"]) == ("not_assessed", None, 0)
    assert (body["framework"], body["ref"]) == ("iso-iec-27001-2022", "A.5.1")


def test_setting_a_status_is_versioned_and_audited(owner_api):
    r = owner_api.put(URL, {"status": "partial", "note": "Validation plan exists; no test report yet."})
    assert r.status_code == 200, r.json_body
    assert (r.json_body["status"], r.json_body["source"], r.json_body["version"]) == ("partial", "assessed", 1)
    assert r.json_body["updated_by"] == owner_api.membership.user.email
    r2 = owner_api.put(URL, {"status": "conforming", "version": 1})
    assert r2.json_body["version"] == 2
    event = AuditEvent.objects.filter(organization=owner_api.membership.organization).latest("seq")
    assert event.action == "requirement_status.set"
    assert event.object_type == "requirement" and event.object_repr == "ISO/IEC 27001 A.5.1"
    assert event.changes["status"] == ["partial", "conforming"]


def test_a_stale_version_is_409_and_changes_nothing(owner_api):
    owner_api.put(URL, {"status": "partial"})
    owner_api.put(URL, {"status": "conforming", "version": 1})
    stale = owner_api.put(URL, {"status": "not_conforming", "version": 1})
    assert stale.status_code == 409 and stale.json_body["current_version"] == 2
    assert owner_api.get(URL).json_body["status"] == "conforming"


@pytest.mark.parametrize("body, field", [
    ({"status": "done"}, "status"), ({"status": "partial", "colour": "red"}, "colour"),
    ({"status": "partial", "note": "x" * 5001}, "note"), ({}, "status"),
])
def test_bad_input_is_422_naming_the_field(owner_api, body, field):
    r = owner_api.put(URL, body)
    assert r.status_code == 422
    assert ["body", field] in [d["loc"] for d in r.json_body["detail"]]


def test_a_heading_has_no_status_of_its_own(owner_api):
    r = owner_api.put("/orgs/acme/requirements/iso-iec-42001-2023/A.6/status", {"status": "conforming"})
    assert r.status_code == 422
    assert "heading" in r.json_body["detail"][0]["msg"]


@pytest.mark.parametrize("role, code", [
    (Role.OWNER, 200), (Role.AIMS_MANAGER, 200), (Role.CONTRIBUTOR, 403),  # a contributor: only what they own
    (Role.INTERNAL_AUDITOR, 403), (Role.EXTERNAL_AUDITOR, 403), (Role.VIEWER, 403),
])
def test_who_may_set_a_status(api_as, role, code):
    """tests/catalog/test_status_rights.py: a contributor sets the status of the clauses and controls they own."""
    api = api_as(role)
    assert api.get(URL).status_code == 200
    assert api.put(URL, {"status": "conforming"}).status_code == code


def test_another_organisation_sees_neither_the_status_nor_the_path(owner_api, api_as, globex):
    owner_api.put(URL, {"status": "conforming"})
    other = api_as(Role.OWNER, org=globex)
    assert other.get(URL).status_code == 404
    assert other.put(URL, {"status": "partial"}).status_code == 404
    theirs = other.get("/orgs/globex/requirements/iso-iec-27001-2022/A.5.1/status").json_body
    assert theirs["status"] == "not_assessed"


def test_the_framework_status_list(owner_api):
    owner_api.put(URL, {"status": "partial"})
    owner_api.put("/orgs/acme/requirements/iso-iec-27001-2022/4.1/status", {"status": "conforming"})
    body = owner_api.get("/orgs/acme/requirements/iso-iec-27001-2022").json_body
    assert [(i["ref"], i["status"]) for i in body["items"]] == [("4.1", "conforming"), ("A.5.1", "partial")]


def test_inferences_listed_confirmed_and_rejected_through_the_api(owner_api, api_as):
    """The shipped crosswalks map onto ISO/IEC 42001: its clause statuses (the clause assessment's) imply ISO 9001's."""
    from forty2.catalog.models import Requirement
    from forty2.catalog.services import set_status

    for ref in ("7.2", "4.4"):
        set_status(owner_api.membership, Requirement.objects.get(framework__slug="iso-iec-42001-2023", ref=ref),
                   status="conforming")
    base = "/orgs/acme/requirements/iso-9001-2015"
    listed = owner_api.get(f"{base}/7.2/inferences").json_body
    item = next(i for i in listed["items"] if i["from_framework"] == "iso-iec-42001-2023")
    assert (item["from_ref"], item["implied_status"], item["state"]) == ("7.2", "conforming", "pending")
    assert item["label"] == "inferred from ISO/IEC 42001 7.2, equivalent" and item["provenance"]
    implications = owner_api.get("/orgs/acme/requirements/iso-iec-42001-2023/7.2/implications").json_body
    assert ("iso-9001-2015", "7.2") in {(i["to_framework"], i["to_ref"]) for i in implications["items"]}
    assert owner_api.get(f"{base}/7.2/status").json_body["status"] == "not_assessed"  # nothing applied yet
    viewer = api_as(Role.VIEWER)
    action = {"from_framework": "iso-iec-42001-2023", "from_ref": "7.2"}
    assert viewer.post(f"{base}/7.2/inferences/confirm", action).status_code == 403
    confirmed = owner_api.post(f"{base}/7.2/inferences/confirm", action)
    assert confirmed.status_code == 200, confirmed.json_body
    assert (confirmed.json_body["status"], confirmed.json_body["source"]) == ("conforming", "inferred")
    assert confirmed.json_body["inferred_from"] == {"framework": "iso-iec-42001-2023", "ref": "7.2"}
    assert confirmed.json_body["confirmed_by"] == owner_api.membership.user.email
    rejected = owner_api.post(f"{base}/4.4/inferences/reject", {"from_framework": "iso-iec-42001-2023",
                                                                "from_ref": "4.4", "note": "Not our scope"})
    assert rejected.status_code == 200
    # 42001 4.4 is a subset of 9001 4.4: at most partial, and rejected now
    assert next(i for i in rejected.json_body["items"] if i["from_ref"] == "4.4")["state"] == "rejected"
    nothing = owner_api.post(f"{base}/4.4/inferences/confirm", {"from_framework": "iso-iec-42001-2023",
                                                                "from_ref": "8.7"})
    assert nothing.status_code == 422
