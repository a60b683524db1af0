"""What the risk app lets the clause conformity check for itself (ISO/IEC 42001 6.1.2-6.1.4, 8.2-8.4): the
records now managed here replace the "link evidence" checks of forty2/controls/checks.py."""

from django.urls import reverse

from forty2.records.models import Approval

from .models import ImpactAssessment, MethodologyStatus, Risk, RiskAssessmentRun, RiskMethodology, RiskStatus


def _methodology(org, ctx) -> bool:
    return RiskMethodology.objects.for_org(org).filter(status=MethodologyStatus.APPROVED).exists()


def _treatment_plan(org, ctx) -> bool:
    """Risks exist and every open one has a treatment option."""
    live = Risk.objects.for_org(org).exclude(status=RiskStatus.CLOSED)
    return live.exists() and not live.filter(treatment_option="").exists()


def _approved_assessments(org, ctx) -> bool:
    ids = ImpactAssessment.objects.for_org(org).values_list("pk", flat=True)
    return Approval.objects.filter(organization=org, record_type="impact_assessment", kind="approval",
                                   withdrawn_at__isnull=True, object_id__in=ids).exists()


def _runs(org, ctx) -> bool:
    return RiskAssessmentRun.objects.for_org(org).exists()


def _treated(org, ctx) -> bool:
    """Treatment has results: treated risks whose residual risk was accepted."""
    ids = Risk.objects.for_org(org).filter(status__in=[RiskStatus.TREATED, RiskStatus.CLOSED]).values_list("pk",
                                                                                                         flat=True)
    return Approval.objects.filter(organization=org, record_type="risk", kind="acceptance",
                                   withdrawn_at__isnull=True, object_id__in=ids).exists()


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    risks = lambda org: reverse("risk:risk_list", args=[org.slug])  # noqa: E731
    assessments = lambda org: reverse("risk:ia_list", args=[org.slug])  # noqa: E731
    register("6.1.2", Check("risk_assessment_process", "Approved AI risk assessment methodology", _methodology,
                            lambda org: reverse("risk:methodology", args=[org.slug])))
    register("6.1.3", Check("risk_treatment_plan", "A treatment option for every open AI risk", _treatment_plan,
                            risks))
    register("6.1.4", Check("impact_assessments", "An approved AI system impact assessment", _approved_assessments,
                            assessments))
    register("8.2", Check("risk_assessment_results", "A dated AI risk assessment with frozen results", _runs,
                          lambda org: reverse("risk:run_list", args=[org.slug])))
    register("8.3", Check("risk_treatment_results", "Treated AI risks with their residual risk accepted", _treated,
                          risks))
    register("8.4", Check("impact_assessment_results", "Approved AI system impact assessments",
                          _approved_assessments, assessments))
