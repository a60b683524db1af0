"""The improvement log (ISO/IEC 42001 10.1) through the API, the pages and the service the management review calls:
create, read, list, the status workflow with its rules (plan needs owner and due date, done needs the benefit
seen, reject needs a note), 422s naming the field, 409 on a stale version, My work for overdue entries, and a
list whose statement count does not grow with its rows."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from forty2.core.models import AuditEvent
from forty2.improvement import log_services
from forty2.improvement.loop import work as for_membership
from forty2.improvement.models import Improvement
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_api(api_as):
    return api_as(Role.AIMS_MANAGER, email="manager@acme.example")


def _create(api, **fields):
    r = api.post("/orgs/acme/improvements", {"title": "Drift alerts on the triage dashboard", "source": "suggestion",
                                             **fields})
    assert r.status_code == 201, r.json_body
    return r.json_body


def _step(api, body, step, **extra):
    return api.post(f"/orgs/acme/improvements/{body['id']}/{step}", {"version": body["version"], **extra})


def test_create_read_list_and_the_workflow_through_the_api(manager_api):
    body = _create(manager_api, benefit="Drift seen within a day")
    assert body["status"] == "proposed" and body["finding"] is None and body["overdue"] is False
    assert manager_api.get(f"/orgs/acme/improvements/{body['id']}").json_body["title"].startswith("Drift")
    listed = manager_api.get("/orgs/acme/improvements?status=proposed").json_body
    assert listed["count"] == 1
    # planning needs an owner and a due date: 422 naming both
    r = _step(manager_api, body, "plan")
    assert r.status_code == 422
    assert {e["loc"][-1] for e in r.json_body["detail"]} == {"owner", "due_on"}
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    r = manager_api.patch(f"/orgs/acme/improvements/{body['id']}",
                          {"version": body["version"], "owner": "manager@acme.example", "due_on": due})
    assert r.status_code == 200, r.json_body
    body = r.json_body
    body = _step(manager_api, body, "plan").json_body
    assert body["status"] == "planned"
    body = _step(manager_api, body, "start").json_body
    assert body["status"] == "in_progress"
    r = _step(manager_api, body, "complete")
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "benefit_seen"
    body = manager_api.patch(f"/orgs/acme/improvements/{body['id']}",
                             {"version": body["version"], "benefit_seen": "Two drifts caught in May"}).json_body
    body = _step(manager_api, body, "complete").json_body
    assert body["status"] == "done" and body["done_on"] == timezone.localdate().isoformat()
    # a stale version is a 409; reopening needs a note
    assert _step(manager_api, {**body, "version": body["version"] - 1}, "reopen", note="x").status_code == 409
    assert _step(manager_api, body, "reopen").status_code == 422
    body = _step(manager_api, body, "reopen", note="The alerts were switched off").json_body
    assert body["status"] == "proposed" and body["done_on"] is None
    actions = list(AuditEvent.objects.filter(object_type="improvement", object_id=str(body["id"]))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["improvement.create", "improvement.update", "improvement.plan", "improvement.start",
                       "improvement.update", "improvement.complete", "improvement.reopen"]


def test_reject_needs_a_note_and_a_step_from_the_wrong_state_is_a_conflict(manager_api):
    body = _create(manager_api)
    assert _step(manager_api, body, "reject").status_code == 422
    assert _step(manager_api, body, "start").status_code == 409
    body = _step(manager_api, body, "reject", note="Covered by the vendor's release").json_body
    assert body["status"] == "rejected"


def test_bad_input_is_a_422_naming_the_field(manager_api):
    r = manager_api.post("/orgs/acme/improvements", {"source": "suggestion"})
    assert r.status_code == 422 and "title" in str(r.json_body)
    r = manager_api.post("/orgs/acme/improvements", {"title": "x", "source": "nope"})
    assert r.status_code == 422 and "source" in str(r.json_body)
    # an opportunity or a closed nonconformity is added by its record, not by hand
    for source in ("opportunity", "nonconformity"):
        r = manager_api.post("/orgs/acme/improvements", {"title": "x", "source": source})
        assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "source"
    r = manager_api.post("/orgs/acme/improvements", {"title": "x", "source": "review_decision"})
    assert r.status_code == 422 and r.json_body["detail"][0]["loc"][-1] == "source_note"
    r = manager_api.post("/orgs/acme/improvements", {"title": "x", "status": "done"})
    assert r.status_code == 422  # the status moves only through the steps


def test_the_management_review_adds_its_decisions(member):
    m = member(Role.AIMS_MANAGER)
    entry = log_services.create_improvement(m, {"title": "Monthly bias review of the chatbot",
                                                "source": "review_decision",
                                                "source_note": "Management review 2026-Q2, decision 3"})
    assert entry.status == "proposed" and entry.created_by == m.user and entry.source == "review_decision"


def test_a_viewer_reads_but_cannot_write(api_as, manager_api):
    body = _create(manager_api)
    viewer = api_as(Role.VIEWER)
    assert viewer.get(f"/orgs/acme/improvements/{body['id']}").status_code == 200
    assert viewer.post("/orgs/acme/improvements", {"title": "x"}).status_code == 403
    assert _step(viewer, body, "reject", note="no").status_code == 403


def test_another_organisation_cannot_see_it(api_as, manager_api, globex):
    body = _create(manager_api)
    other = api_as(Role.OWNER, org=globex)
    assert other.get(f"/orgs/globex/improvements/{body['id']}").status_code == 404
    assert other.post(f"/orgs/globex/improvements/{body['id']}/reject",
                      {"version": body["version"], "note": "x"}).status_code == 404


def test_pages_list_create_detail_and_steps(manager_api):
    m = manager_api.membership
    client = Client()
    client.force_login(m.user)
    r = client.post("/o/acme/improvements/new", {"title": "Shorter model cards", "source": "other",
                                                             "owner": m.user.email,
                                                             "due_on": "2030-01-01"})
    assert r.status_code == 302, r.content.decode()[:3000]
    entry = Improvement.objects.get(title="Shorter model cards")
    page = client.get(f"/o/acme/improvements/{entry.pk}/").content.decode()
    assert "Status: Proposed" in page and "Plan it" in page
    r = client.post(f"/o/acme/improvements/{entry.pk}/step/plan", {"version": entry.version})
    assert r.status_code == 302
    entry.refresh_from_db()
    assert entry.status == "planned"
    listing = client.get("/o/acme/improvements/").content.decode()
    assert "Shorter model cards" in listing and "Improvement log" in listing
    nav = client.get("/o/acme/").content.decode()
    assert "/o/acme/improvements/" in nav


def test_overdue_improvements_are_in_their_owners_work(member):
    manager = member(Role.AIMS_MANAGER)
    contributor = member(Role.CONTRIBUTOR)
    entry = log_services.create_improvement(manager, {"title": "Retrain on 2026 data", "source": "other",
                                                      "owner": contributor.user.email,
                                                      "due_on": (timezone.localdate() + dt.timedelta(days=5))})
    assert not [w for w in for_membership(contributor) if w.kind == "improvement"]
    Improvement.objects.filter(pk=entry.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
    items = [w for w in for_membership(contributor) if w.kind == "improvement"]
    assert len(items) == 1 and items[0].overdue and "Retrain on 2026 data" in items[0].title
    assert not [w for w in for_membership(manager) if w.kind == "improvement"]  # it has an owner


def test_the_list_reads_a_constant_number_of_statements(manager_api, member, django_assert_max_num_queries):
    m = member(Role.AIMS_MANAGER, email="other@acme.example")
    for n in range(3):
        log_services.create_improvement(m, {"title": f"Entry {n}", "source": "other", "owner": m.user.email})
    with django_assert_max_num_queries(12) as few:
        assert manager_api.get("/orgs/acme/improvements").json_body["count"] == 3
    for n in range(20):
        log_services.create_improvement(m, {"title": f"More {n}", "source": "other", "owner": m.user.email})
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert manager_api.get("/orgs/acme/improvements").json_body["count"] == 23


def test_the_cli_exports_and_imports_improvements(member, tmp_path):
    import csv
    import io

    from django.core.management import call_command

    m = member(Role.OWNER)
    log_services.create_improvement(m, {"title": "Drift alerts", "source": "suggestion"})
    source = tmp_path / "in.csv"
    source.write_text("title,source\nShorter model cards,other\n", encoding="utf-8")
    call_command("import", "improvements", str(source), "--org", "acme", stdout=io.StringIO())
    target = tmp_path / "out.csv"
    call_command("export", "improvements", "--org", "acme", "-o", str(target), "--filter", "source=other",
                 stdout=io.StringIO())
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert [r["title"] for r in rows] == ["Shorter model cards"] and rows[0]["status"] == "proposed"
