"""The audit pages: plan → team → start → results on the checklist → reporting → report approved → completed, in
the browser's words (forms), and the checklist and coverage pages in a constant number of queries (9.2.1, 9.2.2)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forty2.audits import services
from forty2.audits.models import Audit, AuditStatus
from forty2.tenancy.models import Role


def test_pages_walk_the_flow(client, manager, owner, person, acme):
    client.force_login(manager.user)
    r = client.post(reverse("audits:audit_create", args=["acme"]), {
        "title": "Internal audit 2026", "kind": "internal", "scope_clauses": ["4.1", "9.2.2"],
        "scope_controls": ["A.6.2.6"], "planned_start": "2026-03-02", "planned_end": "2026-03-04"})
    assert r.status_code == 302, r.content.decode()[:3000]
    audit = Audit.objects.get(title="Internal audit 2026")
    lead = person("Lena Lead", acme, user=manager.user)
    detail = reverse("audits:audit_detail", args=["acme", audit.pk])
    page = client.get(detail).content.decode()
    assert "Audit team" in page and "Lena Lead" in page and "Open the checklist" in page
    client.post(reverse("audits:auditor_add", args=["acme", audit.pk]), {"person": lead.pk, "role": "lead"})
    audit.refresh_from_db()
    client.post(reverse("audits:audit_step", args=["acme", audit.pk, "start"]), {"version": audit.version})
    audit.refresh_from_db()
    assert audit.status == AuditStatus.IN_PROGRESS
    checklist = reverse("audits:checklist", args=["acme", audit.pk])
    assert "Save the result of 4.1" in client.get(checklist).content.decode()
    for item in audit.items.all():
        r = client.post(reverse("audits:item_result", args=["acme", audit.pk, item.pk]),
                        {"version": item.version, "result": "conforming", "notes": "Seen."})
        assert r.status_code == 302
    assert not audit.items.filter(result="").exists()
    client.post(reverse("audits:audit_step", args=["acme", audit.pk, "report"]), {"version": audit.version})
    audit.refresh_from_db()
    services.update_audit(manager, audit, {"conclusion": "Conforming.", "report": "All good."},
                          version=audit.version)
    audit.refresh_from_db()
    client.force_login(owner.user)
    assert "Approve the report" in client.get(detail).content.decode()
    client.post(reverse("audits:report_approve", args=["acme", audit.pk]), {"version": audit.version})
    assert services.report_approval(audit).approved
    client.post(reverse("audits:audit_step", args=["acme", audit.pk, "complete"]), {"version": audit.version})
    audit.refresh_from_db()
    assert audit.status == AuditStatus.COMPLETED


def test_checklist_page_queries_do_not_grow_with_the_scope(client, audit, manager, person, acme):
    client.force_login(manager.user)
    small = audit("Small", scope_clauses=["4.1"], scope_controls=[])
    full = audit("Full")
    for a in (small, full):
        services.add_auditor(manager, a, person_id=person(f"Lead {a.pk}", acme).pk, role="lead")
    counts = []
    for a in (small, full):
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(reverse("audits:checklist", args=["acme", a.pk]))
        assert r.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert full.items.count() == 70
    assert counts[0] == counts[1], counts


def test_programme_page_shows_coverage_with_gaps(client, manager, owner, audit, person, acme):
    programme = services.create_programme(manager, {"title": "Programme 2026–2028", "period_start": "2026-01-01",
                                                    "period_end": "2028-12-31"})
    client.force_login(owner.user)
    url = reverse("audits:programme_detail", args=["acme", programme.pk])
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(url).content.decode()
    first = len(ctx.captured_queries)
    assert "Coverage" in page and "Never audited" in page and "4.1 Understanding" in page
    assert "Approve the programme" in page  # the owner did not write it
    a = audit("Planned in the programme", programme=programme.pk)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) == first + 0 or len(ctx.captured_queries) <= first + 1
    assert a.pk


def test_external_auditor_sees_only_their_audits(client, member, audit, manager, person, acme):
    ext = member(Role.EXTERNAL_AUDITOR, email="jana@certifier.example")
    theirs = audit("Stage 2", kind="stage2", scope_clauses=["4.1"], scope_controls=[])
    other = audit("Internal only", scope_clauses=["4.2"], scope_controls=[])
    services.add_auditor(manager, theirs, person_id=person("Jana", acme, user=ext.user).pk, role="lead")
    client.force_login(ext.user)
    listing = client.get(reverse("audits:audit_list", args=["acme"])).content.decode()
    assert "Stage 2" in listing and "Internal only" not in listing
    assert client.get(reverse("audits:audit_detail", args=["acme", other.pk])).status_code == 404
    assert client.get(reverse("audits:checklist", args=["acme", other.pk])).status_code == 404
    assert client.get(reverse("audits:audit_detail", args=["acme", theirs.pk])).status_code == 200
