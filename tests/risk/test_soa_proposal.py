"""A control chosen in a risk's treatment plan is proposed as applicable in the Statement of Applicability,
linked to the risk that calls for it (ISO/IEC 42001 6.1.3 b-d)."""

from forty2.controls.models import JustificationLink, SoAEntry
from forty2.risk import services
from forty2.tenancy.models import Role


def test_a_treating_control_becomes_applicable_with_the_risk_as_justification(member):
    manager = member(Role.AIMS_MANAGER)
    risk = services.create_risk(manager, {"title": "Model drift", "controls": ["A.6.2.6"]})
    entry = SoAEntry.objects.get(organization=manager.organization, ref="A.6.2.6")
    assert entry.applicable is True
    assert JustificationLink.objects.filter(entry=entry, record_type="risk", object_id=risk.pk).exists()

    services.update_risk(manager, risk, {"controls": ["A.6.2.6", "A.9.2"]}, version=risk.version)
    second = SoAEntry.objects.get(organization=manager.organization, ref="A.9.2")
    assert second.applicable is True
    assert JustificationLink.objects.filter(entry=second, record_type="risk", object_id=risk.pk).exists()


def test_an_excluded_control_keeps_its_decision_and_gains_the_link(member):
    from forty2.controls import services as soa

    manager = member(Role.AIMS_MANAGER)
    soa.ensure_soa(manager.organization, manager.user)
    entry = SoAEntry.objects.get(organization=manager.organization, ref="A.10.4")
    soa.update_entry(manager, entry, {"applicable": False, "justification": "We have no customers of AI."},
                     version=entry.version)
    risk = services.create_risk(manager, {"title": "Customer misuse", "controls": ["A.10.4"]})
    entry.refresh_from_db()
    assert entry.applicable is False
    assert JustificationLink.objects.filter(entry=entry, record_type="risk", object_id=risk.pk).exists()


def test_a_contributors_choice_waits_for_an_approvers_save(member):
    contributor, manager = member(Role.CONTRIBUTOR), member(Role.AIMS_MANAGER)
    risk = services.create_risk(contributor, {"title": "Data poisoning", "controls": ["A.7.4"]})
    assert not JustificationLink.objects.filter(record_type="risk", object_id=risk.pk).exists()
    services.update_risk(manager, risk, {"description": "Poisoned training data"}, version=risk.version)
    entry = SoAEntry.objects.get(organization=manager.organization, ref="A.7.4")
    assert entry.applicable is True
    assert JustificationLink.objects.filter(entry=entry, record_type="risk", object_id=risk.pk).exists()
