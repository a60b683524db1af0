"""The certification API: the certification with its schedule, PATCH/PUT with version, the audits, the events;
409 for a decision blocked by an open major nonconformity, 422 naming the field; statement count flat in rows."""

import pytest

from forty2.tenancy.models import Role

from .conftest import days_ago

pytestmark = pytest.mark.django_db
BASE = "/orgs/acme/certification"


@pytest.fixture
def api(api_as):
    return api_as(Role.AIMS_MANAGER)


def test_get_patch_put(api):
    r = api.get(BASE)
    assert r.status_code == 200, r.json_body
    body = r.json_body
    assert body["phase"] == "planning" and body["standard"] == "ISO/IEC 42001:2023" and body["schedule"] == []
    assert body["next_due"] is None and body["decision_blockers"]
    r = api.patch(BASE, {"certification_body": "Trusted Cert Ltd", "version": body["version"]})
    assert r.status_code == 200 and r.json_body["certification_body"] == "Trusted Cert Ltd"
    r = api.patch(BASE, {"certification_body": "Other", "version": body["version"]})
    assert r.status_code == 409  # the field changed since the version sent
    r = api.patch(BASE, {"certification_body": "Other"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "version"
    r = api.put(BASE, {"certification_body": "Trusted Cert Ltd", "accreditation_body": "UKAS", "scope": "All AI",
                       "version": r.json_body and api.get(BASE).json_body["version"]})
    assert r.status_code == 200 and r.json_body["accreditation_body"] == "UKAS"
    assert r.json_body["certificate_number"] == ""
    r = api.patch(BASE, {"status": "certified", "version": r.json_body["version"]})
    assert r.status_code == 422  # status changes only through events


def test_audits_and_a_decision_through_the_api(api, make_audit, make_nc):
    r = api.post(f"{BASE}/audits", {"kind": "stage2", "planned_start": days_ago(-30).isoformat()})
    assert r.status_code == 409 and "stage 1" in r.json_body["detail"]
    r = api.post(f"{BASE}/audits", {"kind": "stage1", "planned_start": days_ago(60).isoformat(),
                                    "completed_on": days_ago(58).isoformat()})
    assert r.status_code == 201 and r.json_body["status"] == "completed", r.json_body
    r = api.post(f"{BASE}/audits", {"kind": "stage2", "planned_start": days_ago(30).isoformat(),
                                    "completed_on": days_ago(-1).isoformat()})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "completed_on"
    r = api.post(f"{BASE}/audits", {"kind": "stage2", "planned_start": days_ago(30).isoformat(),
                                    "completed_on": days_ago(28).isoformat()})
    stage2 = r.json_body["id"]
    from forty2.audits.models import Audit
    make_nc(Audit.objects.get(pk=stage2), "major_nc", title="Impact assessments missing")
    decision = {"kind": "decision", "date": days_ago(1).isoformat(), "certificate_number": "AIMS-7"}
    r = api.post(f"{BASE}/events", decision)
    assert r.status_code == 409 and "Impact assessments missing" in r.json_body["detail"]
    r = api.post(f"{BASE}/events", {**decision, "kind": "promotion"})
    assert r.status_code == 422
    r = api.post(f"{BASE}/events", {**decision, "certificate_number": ""})
    assert r.status_code in (409, 422)
    from forty2.improvement.models import Nonconformity
    Nonconformity.objects.update(state="closed")
    r = api.post(f"{BASE}/events", decision)
    assert r.status_code == 201 and r.json_body["status_after"] == "certified"
    got = api.get(BASE).json_body
    assert got["phase"] == "certified" and got["next_due"]["key"] == "surveillance-1"
    assert [i["kind"] for i in got["schedule"]][-1] == "recertification"
    r = api.get(f"{BASE}/audits")
    assert r.json_body["count"] == 2 and r.json_body["items"][1]["findings"]["major_nc"] == 1
    r = api.get(f"{BASE}/events")
    assert r.json_body["count"] == 1 and r.json_body["items"][0]["certificate_number"] == "AIMS-7"


def test_roles_and_isolation(api_as, member, globex):
    viewer = api_as(Role.VIEWER)
    assert viewer.get(BASE).status_code == 200
    assert viewer.post(f"{BASE}/events", {"kind": "decision", "date": days_ago(1).isoformat(),
                                          "certificate_number": "X"}).status_code == 403
    assert viewer.post(f"{BASE}/audits", {"kind": "stage1",
                                          "planned_start": days_ago(-3).isoformat()}).status_code == 403
    auditor = api_as(Role.INTERNAL_AUDITOR)  # read-only for the certification: the CB's audits are management's
    assert auditor.post(f"{BASE}/audits", {"kind": "stage1",
                                           "planned_start": days_ago(-3).isoformat()}).status_code == 403
    other = api_as(Role.OWNER, org=globex)
    assert other.get(BASE).status_code == 404


def test_statement_count_is_flat(api, make_audit, make_nc, django_assert_max_num_queries):
    _s1, s2 = make_audit("stage1", 60), make_audit("stage2", 30)
    make_nc(s2, "minor_nc", plan=True)
    api.get(BASE)
    api.get(f"{BASE}/audits")

    def counts():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        found = []
        for path in (BASE, f"{BASE}/audits", f"{BASE}/events"):
            with CaptureQueriesContext(connection) as ctx:
                assert api.get(path).status_code == 200
            found.append(len(ctx.captured_queries))
        return found

    before = counts()
    for _ in range(8):
        make_nc(make_audit("surveillance", 10), "minor_nc", plan=True)
    make_nc(s2, "minor_nc", plan=True)
    assert counts() == before
