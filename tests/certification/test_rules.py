"""The decision's rules: stage 1 then stage 2 completed, no open major nonconformity from stage 2, an action plan
for each minor one; events move the status and are audited; the expiry follows the decision."""

import pytest
from django.utils import timezone

from forty2.certification import schedule, services, status
from forty2.certification.models import CertificationEvent
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion
from forty2.core.models import AuditEvent
from forty2.improvement.models import NCState
from forty2.tenancy.models import Role

from .conftest import days_ago

pytestmark = pytest.mark.django_db


def decide(m, day=None, number="AIMS-0001"):
    return services.record_event(m, "decision", date=day or days_ago(1), certificate_number=number)


def test_a_decision_needs_stage_2_after_stage_1(manager, make_audit):
    with pytest.raises(Conflict, match="completed stage 2"):
        decide(manager)
    make_audit("stage2", 20)
    with pytest.raises(Conflict, match="stage 1 audit before"):
        decide(manager)
    make_audit("stage1", 10)  # after stage 2: not before it
    with pytest.raises(Conflict, match="stage 1 audit before"):
        decide(manager)
    make_audit("stage1", 40)
    event = decide(manager)
    assert event.status_after == "certified"


def test_an_open_major_nc_from_stage_2_blocks_the_decision_naming_it(manager, ready, make_nc):
    _s1, s2 = ready
    major = make_nc(s2, "major_nc", title="No impact assessment for radiology triage")
    with pytest.raises(Conflict) as exc:
        decide(manager)
    assert "No impact assessment for radiology triage" in exc.value.message
    # a corrected but not verified nonconformity is still open
    type(major.nonconformity).objects.filter(pk=major.nonconformity.pk).update(state=NCState.VERIFYING)
    with pytest.raises(Conflict):
        decide(manager)
    type(major.nonconformity).objects.filter(pk=major.nonconformity.pk).update(state=NCState.CLOSED)
    assert decide(manager).kind == "decision"


def test_minor_ncs_need_an_action_plan(manager, ready, make_nc):
    _s1, s2 = ready
    make_nc(s2, "minor_nc", title="Training records incomplete")
    with pytest.raises(Conflict, match="Training records incomplete"):
        decide(manager)
    make_nc(s2, "minor_nc", title="Supplier review late", plan=True)
    with pytest.raises(Conflict, match="Training records incomplete") as exc:
        decide(manager)
    assert "Supplier review late" not in exc.value.message


def test_the_decision_sets_certificate_and_expiry_and_is_audited(manager, ready, make_nc):
    make_nc(ready[1], "minor_nc", title="Carried over", plan=True)
    day = days_ago(5)
    decide(manager, day)
    cert = services.certification(manager.organization)
    assert (cert.status, cert.decision_date, cert.issued_on, cert.expires_on, cert.certificate_number) == (
        "certified", day, day, schedule.expiry(day), "AIMS-0001")
    event = AuditEvent.objects.filter(action="certification.decision").get()
    assert event.changes["status"] == ["stage2", "certified"] or event.changes["status"][1] == "certified"
    assert event.changes["certificate_number"] == "AIMS-0001"
    s = status.summary(manager.organization)
    assert s["phase"] == "certified" and s["certificate"]["number"] == "AIMS-0001"
    assert s["next_due"]["due"] == schedule.first_surveillance_due(day)
    assert [f.title for f in services.carried_over(manager.organization)] == ["Carried over"]


def test_bad_input_and_roles(manager, member, ready):
    with pytest.raises(InvalidInput) as exc:
        services.record_event(manager, "decision", date=timezone.localdate().replace(year=2199))
    locs = {e["loc"][-1] for e in exc.value.errors}
    assert {"date", "certificate_number"} <= locs
    with pytest.raises(InvalidInput, match="not before"):
        decide(manager, days_ago(31))  # before stage 2 ended
    with pytest.raises(PermissionDenied):
        decide(member(Role.CONTRIBUTOR))
    with pytest.raises(StaleVersion):
        services.record_event(manager, "decision", date=days_ago(1), certificate_number="X", version=99)
    assert not CertificationEvent.objects.exists()


def test_suspension_reinstatement_withdrawal_and_scope(manager, ready):
    with pytest.raises(Conflict, match="cannot be suspended"):
        services.record_event(manager, "suspension", date=days_ago(1), note="Late audit")
    decide(manager, days_ago(20))
    with pytest.raises(InvalidInput):
        services.record_event(manager, "suspension", date=days_ago(10))  # a note is required
    services.record_event(manager, "suspension", date=days_ago(10), note="Surveillance audit not held")
    with pytest.raises(Conflict):
        services.record_event(manager, "scope_extension", date=days_ago(9), scope="More")
    services.record_event(manager, "reinstatement", date=days_ago(8), note="Audit held")
    services.record_event(manager, "scope_extension", date=days_ago(7), scope="Radiology and pathology AI")
    assert services.certification(manager.organization).scope == "Radiology and pathology AI"
    with pytest.raises(InvalidInput, match="last recorded event"):
        services.record_event(manager, "withdrawal", date=days_ago(9), note="x")
    services.record_event(manager, "withdrawal", date=days_ago(6), note="At our request")
    kinds = list(CertificationEvent.objects.order_by("date", "id").values_list("kind", "status_after"))
    assert kinds == [("decision", "certified"), ("suspension", "suspended"), ("reinstatement", "certified"),
                     ("scope_extension", "certified"), ("withdrawal", "withdrawn")]
    assert AuditEvent.objects.filter(action__startswith="certification.").count() >= 5


def test_renewal_needs_a_recertification_audit_and_continues_the_certificate(manager, ready, make_audit):
    first = days_ago(20)
    decide(manager, first)
    with pytest.raises(Conflict, match="recertification audit"):
        services.record_event(manager, "renewal", date=days_ago(1))
    make_audit("recertification", 5)
    services.record_event(manager, "renewal", date=days_ago(2))
    cert = services.certification(manager.organization)
    assert cert.expires_on == schedule.expiry(schedule.expiry(first))


def test_planning_audits_moves_the_phase(manager):
    with pytest.raises(Conflict, match="stage 1 audit first"):
        services.plan_audit(manager, {"kind": "stage2", "planned_start": days_ago(-30)})
    with pytest.raises(Conflict, match="follows a certification decision"):
        services.plan_audit(manager, {"kind": "surveillance", "planned_start": days_ago(-30)})
    with pytest.raises(InvalidInput) as exc:
        services.plan_audit(manager, {"kind": "stage1", "planned_start": days_ago(-30),
                                      "planned_end": days_ago(-10)})
    assert exc.value.errors[0]["loc"][-1] == "planned_end"
    services.plan_audit(manager, {"kind": "stage1", "planned_start": days_ago(-30)})
    assert services.certification(manager.organization).status == "stage1"
    services.plan_audit(manager, {"kind": "stage2", "planned_start": days_ago(-60)})
    assert services.certification(manager.organization).status == "stage2"
    assert AuditEvent.objects.filter(action="audit.create").count() == 2


def test_expiry(manager, ready):
    decide(manager, days_ago(20))
    cert = services.certification(manager.organization)
    assert not services.expire_lapsed(manager.organization)
    assert status.phase(cert, cert.expires_on) == "expired"
    assert services.expire_lapsed(manager.organization, cert.expires_on)
    assert services.certification(manager.organization).status == "expired"
