"""Document control through the services (ISO/IEC 42001 5.2, 7.3, 7.5.2, 7.5.3, A.2.4): the version life cycle,
four eyes, immutability of approved content, supersession with renewed acknowledgements, hashes, retention."""

import datetime as dt

import pytest
from django.utils import timezone

from forty2.core.errors import Conflict, InvalidInput, PermissionDenied
from forty2.core.models import AuditEvent
from forty2.documents import services
from forty2.documents.models import Acknowledgement, VersionState
from forty2.tenancy.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member):
    return {"author": member(Role.AIMS_MANAGER, email="author@acme.example"),
            "reviewer": member(Role.CONTRIBUTOR, email="reviewer@acme.example"),
            "approver": member(Role.OWNER, email="approver@acme.example"),
            "viewer": member(Role.VIEWER, email="viewer@acme.example")}


def _policy(people, body="# AI policy\n\nWe use AI responsibly."):
    doc = services.create_document(people["author"], {"reference": "POL-01", "title": "AI policy",
                                                      "kind": "policy", "owner": "author@acme.example"}, body=body)
    return doc, doc.versions.get()


def _through_review(people, version):
    version = services.update_version(people["author"], version, {"reviewer": "reviewer@acme.example"},
                                      version_number=version.version)
    version = services.submit(people["author"], version, version_number=version.version)
    return services.review(people["reviewer"], version, version_number=version.version, note="Reads well.")


def test_a_policy_goes_draft_review_approved_with_two_different_people(people):
    doc, v1 = _policy(people)
    assert v1.state == VersionState.DRAFT and v1.number == 1
    v1 = _through_review(people, v1)
    v1 = services.approve(people["approver"], v1, version_number=v1.version, note="Approved by the board.")
    assert v1.state == VersionState.APPROVED and v1.approved_by == people["approver"].user
    assert services.verify(v1)
    assert services.next_review(doc) == services.add_months(v1.approved_at.date(), 12)
    actions = list(AuditEvent.objects.filter(object_type="documentversion", object_id=str(v1.pk))
                   .order_by("seq").values_list("action", flat=True))
    assert actions == ["document_version.create", "document_version.update", "document_version.submit",
                       "document_version.review", "document_version.approve"]


def test_the_reviewer_may_not_approve_and_the_author_may_not_review(people, member):
    doc, v1 = _policy(people)
    with pytest.raises(InvalidInput) as err:
        services.update_version(people["author"], v1, {"reviewer": "author@acme.example"},
                                version_number=v1.version)
    assert err.value.errors[0]["loc"][-1] == "reviewer"
    manager_reviewer = member(Role.AIMS_MANAGER, email="mr@acme.example")
    v1 = services.update_version(people["author"], v1, {"reviewer": "mr@acme.example"}, version_number=v1.version)
    v1 = services.submit(people["author"], v1, version_number=v1.version)
    v1 = services.review(manager_reviewer, v1, version_number=v1.version)
    with pytest.raises(PermissionDenied):
        services.approve(manager_reviewer, v1, version_number=v1.version)
    with pytest.raises(PermissionDenied):
        services.review(people["approver"], v1, version_number=v1.version)  # not the named reviewer


def test_an_unreviewed_version_cannot_be_approved_nor_an_empty_one_submitted(people):
    doc, v1 = _policy(people, body="")
    v1 = services.update_version(people["author"], v1, {"reviewer": "reviewer@acme.example"},
                                 version_number=v1.version)
    with pytest.raises(InvalidInput):
        services.submit(people["author"], v1, version_number=v1.version)
    v1 = services.update_version(people["author"], v1, {"body": "Text."}, version_number=v1.version)
    v1 = services.submit(people["author"], v1, version_number=v1.version)
    with pytest.raises(Conflict):
        services.approve(people["approver"], v1, version_number=v1.version)


def test_an_approved_version_never_changes_and_a_new_one_supersedes_it(people):
    doc, v1 = _policy(people)
    v1 = _through_review(people, v1)
    v1 = services.approve(people["approver"], v1, version_number=v1.version)
    with pytest.raises(Conflict):
        services.update_version(people["approver"], v1, {"body": "Rewritten."}, version_number=v1.version)
    services.request_acknowledgements(people["approver"], v1, everyone=True)
    ack = Acknowledgement.objects.get(document_version=v1, user=people["viewer"].user)
    services.acknowledge(people["viewer"], ack)

    v2 = services.start_version(people["author"], doc, summary="Adds generative AI.")
    assert v2.number == 2 and v2.body == v1.body
    with pytest.raises(Conflict):
        services.start_version(people["author"], doc)  # one change at a time
    v2 = services.update_version(people["author"], v2, {"body": v1.body + "\n\nGenerative AI too."},
                                 version_number=v2.version)
    v2 = _through_review(people, v2)
    v2 = services.approve(people["approver"], v2, version_number=v2.version)
    v1.refresh_from_db()
    assert v1.state == VersionState.SUPERSEDED and services.current_version(doc) == v2
    # everyone asked about version 1 is asked again, including the viewer who had acknowledged it
    assert Acknowledgement.objects.filter(document_version=v2, acknowledged_at__isnull=True).count() == \
        Acknowledgement.objects.filter(document_version=v1).count()
    assert [(k, left, right) for k, left, right in services.compare(v1, v2) if k != "same"] == \
        [("added", "", ""), ("added", "", "Generative AI too.")]


def test_content_changed_behind_the_services_back_fails_verification_and_blocks_approval(people):
    doc, v1 = _policy(people)
    v1 = _through_review(people, v1)
    type(v1).objects.filter(pk=v1.pk).update(body="Tampered.")
    v1.refresh_from_db()
    with pytest.raises(Conflict):
        services.approve(people["approver"], v1, version_number=v1.version)


def test_only_the_person_asked_acknowledges_and_overdue_ones_are_found(people):
    doc, v1 = _policy(people)
    v = _through_review(people, v1)
    v1 = services.approve(people["approver"], v, version_number=v.version)
    with pytest.raises(InvalidInput):
        services.request_acknowledgements(people["approver"], v1, roles=["emperor"])
    assert services.request_acknowledgements(people["approver"], v1, roles=[Role.VIEWER],
                                             due_date=timezone.localdate() - dt.timedelta(days=1)) == 1
    ack = Acknowledgement.objects.get(document_version=v1)
    with pytest.raises(PermissionDenied):
        services.acknowledge(people["author"], ack)
    assert list(services.overdue_acknowledgements(doc.organization)) == [ack]
    services.acknowledge(people["viewer"], ack)
    assert not services.overdue_acknowledgements(doc.organization).exists()


def test_retention_is_kept_and_disposal_is_an_audited_act(people):
    doc, v1 = _policy(people)
    v = _through_review(people, v1)
    v1 = services.approve(people["approver"], v, version_number=v.version)
    doc = services.retire(people["approver"], doc, note="Replaced by the group policy.")
    v1.refresh_from_db()
    assert v1.state == VersionState.RETIRED and v1.body
    with pytest.raises(Conflict):
        services.dispose(people["approver"], doc)  # three years not yet over
    type(doc).objects.filter(pk=doc.pk).update(retired_at=timezone.now() - dt.timedelta(days=4 * 366))
    doc.refresh_from_db()
    services.dispose(people["approver"], doc)
    v1.refresh_from_db()
    assert v1.body == "" and AuditEvent.objects.filter(action="document.dispose", object_id=str(doc.pk)).exists()
