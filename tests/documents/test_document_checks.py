"""Clauses 4.3, 5.2, 7.4 and 7.5.3 read controlled documents as an auditor would: approved by people, current,
communicated; a document merely created does not count."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.documents import checks, services
from forty2.documents.models import DocumentVersion
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member):
    return {"author": member(Role.AIMS_MANAGER, email="author@acme.example"),
            "reviewer": member(Role.CONTRIBUTOR, email="reviewer@acme.example"),
            "approver": member(Role.OWNER, email="approver@acme.example")}


def _approved(people, kind, reference, owner="author@acme.example"):
    doc = services.create_document(people["author"], {"reference": reference, "title": reference, "kind": kind,
                                                      **({"owner": owner} if owner else {})}, body="Text.")
    v = doc.versions.get()
    v = services.update_version(people["author"], v, {"reviewer": "reviewer@acme.example"}, version_number=v.version)
    v = services.submit(people["author"], v, version_number=v.version)
    v = services.review(people["reviewer"], v, version_number=v.version)
    return doc, services.approve(people["approver"], v, version_number=v.version)


def test_an_ai_policy_counts_once_approved_current_and_communicated(people):
    org = people["author"].organization
    doc = services.create_document(people["author"], {"reference": "POL-01", "title": "AI policy",
                                                      "kind": "ai_policy"}, body="Text.")
    assert not checks.ai_policy(org, {}) and not checks.documents_controlled(org, {})
    doc.delete()
    doc, v = _approved(people, "ai_policy", "POL-01")
    assert not checks.ai_policy(org, {})  # approved but never communicated
    services.request_acknowledgements(people["approver"], v, everyone=True)
    assert checks.ai_policy(org, {}) and checks.documents_controlled(org, {})
    DocumentVersion.objects.filter(pk=v.pk).update(approved_at=timezone.now() - dt.timedelta(days=400))
    assert not checks.ai_policy(org, {}) and not checks.documents_controlled(org, {})  # overdue for review


def test_every_controlled_document_needs_an_owner_and_a_scope_needs_approval(people):
    org = people["author"].organization
    _approved(people, "scope", "SCO-01")
    assert checks.scope_approved(org, {}) and checks.documents_controlled(org, {})
    _approved(people, "procedure", "PRO-01", owner=None)
    assert not checks.documents_controlled(org, {})


def test_the_communication_plan_counts_when_carried_out(people):
    org = people["author"].organization
    line = services.create_communication(people["author"], {"subject": "AI policy to staff", "audience": "All",
                                                            "responsible": "author@acme.example"})
    assert not checks.communication(org, {})
    services.record_sending(people["author"], line, sent_on=timezone.localdate(), recipients="All staff")
    assert checks.communication(org, {})
