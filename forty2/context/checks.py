"""What the context records let the clause checks see (ISO/IEC 42001 4.1-4.3, 6.1.1). Each check reads content,
not existence: an issue without its effect, a party whose requirements nobody decided on, an overdue review or a
scope nobody approved does not pass."""

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from .models import (
    ActionStatus,
    AimsContext,
    AimsRisk,
    AimsRiskKind,
    Applicability,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    Origin,
)


def _live(model, org):
    return model.objects.for_org(org).filter(archived_at__isnull=True)


def _not_overdue(qs, field="review_date"):
    return not qs.filter(**{f"{field}__lt": timezone.localdate()}).exists()


def issues_determined(org, ctx) -> bool:
    """Internal and external issues, each with its effect on the AIMS, none overdue for review."""
    issues = _live(ContextIssue, org)
    origins = set(issues.exclude(effect="").values_list("origin", flat=True))
    return origins >= {Origin.INTERNAL, Origin.EXTERNAL} and not issues.filter(effect="").exists() \
        and _not_overdue(issues)


def _context(org):
    from forty2.controls.checks import shared

    return shared(org, "context.aims_context", lambda: AimsContext.objects.for_org(org).first())


def climate_determined(org, ctx) -> bool:
    found = _context(org)
    return found is not None and bool(found.climate) and bool(found.climate_reasoning.strip())


def roles_determined(org, ctx) -> bool:
    found = _context(org)
    return found is not None and bool(found.ai_roles)


def parties_determined(org, ctx) -> bool:
    """Interested parties with their requirements, and for each a decision whether the AIMS addresses them."""
    parties = _live(InterestedParty, org)
    return parties.exists() and not parties.filter(Q(requirements="") | Q(addressed="")).exists() \
        and _not_overdue(parties)


def legal_register(org, ctx) -> bool:
    """A legal register with at least one applicable requirement, each owned, none left to assess."""
    laws = _live(LegalRequirement, org)
    applicable = laws.filter(applicability__in=(Applicability.APPLIES, Applicability.PARTLY))
    return applicable.exists() and not applicable.filter(owner__isnull=True).exists() \
        and not laws.filter(applicability=Applicability.TO_ASSESS).exists() and _not_overdue(laws)


def scope_boundaries(org, ctx) -> bool:
    """The units or processes the AIMS covers, and at least one AI system in scope."""
    from forty2.inventory.models import AISystem

    found = _context(org)
    bounded = found is not None and bool((found.units + found.processes).strip())
    return bounded and AISystem.objects.for_org(org).filter(archived_at__isnull=True, in_scope=True).exists()


def aims_risks(org, ctx) -> bool:
    """Risks and opportunities of the AIMS itself, each with an action and an owner, none overdue."""
    rows = AimsRisk.objects.for_org(org).exclude(status=ActionStatus.CLOSED)
    kinds = set(rows.values_list("kind", flat=True))
    overdue = rows.filter(due_date__lt=timezone.localdate()).exclude(status=ActionStatus.DONE)
    return kinds >= {AimsRiskKind.RISK, AimsRiskKind.OPPORTUNITY} and not overdue.exists() and \
        not rows.filter(Q(action="") | Q(owner__isnull=True)).exists()


def register_clause_checks() -> None:
    from forty2.controls.checks import Check, register

    def page(name):
        return lambda org: reverse(f"context:{name}", args=[org.slug])

    register("4.1", Check("context_issues", "Internal and external issues with their effect on the AIMS, reviewed "
                                            "on time", issues_determined, page("issue_list")))
    register("4.1", Check("climate_change", "A reasoned determination whether climate change is relevant",
                          climate_determined, page("overview")))
    register("4.1", Check("ai_roles", "The organisation's roles for AI", roles_determined, page("overview")))
    register("4.2", Check("interested_parties", "Interested parties, their requirements and which the AIMS "
                                                "addresses", parties_determined, page("party_list")))
    register("4.2", Check("legal_register", "A legal register with every requirement assessed and owned",
                          legal_register, page("legal_list")))
    register("4.3", Check("scope_boundaries", "Scope boundaries with at least one AI system in scope",
                          scope_boundaries, page("overview")))
    register("6.1.1", Check("aims_risks", "Risks and opportunities of the AIMS with owned, timely actions",
                            aims_risks, page("aims_risk_list")))
