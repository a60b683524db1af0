"""Inference across crosswalks (ISO/IEC 42001 6.1.3): a status on a requirement in one framework implies a
status in a mapped framework. Equivalent or superset carries it over, subset or intersect gives at most
"partial", related only suggests a review, one hop only, and nothing is applied until a person confirms it."""

import pytest

from forty2.catalog import inference
from forty2.catalog.models import InferenceRejection, Requirement, RequirementStatus
from forty2.catalog.services import confirm_inference, reject_inference, set_status
from forty2.core.errors import Conflict, InvalidInput
from forty2.core.models import AuditEvent
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db

ISO42001, ISO27001, ISO9001, NIST = "iso-iec-42001-2023", "iso-iec-27001-2022", "iso-9001-2015", "nist-ai-rmf-1.0"


def req(slug, ref):
    return Requirement.objects.select_related("framework").get(framework__slug=slug, ref=ref)


@pytest.fixture
def owner(member):
    return member(Role.OWNER)


def implied_for(org, target, source):
    found = inference.find(org, target, source)
    return found.implied_status if found else "nothing"


@pytest.mark.parametrize("relationship, status, implied", [
    ("equivalent", "conforming", "conforming"), ("equivalent", "partial", "partial"),
    ("equivalent", "not_conforming", "not_conforming"), ("superset", "conforming", "conforming"),
    ("superset", "not_conforming", "not_conforming"), ("subset", "conforming", "partial"),
    ("subset", "partial", "partial"), ("subset", "not_conforming", "not_conforming"),
    ("intersect", "conforming", "partial"), ("intersect", "not_conforming", "not_conforming"),
    ("related", "conforming", None), ("related", "not_conforming", None), ("equivalent", "not_assessed", None),
])
def test_the_rule_table(relationship, status, implied):
    assert inference.implied_status(relationship, status) == implied


def test_equivalent_carries_the_status_over(owner):
    set_status(owner, req(ISO9001, "7.2"), status="conforming")
    assert implied_for(owner.organization, req(ISO42001, "7.2"), req(ISO9001, "7.2")) == "conforming"


def test_superset_carries_the_status_over(owner):
    set_status(owner, req(ISO9001, "4.4"), status="not_conforming")
    assert implied_for(owner.organization, req(ISO42001, "4.4"), req(ISO9001, "4.4")) == "not_conforming"


def test_subset_gives_at_most_partial(owner):
    set_status(owner, req(ISO9001, "5.2.1"), status="conforming")
    assert implied_for(owner.organization, req(ISO42001, "5.2"), req(ISO9001, "5.2.1")) == "partial"


def test_intersect_gives_at_most_partial(owner):
    set_status(owner, req(ISO27001, "4.1"), status="conforming")
    found = inference.find(owner.organization, req(ISO42001, "4.1"), req(ISO27001, "4.1"))
    assert found.implied_status == "partial"
    assert found.label == "inferred from ISO/IEC 27001 4.1, intersect"


def test_read_backwards_a_superset_row_is_a_subset(owner):
    """9001 4.4 is a superset of 42001 4.4, so 42001 4.4 is a subset of 9001 4.4: at most partial."""
    set_status(owner, req(ISO42001, "4.4"), status="conforming")
    found = inference.find(owner.organization, req(ISO9001, "4.4"), req(ISO42001, "4.4"))
    assert found.relationship == "subset"
    assert found.implied_status == "partial"


def test_related_only_suggests_a_review(owner):
    set_status(owner, req(NIST, "GOVERN 1.1"), status="conforming")
    found = inference.find(owner.organization, req(ISO42001, "4.1"), req(NIST, "GOVERN 1.1"))
    assert found.kind == "review" and found.implied_status is None
    with pytest.raises(InvalidInput):
        confirm_inference(owner, req(ISO42001, "4.1"), source=req(NIST, "GOVERN 1.1"))
    reject_inference(owner, req(ISO42001, "4.1"), source=req(NIST, "GOVERN 1.1"))
    assert inference.find(owner.organization, req(ISO42001, "4.1"), req(NIST, "GOVERN 1.1")).state == "rejected"


def test_one_hop_only(owner):
    """9001 7.2 -> 42001 7.2 (confirmed, so inferred) must not imply anything for 27001 7.2."""
    org = owner.organization
    set_status(owner, req(ISO9001, "7.2"), status="conforming")
    confirm_inference(owner, req(ISO42001, "7.2"), source=req(ISO9001, "7.2"))
    assert RequirementStatus.objects.get(organization=org, requirement=req(ISO42001, "7.2")).source == "inferred"
    assert inference.find(org, req(ISO27001, "7.2"), req(ISO42001, "7.2")) is None
    assert not [i for i in inference.compute(org) if i.target == req(ISO27001, "7.2")]


def test_nothing_is_stored_until_confirmed(owner):
    org = owner.organization
    set_status(owner, req(ISO9001, "7.2"), status="conforming")
    stored = RequirementStatus.objects.filter(organization=org).count()
    found = inference.for_requirement(org, req(ISO42001, "7.2"))
    assert [i.state for i in found] == ["pending"]
    assert RequirementStatus.objects.filter(organization=org).count() == stored
    assert not RequirementStatus.objects.filter(organization=org, requirement=req(ISO42001, "7.2")).exists()


def test_confirming_stores_the_path_and_is_audited(owner):
    org = owner.organization
    set_status(owner, req(ISO27001, "4.1"), status="conforming")
    status = confirm_inference(owner, req(ISO42001, "4.1"), source=req(ISO27001, "4.1"))
    assert (status.status, status.source) == ("partial", "inferred")
    assert status.inferred_from == req(ISO27001, "4.1") and status.inferred_relationship == "intersect"
    assert status.confirmed_by == owner.user and status.confirmed_at is not None
    assert status.note == "Inferred from ISO/IEC 27001 4.1, intersect"
    event = AuditEvent.objects.filter(organization=org).latest("seq")
    assert event.action == "requirement_status.confirm_inference"
    assert event.changes["inference"]["from"] == "ISO/IEC 27001 4.1"
    assert event.changes["status"] == ["not_assessed", "partial"]
    assert inference.find(org, req(ISO42001, "4.1"), req(ISO27001, "4.1")).state == "confirmed"


def test_rejecting_is_remembered_and_audited_until_the_source_status_changes(owner):
    org = owner.organization
    set_status(owner, req(ISO9001, "4.4"), status="conforming")
    reject_inference(owner, req(ISO42001, "4.4"), source=req(ISO9001, "4.4"), note="Our QMS scope excludes AI")
    assert InferenceRejection.objects.filter(organization=org).count() == 1
    assert not RequirementStatus.objects.filter(organization=org, requirement=req(ISO42001, "4.4")).exists()
    event = AuditEvent.objects.filter(organization=org).latest("seq")
    assert event.action == "requirement_status.reject_inference"
    assert event.changes["note"] == "Our QMS scope excludes AI"
    assert inference.find(org, req(ISO42001, "4.4"), req(ISO9001, "4.4")).state == "rejected"
    set_status(owner, req(ISO9001, "4.4"), status="partial")
    again = inference.find(org, req(ISO42001, "4.4"), req(ISO9001, "4.4"))
    assert (again.state, again.implied_status) == ("pending", "partial")


def test_an_assessed_requirement_is_not_overwritten_by_an_inference(owner):
    set_status(owner, req(ISO9001, "7.2"), status="conforming")
    set_status(owner, req(ISO42001, "7.2"), status="not_conforming")
    found = inference.find(owner.organization, req(ISO42001, "7.2"), req(ISO9001, "7.2"))
    assert found.state == "assessed"
    with pytest.raises(Conflict):
        confirm_inference(owner, req(ISO42001, "7.2"), source=req(ISO9001, "7.2"))
    assert RequirementStatus.objects.get(requirement=req(ISO42001, "7.2")).status == "not_conforming"


def test_inferences_never_cross_organisations(owner, member, globex):
    other = member(Role.OWNER, org=globex)
    set_status(owner, req(ISO9001, "7.2"), status="conforming")
    assert inference.for_requirement(other.organization, req(ISO42001, "7.2")) == []
