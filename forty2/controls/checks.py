"""What each clause needs to exist, checked against the records Forty2 holds (ISO/IEC 42001 4-10, 7.5.1).

A check is *managed* when Forty2 keeps that kind of record (the AI system register, the SoA): it passes only when
the record exists. Where Forty2 does not manage the record kind yet (scope, policy, risk assessments, management
review …) the check says so and passes on valid (not expired) evidence linked to the clause — no placeholder
records are created. An app that starts managing a kind replaces the check with :func:`register` (the risk app:
``register("6.1.2", Check("risk_assessment", …, test=…))``).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from forty2.core.registry import Registrations


@dataclass
class Check:
    code: str
    label: str  # the record, in the clause's words ("Approved Statement of Applicability")
    test: Callable | None = None  # (org, ctx) -> bool for a record kind Forty2 manages; None: linked evidence
    fix: Callable | None = None  # (org) -> URL where it is fixed (default: the clause's page)

    @property
    def managed(self) -> bool:
        return self.test is not None


def _soa_approved(org, ctx) -> bool:
    return ctx.get("soa_approved", False)


CHECKS: dict[str, list[Check]] = {
    "4.3": [Check("aims_scope", "Approved AIMS scope")],
    "5.2": [Check("ai_policy", "Approved AI policy")],
    "6.1.2": [Check("risk_assessment_process", "AI risk assessment process")],
    "6.1.3": [Check("approved_soa", "Approved Statement of Applicability", _soa_approved,
                    lambda org: reverse("controls:soa", args=[org.slug])),
              Check("risk_treatment_plan", "AI risk treatment plan")],
    "6.1.4": [Check("impact_assessments", "AI system impact assessments")],
    "6.2": [Check("ai_objectives", "AI objectives")],
    "7.2": [Check("competence", "Evidence of competence")],
    "8.2": [Check("risk_assessment_results", "Results of AI risk assessments")],
    "8.3": [Check("risk_treatment_results", "Results of AI risk treatment")],
    "8.4": [Check("impact_assessment_results", "Results of AI system impact assessments")],
    "9.1": [Check("monitoring_results", "Monitoring and measurement results")],
    "9.2.2": [Check("audit_programme", "Internal audit programme and audit results")],
    "9.3.3": [Check("management_review", "Management review record")],
    "10.2": [Check("nonconformities", "Nonconformities and corrective actions")],
}


#: who registered each (clause, code): replacing a built-in check above is the point of :func:`register`; a second
#: app registering the same code is reported by ``forty2 check`` with both registrants
CHECKS_BY = Registrations("clause checks", skip=(__name__,))


def register(ref: str, check: Check) -> None:
    """Add a check to clause ``ref``, replacing one with the same code (an app now managing that record kind)."""
    CHECKS_BY.note((ref, check.code))
    checks = [c for c in CHECKS.get(ref, []) if c.code != check.code]
    CHECKS[ref] = [*checks, check]
