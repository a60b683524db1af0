"""A minor nonconformity carried over from stage 2 opens the next surveillance audit's checklist (issue #19, item
6), with a note saying what to check; other audits keep the scope's order."""

from forty2.audits.models import AuditItem
from forty2.audits.services import generate_checklist

from .conftest import days_ago


def checklist(audit):
    return list(AuditItem.objects.filter(audit=audit).order_by("position").values_list("ref", "guidance"))


def test_surveillance_checklist_opens_with_the_carried_over_minor_nc(acme, ready, make_audit, make_nc):
    _s1, s2 = ready
    minor = make_nc(s2, "minor_nc", title="Competence records incomplete", plan=True)
    type(minor).objects.filter(pk=minor.pk).update(requirement_ref="7.2")
    make_nc(s2, "minor_nc", title="No clause named", plan=True)  # nothing to put first
    surveillance = make_audit("surveillance")
    surveillance.scope_clauses, surveillance.scope_controls = ["4.1", "9.2.1"], ["A.2.2"]
    surveillance.save()
    generate_checklist(surveillance)
    items = checklist(surveillance)
    assert [ref for ref, _ in items] == ["7.2", "4.1", "9.2.1", "A.2.2"]
    assert "Competence records incomplete" in items[0][1] and "action plan" in items[0][1]
    generate_checklist(surveillance)  # rebuilt: still first, once
    assert [ref for ref, _ in checklist(surveillance)] == ["7.2", "4.1", "9.2.1", "A.2.2"]
    # closed: no longer carried over, the checklist is the scope again
    type(minor.nonconformity).objects.filter(pk=minor.nonconformity.pk).update(state="closed")
    generate_checklist(surveillance)
    assert [ref for ref, _ in checklist(surveillance)] == ["4.1", "9.2.1", "A.2.2"]


def test_an_internal_audit_keeps_the_scope_order(acme, ready, make_audit, make_nc):
    minor = make_nc(ready[1], "minor_nc", title="Competence records incomplete", plan=True)
    type(minor).objects.filter(pk=minor.pk).update(requirement_ref="7.2", raised_on=days_ago(20))
    internal = make_audit("internal")
    internal.scope_clauses = ["4.1", "9.2.1"]
    internal.save()
    generate_checklist(internal)
    assert [ref for ref, _ in checklist(internal)] == ["4.1", "9.2.1"]
