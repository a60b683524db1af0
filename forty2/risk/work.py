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
        why = "Re-assess" if risk.reassessment_due else "Review is overdue"
        items.append(WorkItem(org, "review", f"{why}: risk ‘{risk.title}’",
                              reverse("risk:risk_detail", args=[org.slug, risk.pk]), due=risk.next_review,
                              detail=risk.reassessment_reason if risk.reassessment_due else ""))
    for action in (TreatmentAction.objects.for_org(org).filter(owner=user, due_date__lt=today).exclude(status="done")
                   .select_related("risk").order_by("due_date")[:100]):
        items.append(WorkItem(org, "action", f"Treatment action ‘{action.title}’ of ‘{action.risk.title}’ is due",
                              reverse("risk:risk_detail", args=[org.slug, action.risk_id]), due=action.due_date))
    for ia in (ImpactAssessment.objects.for_org(org).filter(created_by=user)
               .filter(Q(next_review__lt=today) | Q(reassessment_due=True)).order_by("next_review")[:100]):
        items.append(WorkItem(org, "review", f"Review the impact assessment ‘{ia}’",
                              reverse("risk:ia_detail", args=[org.slug, ia.pk]), due=ia.next_review))
    return items


def register_approvals() -> None:
    """What waits for a decision in the risk app, through the records kit's approval registry
    (forty2/records/approvals.py): impact assessments waiting for their (under four eyes, second) approver and
    approvals gone stale (A.5.3, A.3.2); risks retained but not yet accepted and acceptances gone stale
    (6.1.3: approval by the designated management); methodology drafts waiting for approval (6.1.2)."""
    from forty2.records.approvals import Approvable, register_approvable

    from . import assessments, services
    from . import methodology as methodologies
    from .definitions import IMPACT_ASSESSMENT, METHODOLOGY, RISK
    from .models import MethodologyStatus, RiskMethodology, TreatmentOption

    def assessments_of(org):
        return ImpactAssessment.objects.for_org(org).select_related("ai_system").order_by("updated_at")

    register_approvable(IMPACT_ASSESSMENT.name, Approvable(
        record_type=IMPACT_ASSESSMENT.name, noun="impact assessment", records=assessments_of,
        waiting=lambda org: assessments_of(org).filter(impacts__isnull=False).distinct(),
        content=assessments.approved_content, may=lambda m, ia: assessments.may_approve(m, ia),
        url=lambda slug, ia: reverse("risk:ia_detail", args=[slug, ia.pk]),
        detail=lambda ia: f"AI system: {ia.ai_system.name}"))

    def risks_of(org):
        return Risk.objects.for_org(org).select_related("methodology", "owner").order_by("updated_at")

    register_approvable(f"{RISK.name}.{services.ACCEPTANCE}", Approvable(
        record_type=RISK.name, kind=services.ACCEPTANCE, noun="risk", records=risks_of,
        waiting=lambda org: risks_of(org).filter(treatment_option=TreatmentOption.RETAIN, acceptance=""),
        content=services.accepted_content,
        may=lambda m, risk: not services.missing_for_acceptance(risk) and services.may_accept(m, risk)[0],
        url=lambda slug, risk: reverse("risk:risk_detail", args=[slug, risk.pk]),
        ask="Accept the residual risk of ‘{name}’ (retained)",
        ask_again="Accept ‘{name}’ again: it changed since it was accepted"))

    register_approvable(METHODOLOGY.name, Approvable(
        record_type=METHODOLOGY.name, noun="risk methodology", records=RiskMethodology.objects.for_org,
        waiting=lambda org: RiskMethodology.objects.for_org(org).filter(status=MethodologyStatus.DRAFT),
        content=methodologies.structure_of, may=lambda m, draft: methodologies.may_approve(m, draft)[0],
        url=lambda slug, _m: reverse("risk:methodology", args=[slug]),
        ask="Approve the risk methodology draft ‘{name}’"))
