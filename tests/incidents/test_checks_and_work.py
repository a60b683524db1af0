"""Clause checks A.3.3, A.8.3 and A.8.4 read content, not existence; My work lists concerns to triage for those who
handle them and incidents with a running reporting deadline for owners and AIMS managers."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.controls.checks import CHECKS
from forty2.incidents import checks, services, work
from forty2.incidents.models import Concern, Incident
from forty2.people.models import AimsRole, Person, RoleAssignment, RoleKind
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


def _ago(days):
    return timezone.now() - dt.timedelta(days=days)


def test_the_checks_are_registered_under_annex_a():
    assert {c.code for c in CHECKS["A.3.3"]} >= {"concern_channel"}
    assert {c.code for c in CHECKS["A.8.3"]} >= {"external_reports"}
    assert {c.code for c in CHECKS["A.8.4"]} >= {"ai_incidents"}


def test_a_3_3_needs_the_channel_on_and_concerns_triaged_and_owned(manager):
    org = manager.organization
    assert not checks.concerns_handled(org, {})  # nothing by default
    services.set_channel(manager, enabled=True)
    assert checks.concerns_handled(org, {})
    concern, _ = services.submit_concern(org, subject="Late triage")
    Concern.objects.filter(pk=concern.pk).update(triage_due=timezone.localdate() - dt.timedelta(days=1))
    assert not checks.concerns_handled(org, {})
    concern.refresh_from_db()
    concern = services.concern_step(manager, concern, "triage", version=concern.version)
    assert checks.concerns_handled(org, {})
    Concern.objects.filter(pk=concern.pk).update(received_at=_ago(services.OWNERLESS_DAYS + 1))
    assert not checks.concerns_handled(org, {})  # open too long without an owner
    concern.refresh_from_db()
    services.update_concern(manager, concern, {"owner": manager.user.email}, version=concern.version)
    assert checks.concerns_handled(org, {})


def test_a_8_3_needs_external_reports_answered(manager):
    org = manager.organization
    services.set_channel(manager, enabled=True)
    report, _ = services.submit_concern(org, subject="From a GP", kind="external_report")
    assert checks.external_reports_answered(org, {})  # still within the answer period
    Concern.objects.filter(pk=report.pk).update(received_at=_ago(services.ANSWER_DAYS + 1))
    assert not checks.external_reports_answered(org, {})
    report.refresh_from_db()
    report = services.update_concern(manager, report, {"answer": "Fixed."}, version=report.version)
    report = services.concern_step(manager, report, "triage", version=report.version)
    services.concern_step(manager, report, "answer", version=report.version)
    assert checks.external_reports_answered(org, {})
    services.set_channel(manager, enabled=False)
    assert not checks.external_reports_answered(org, {})


def _handler(org):
    person = Person.objects.create(organization=org, name="Hana")
    role = AimsRole.objects.create(organization=org, name="Incident handler", kind=RoleKind.CONCERN_HANDLER)
    RoleAssignment.objects.create(organization=org, role=role, person=person)


def test_a_8_4_needs_a_handler_closed_incidents_complete_and_reports_on_time(manager, system):
    org = manager.organization
    assert not checks.incidents_managed(org, {})  # no handler named
    _handler(org)
    assert checks.incidents_managed(org, {})
    minor = services.create_incident(manager, {"title": "Minor", "aware_on": "2026-01-01"})
    Incident.objects.filter(pk=minor.pk).update(status="closed")  # as an old import might have left it
    assert any("without its root cause" in p for p in checks.incident_problems(org))
    Incident.objects.filter(pk=minor.pk).update(root_cause="Cause", corrective_actions="Fix")
    assert checks.incidents_managed(org, {})
    high = system(tier="high_risk", ai_roles=["provider"])
    aware = timezone.localdate() - dt.timedelta(days=16)
    serious = services.create_incident(manager, {"title": "Serious", "aware_on": aware.isoformat(),
                                                 "ai_system_ids": [high.pk]})  # seriousness undecided
    assert any("past its Art. 73 reporting deadline" in p for p in checks.incident_problems(org))
    serious = services.update_incident(manager, serious, {"serious": True, "reported_on": (
        aware + dt.timedelta(days=16)).isoformat()}, version=serious.version)
    assert any("after its Art. 73 deadline" in p for p in checks.incident_problems(org))
    services.update_incident(manager, serious, {"reported_on": (aware + dt.timedelta(days=14)).isoformat()},
                             version=serious.version)
    assert checks.incidents_managed(org, {})


def test_a_deployer_meets_a_8_4_by_informing_the_provider_in_time(manager, system):
    org = manager.organization
    _handler(org)
    s = system(tier="high_risk", ai_roles=["customer"])
    aware = timezone.localdate() - dt.timedelta(days=20)
    incident = services.create_incident(manager, {"title": "Deployed", "aware_on": aware.isoformat(),
                                                  "serious": True, "ai_system_ids": [s.pk]})
    assert not checks.incidents_managed(org, {})
    services.update_incident(manager, incident, {"provider_informed_on": (aware + dt.timedelta(days=1)).isoformat()},
                             version=incident.version)
    assert checks.incidents_managed(org, {})


def test_my_work(manager, member, system, channel_on):
    org = manager.organization
    concern, _ = services.submit_concern(org, subject="Please look")
    high = system(tier="high_risk", ai_roles=["customer"])
    services.create_incident(manager, {"title": "Serious one", "aware_on": timezone.localdate().isoformat(),
                                       "serious": True, "ai_system_ids": [high.pk]})
    items = work.work(manager)
    titles = [i.title for i in items]
    assert any("Triage the concern ‘Please look’" in t for t in titles)
    deadline = next(i for i in items if "Serious one" in i.title)
    assert "Inform the provider and report" in deadline.title and "left" in deadline.detail
    assert deadline.due == timezone.localdate() + dt.timedelta(days=15)
    viewer = member(Role.VIEWER, email="viewer@acme.example")
    assert work.work(viewer) == []  # neither a handler nor an owner of the incident
    contributor = member(Role.CONTRIBUTOR, email="c@acme.example")
    person = Person.objects.create(organization=org, name="C", user=contributor.user)
    role = AimsRole.objects.create(organization=org, name="Handlers", kind=RoleKind.CONCERN_HANDLER)
    RoleAssignment.objects.create(organization=org, role=role, person=person)
    assert [i.title for i in work.work(contributor)] == ["Triage the concern ‘Please look’"]
