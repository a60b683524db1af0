"""What documents put in a person's My work (ISO/IEC 42001 7.3 awareness, 7.5.2 review and approval, A.2.4):
versions to review or approve, documents to acknowledge, documents of theirs overdue for review."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from forty2.records.approvals import may_approve
from forty2.tenancy.work import WorkItem

from .models import Acknowledgement, Document, DocumentVersion, VersionState
from .services import next_review, with_version_in_force


def _url(org, version):
    return reverse("documents:version_detail", args=[org.slug, version.document_id, version.number])


def work(membership) -> list[WorkItem]:
    org, user = membership.organization, membership.user
    items = []
    in_review = DocumentVersion.objects.for_org(org).filter(state=VersionState.IN_REVIEW).select_related("document")
    for v in in_review:
        if v.reviewer_id == user.pk and v.reviewed_at is None:
            items.append(WorkItem(org, "review", f"Review {v.document} (version {v.number})", _url(org, v)))
        elif v.reviewed_at is not None and v.reviewer_id != user.pk and may_approve(membership):
            items.append(WorkItem(org, "approval", f"Approve {v.document} (version {v.number})", _url(org, v),
                                  detail=f"Reviewed by {v.reviewer}" if v.reviewer else ""))
    for a in (Acknowledgement.objects.for_org(org).filter(user=user, acknowledged_at__isnull=True,
                                                          document_version__state=VersionState.APPROVED)
              .select_related("document_version__document")):
        items.append(WorkItem(org, "acknowledgement", f"Read and acknowledge {a.document_version.document}",
                              _url(org, a.document_version), due=a.due_date))
    today = timezone.localdate()
    for doc in with_version_in_force(Document.objects.for_org(org).filter(owner=user, retired_at__isnull=True)):
        approved = doc.in_force[0] if doc.in_force else None
        due = next_review(doc, approved)
        if due is not None and due <= today + dt.timedelta(days=30):
            items.append(WorkItem(org, "review", f"Review {doc} (due for its periodic review)", _url(org, approved),
                                  due=due))
    return items
