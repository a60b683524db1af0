"""What the risk app lets the clause conformity check for itself (ISO/IEC 42001 6.1.2-6.1.4, 8.2-8.4): the
records now managed here replace the "link evidence" checks of forty2/controls/checks.py."""

from django.db.models import Count, Q
from django.urls import reverse

from forty2.records.models import Approval

from .models import ImpactAssessment, MethodologyStatus, Risk, RiskAssessmentRun, RiskMethodology, RiskStatus


def _facts(org, ctx) -> dict:
    """What the six checks need, found once per page (kept in the checks' shared ``ctx``) in five queries."""
    if "risk" in ctx:
        return ctx["risk"]
    live = Risk.objects.for_org(org).exclude(status=RiskStatus.CLOSED).aggregate(
        total=Count("id"), untreated=Count("id", filter=Q(treatment_option="")))
    treated = set(Risk.objects.for_org(org).filter(status__in=[RiskStatus.TREATED, RiskStatus.CLOSED])
                  .values_list("pk", flat=True))
    approved = set(Approval.objects.filter(organization=org, withdrawn_at__isnull=True, record_type__in=(
        "impact_assessment", "risk")).values_list("record_type", "object_id"))
    assessments = set(ImpactAssessment.objects.for_org(org).values_list("pk", flat=True))
    ctx["risk"] = {
        "methodology": RiskMethodology.objects.for_org(org).filter(status=MethodologyStatus.APPROVED).exists(),
        "treatment_plan": live["total"] > 0 and live["untreated"] == 0,  # every open risk has a treatment option
        "approved_assessment": any(("impact_assessment", pk) in approved for pk in assessments),
        "runs": RiskAssessmentRun.objects.for_org(org).exists(),
        "treated": any(("risk", pk) in approved for pk in treated),  # treated, residual risk accepted
    }
    return ctx["risk"]


def _fact(name):
    return lambda org, ctx: _facts(org, ctx)[name]


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    risks = lambda org: reverse("risk:risk_list", args=[org.slug])  # noqa: E731
    assessments = lambda org: reverse("risk:ia_list", args=[org.slug])  # noqa: E731
    register("6.1.2", Check("risk_assessment_process", "Approved AI risk assessment methodology", _fact("methodology"),
                            lambda org: reverse("risk:methodology", args=[org.slug])))
    register("6.1.3", Check("risk_treatment_plan", "A treatment option for every open AI risk",
                            _fact("treatment_plan"), risks))
    register("6.1.4", Check("impact_assessments", "An approved AI system impact assessment",
                            _fact("approved_assessment"), assessments))
    register("8.2", Check("risk_assessment_results", "A dated AI risk assessment with frozen results", _fact("runs"),
                          lambda org: reverse("risk:run_list", args=[org.slug])))
    register("8.3", Check("risk_treatment_results", "Treated AI risks with their residual risk accepted",
                          _fact("treated"), risks))
    register("8.4", Check("impact_assessment_results", "Approved AI system impact assessments",
                          _fact("approved_assessment"), assessments))
