"""The certification page (status, schedule, audits, events, forms), My work and the e-mail reminders (once per
threshold)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from forty2.certification import reminders, schedule, services
from forty2.certification.models import ReminderSent
from forty2.tenancy.models import Role
from forty2.tenancy.work import items_for

from .conftest import days_ago

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(manager):
    c = Client()
    c.force_login(manager.user)
    return c


def test_page_shows_blockers_and_records_a_decision(client, manager, ready, make_nc):
    f = make_nc(ready[1], "major_nc", title="Risk treatment not approved")
    page = client.get("/o/acme/certification/")
    text = page.content.decode()
    assert page.status_code == 200 and "Risk treatment not approved" in text and "Record the event" in text
    version = services.certification(manager.organization).version
    form = {"kind": "decision", "date": days_ago(1).isoformat(), "certificate_number": "AIMS-9",
            "version": version, "note": "", "scope": ""}
    r = client.post("/o/acme/certification/events", form)
    assert r.status_code == 422 and "Risk treatment not approved" in r.content.decode()
    type(f.nonconformity).objects.filter(pk=f.nonconformity.pk).update(state="closed")
    r = client.post("/o/acme/certification/events", form)
    assert r.status_code == 302
    text = client.get("/o/acme/certification/").content.decode()
    assert "AIMS-9" in text and "First surveillance audit" in text and "Certification decision" in text


def test_page_plans_an_audit_and_edits(client, manager):
    r = client.post("/o/acme/certification/audits", {"kind": "stage1", "planned_start": days_ago(-20).isoformat()})
    assert r.status_code == 302
    assert services.certification(manager.organization).status == "stage1"
    r = client.post("/o/acme/certification/audits", {"kind": "stage1", "planned_start": "2026-13-40"})
    assert r.status_code == 422
    assert client.get("/o/acme/certification/edit").status_code == 200


def test_viewer_sees_no_forms(member):
    c = Client()
    c.force_login(member(Role.VIEWER).user)
    text = c.get("/o/acme/certification/").content.decode()
    assert "Record the event" not in text and "Plan the audit" not in text
    assert c.post("/o/acme/certification/events", {}).status_code == 403


def _certify(manager, days):
    decision = days_ago(days)
    services.record_event(manager, "decision", date=decision, certificate_number="AIMS-1")
    return decision


def test_reminders_once_per_threshold_and_my_work(manager, member, ready):
    owner = member(Role.OWNER)
    decision = _certify(manager, 20)
    due = schedule.first_surveillance_due(decision)
    org = manager.organization
    assert reminders.send_due(org, due - dt.timedelta(days=91)) == []
    assert not [i for i in items_for([manager]) if i.kind == "certification"]
    sent = reminders.send_due(org, due - dt.timedelta(days=90))
    assert sent == [("surveillance-1", 90, 2)] and len(mail.outbox) == 2
    assert {m.to[0] for m in mail.outbox} == {manager.user.email, owner.user.email}
    assert "90 days" in mail.outbox[0].subject
    assert reminders.send_due(org, due - dt.timedelta(days=60)) == []  # 90 already sent
    assert reminders.send_due(org, due - dt.timedelta(days=30)) == [("surveillance-1", 30, 2)]
    # a run that missed the 7-day mark sends once, not once per threshold passed
    assert reminders.send_due(org, due + dt.timedelta(days=2)) == [("surveillance-1", 7, 2)]
    assert reminders.send_due(org, due + dt.timedelta(days=3)) == []
    assert ReminderSent.objects.count() == 3 and len(mail.outbox) == 6


def test_my_work_lists_the_audit_due(manager, make_audit):
    make_audit("stage1", 330), make_audit("stage2", 310)
    _certify(manager, 300)  # the first surveillance is due in about 65 days
    work = [i for i in items_for([manager]) if i.kind == "certification"]
    assert len(work) == 1 and "first surveillance audit" in work[0].title and work[0].due


def test_command(manager, ready, capsys):
    decision = _certify(manager, 20)
    due = schedule.first_surveillance_due(decision)
    call_command("certification", "remind", "--today", (due - dt.timedelta(days=7)).isoformat())
    assert "surveillance-1 (7 days)" in capsys.readouterr().out
    call_command("certification", "remind", "--today", (due - dt.timedelta(days=6)).isoformat())
    assert "0 reminder(s) sent" in capsys.readouterr().out
    call_command("certification", "remind", "--today", (decision.replace(year=decision.year + 3)).isoformat())
    assert "expired" in capsys.readouterr().out
    call_command("certification", "status", "--org", "acme")
    assert "phase: expired" in capsys.readouterr().out
