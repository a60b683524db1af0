"""My work: open evidence requests asked of a person (ISO/IEC 42001 7.5, 9.2), each linking to the request's page
where it is fulfilled. Registered in :class:`forty2.evidence.apps.EvidenceConfig`."""

from django.urls import reverse

from forty2.tenancy.work import WorkItem

from .models import EvidenceRequest, RequestStatus


def work(membership) -> list[WorkItem]:
    org = membership.organization
    asked = (EvidenceRequest.objects.for_org(org).filter(assignee=membership.user, status=RequestStatus.OPEN)
             .select_related("requested_by").order_by("due_date")[:100])
    return [WorkItem(org, "evidence", f"Provide the evidence asked for: ‘{r.title}’",
                     reverse("evidence:request_detail", args=[org.slug, r.pk]), due=r.due_date,
                     detail=f"Asked by {r.requested_by}" if r.requested_by_id else "")
            for r in asked]
