"""What controlled documents let the clause checks see (ISO/IEC 42001 4.3, 5.2, 7.4, 7.5). Approved means
approved by a person through the version workflow and not overdue for review; a document Forty2 created from a
starter counts only once someone has reviewed and approved it.

7.5.2 ``approved_by_another``: every version in force (of every live, non-external document; at least one) was
approved by a member other than its author (who created the version) and is not overdue for review.
7.5.1 ``ai_policy_document``: the AI policy approved and current (the other parts of 7.5.1 read other clauses)."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from .models import Acknowledgement, Communication, Document, DocumentKind
from .services import next_review, with_version_in_force


def in_force(org, kind):
    """The documents of ``kind`` whose approved version is in force and not overdue for review (read once per
    readiness call, :func:`forty2.controls.checks.shared`)."""
    from forty2.controls.checks import shared

    return shared(org, f"documents.in_force.{kind}", lambda: _in_force(org, kind))


def _in_force(org, kind):
    today = timezone.localdate()
    found = []
    for doc in with_version_in_force(Document.objects.for_org(org).filter(kind=kind, retired_at__isnull=True)):
        approved = doc.in_force[0] if doc.in_force else None
        if approved is not None and (next_review(doc, approved) or today) >= today:
            found.append((doc, approved))
    return found


def scope_approved(org, ctx) -> bool:
    return bool(in_force(org, DocumentKind.SCOPE))


def ai_policy(org, ctx) -> bool:
    """An AI policy approved, current and communicated: sent for acknowledgement or sent out through the
    communication plan since its approval (5.2 e-g)."""
    for doc, approved in in_force(org, DocumentKind.AI_POLICY):
        if Acknowledgement.objects.filter(document_version=approved).exists():
            return True
        if Communication.objects.for_org(org).filter(documents=doc, sendings__sent_on__gte=approved.approved_at.date()
                                                     ).exists():
            return True
    return False


def documents_controlled(org, ctx) -> bool:
    """Every controlled document owned, approved and not overdue for review (7.5.2, 7.5.3)."""
    docs = list(with_version_in_force(Document.objects.for_org(org).filter(retired_at__isnull=True)
                                      .exclude(kind=DocumentKind.EXTERNAL)))
    if not docs:
        return False
    today = timezone.localdate()
    for doc in docs:
        approved = doc.in_force[0] if doc.in_force else None
        if doc.owner_id is None or approved is None or (next_review(doc, approved) or today) < today:
            return False
    return True


def policy_approved(org, ctx) -> bool:
    return bool(in_force(org, DocumentKind.AI_POLICY))


def approval_problems(org) -> list[str]:
    """Why 7.5.2 does not pass, in words (empty when it does)."""
    docs = list(with_version_in_force(Document.objects.for_org(org).filter(retired_at__isnull=True)
                                      .exclude(kind=DocumentKind.EXTERNAL)))
    versions = [(doc, doc.in_force[0]) for doc in docs if doc.in_force]
    if not versions:
        return ["No document has an approved version in force."]
    today = timezone.localdate()
    problems = []
    for doc, v in versions:
        if v.approved_by_id is None or v.approved_at is None:
            problems.append(f"{doc.reference} version {v.number} has no recorded approver.")
        elif v.created_by_id is not None and v.approved_by_id == v.created_by_id:
            problems.append(f"{doc.reference} version {v.number} was approved by its own author.")
        elif (next_review(doc, v) or today) < today:
            problems.append(f"{doc.reference} version {v.number} is overdue for review.")
    return problems


def approved_by_another(org, ctx) -> bool:
    return not approval_problems(org)


def communication(org, ctx) -> bool:
    """A communication plan with an owner per line, and something sent in the last twelve months (7.4)."""
    lines = Communication.objects.for_org(org)
    recent = timezone.localdate() - dt.timedelta(days=366)
    return lines.exists() and not lines.filter(responsible__isnull=True).exists() and \
        lines.filter(sendings__sent_on__gte=recent).exists()


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    documents = lambda org: reverse("documents:document_list", args=[org.slug])  # noqa: E731
    register("4.3", Check("aims_scope", "An approved AIMS scope statement, not overdue for review", scope_approved,
                          documents))
    register("5.2", Check("ai_policy", "An approved AI policy, current and communicated", ai_policy, documents))
    register("7.4", Check("communication_plan", "A communication plan carried out", communication,
                          lambda org: reverse("documents:communication_list", args=[org.slug])))
    register("7.5.1", Check("ai_policy_document", "The AI policy, approved and not overdue for review",
                            policy_approved, documents))
    register("7.5.2", Check("approved_by_another", "Every document version in force approved by someone other than "
                                                   "its author, none overdue for review", approved_by_another,
                            documents))
    register("7.5.3", Check("document_control", "Every controlled document owned, approved and reviewed on time",
                            documents_controlled, documents))
