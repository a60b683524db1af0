"""My work: the risks, treatment actions and impact assessments a person owns that are due (ISO/IEC 42001 6.1.2,
8.2 reviews at planned intervals; 8.3 treatment). Registered in :class:`forty2.risk.apps.RiskConfig`."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from forty2.tenancy.work import WorkItem

from .models import ImpactAssessment, Risk, TreatmentAction


def work(membership) -> list[WorkItem]:
    org, user, today = membership.organization, membership.user, timezone.localdate()
    items = []
    for risk in (Risk.objects.for_org(org).filter(owner=user)
                 .filter(Q(next_review__lt=today) | Q(reassessment_due=True)).order_by("next_review")[:100]):
        why = "Re-assess: its AI system changed" if risk.reassessment_due else "Review is overdue"
        items.append(WorkItem(org, "review", f"{why}: risk ‘{risk.title}’",
                              reverse("risk:risk_detail", args=[org.slug, risk.pk]), due=risk.next_review))
    for action in (TreatmentAction.objects.for_org(org).filter(owner=user, due_date__lt=today).exclude(status="done")
                   .select_related("risk").order_by("due_date")[:100]):
        items.append(WorkItem(org, "action", f"Treatment action ‘{action.title}’ of ‘{action.risk.title}’ is due",
                              reverse("risk:risk_detail", args=[org.slug, action.risk_id]), due=action.due_date))
    for ia in (ImpactAssessment.objects.for_org(org).filter(created_by=user)
               .filter(Q(next_review__lt=today) | Q(reassessment_due=True)).order_by("next_review")[:100]):
        items.append(WorkItem(org, "review", f"Review the impact assessment ‘{ia}’",
                              reverse("risk:ia_detail", args=[org.slug, ia.pk]), due=ia.next_review))
    return items
