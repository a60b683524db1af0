"""A confirmed inference whose source changed since (ISO/IEC 42001 7.2 went from conforming to not conforming)
warns on the requirement page and in the framework tree, computed on read, and offers to re-confirm or override."""

import pytest

from forty2.catalog import inference
from forty2.catalog.models import Requirement, RequirementStatus
from forty2.catalog.services import confirm_inference, set_status
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db

ISO42001, ISO9001 = "iso-iec-42001-2023", "iso-9001-2015"
# ISO/IEC 42001 decides its own statuses (SoA, clause assessment); the crosswalks let them imply ISO 9001's
PAGE = f"/o/acme/catalog/{ISO9001}/7.2/"
WARNING = "Source changed since you confirmed this</strong> (now: Not conforming) — review"


def req(slug, ref):
    return Requirement.objects.select_related("framework").get(framework__slug=slug, ref=ref)


@pytest.fixture
def owner(member, client):
    m = member(Role.OWNER)
    client.force_login(m.user)
    set_status(m, req(ISO42001, "7.2"), status="conforming")
    confirm_inference(m, req(ISO9001, "7.2"), source=req(ISO42001, "7.2"))  # equivalent: carried over
    return m


def test_no_warning_while_the_source_is_unchanged(owner, client):
    html = client.get(PAGE).content.decode()
    assert "Source changed" not in html
    assert ">review<" not in client.get(f"/o/acme/catalog/{ISO9001}/").content.decode()


def test_a_changed_source_warns_on_the_page_and_in_the_tree(owner, client):
    set_status(owner, req(ISO42001, "7.2"), status="not_conforming")
    html = client.get(PAGE).content.decode()
    assert WARNING in html and "was “Conforming” when the inference was confirmed" in html
    assert "Re-confirm: Not conforming" in html and "set the status yourself below to override it" in html
    tree = client.get(f"/o/acme/catalog/{ISO9001}/").content.decode()
    assert 'class="badge badge--warn" title="Source changed since you confirmed this (now: Not conforming)' in tree
    assert ">review<" in tree


def test_re_confirming_takes_the_new_status_and_clears_the_warning(owner, client):
    set_status(owner, req(ISO42001, "7.2"), status="not_conforming")
    r = client.post(PAGE + "inferences/confirm", {"from_framework": ISO42001, "from_ref": "7.2"})
    assert r.status_code == 302
    status = RequirementStatus.objects.get(requirement=req(ISO9001, "7.2"))
    assert (status.status, status.inferred_from_status) == ("not_conforming", "not_conforming")
    assert "Source changed" not in client.get(PAGE).content.decode()


def test_overriding_clears_the_warning(owner, client):
    set_status(owner, req(ISO42001, "7.2"), status="not_conforming")
    client.post(PAGE + "status", {"status": "partial", "note": "Checked the AI inventory", "version": 1})
    assert RequirementStatus.objects.get(requirement=req(ISO9001, "7.2")).source == "assessed"
    assert "Source changed" not in client.get(PAGE).content.decode()


def test_a_source_no_longer_assessed_implies_nothing(owner):
    set_status(owner, req(ISO42001, "7.2"), status="not_assessed")
    status = RequirementStatus.objects.get(requirement=req(ISO9001, "7.2"))
    change = inference.source_changes(owner.organization, [status])[status.requirement_id]
    assert (change.was, change.now, change.implied_now) == ("conforming", "not_assessed", None)
