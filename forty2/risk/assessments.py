"""AI system impact assessments (ISO/IEC 42001 6.1.4, 8.4, A.5.2–A.5.5), structured after ISO/IEC 42005, with the
EU AI Act Art. 27 fundamental rights variant; written through the records kit, approved through its approval
pattern (optionally four-eyes, as the methodology says).

A high or critical residual impact opens a linked risk in the register, or updates the one it opened before,
so the impact assessment drives risk treatment (6.1.4 → 6.1.3).
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, field_error
from forty2.inventory.models import AISystem
from forty2.records import approvals, writes
from forty2.tenancy.access import require
from forty2.tenancy.models import Membership, Role
from forty2.tenancy.roles import can

from . import methodology as methodologies
from . import services
from .definitions import IMPACT, IMPACT_ASSESSMENT
from .models import Impact, ImpactAssessment, ImpactLevel, Risk

HIGH = {ImpactLevel.HIGH, ImpactLevel.CRITICAL}
APPROVAL = "approval"
FOUR_EYES = ("You changed this impact assessment or its impacts since it was last approved, and the methodology "
             "asks for four eyes (four-eyes rule): another owner or AIMS manager, who changed nothing of it, must "
             "review and approve it.")


def fria_required(system) -> bool:
    """Whether the system's current EU AI Act classification asks for a fundamental rights impact assessment
    (Art. 27)."""
    from forty2.aiact.queries import current

    found = current(system.organization, system)
    return bool(found and (found.result or {}).get("fria_required"))


def _system(org, value) -> AISystem:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value < 2**63:
        raise InvalidInput([field_error("ai_system", "Give the id of one of this organisation's AI systems.",
                                        "int_type")])
    system = AISystem.objects.for_org(org).filter(pk=value, archived_at__isnull=True).first()
    if system is None:
        raise InvalidInput([field_error("ai_system", f"No AI system with id {value} in this organisation's "
                                                     "register.", "not_found")])
    return system


class AssessmentRules(writes.Rules):
    def before_save(self, write):
        write.obj.last_edited_by = write.actor

    def after_diff(self, write):
        ia = write.obj
        if not write.created and ia.reassessment_due and write.changes:
            write.changes["reassessment_due"] = [True, False]
            ia.reassessment_due, ia.reassessment_reason = False, ""
        if write.created:
            write.changes["ai_system"] = ia.ai_system_id

    def after_save(self, write):
        ia = write.obj
        if ia.residual_impact in HIGH and (write.created or "residual_impact" in write.changes
                                           or "residual_notes" in write.changes):
            link_risk(write.membership, ia)


def create_assessment(membership, data: dict) -> ImpactAssessment:
    """Start an impact assessment of one AI system; blank description and intended use are taken from the
    register so the assessor starts from what is known."""
    data = dict(data)
    if "ai_system" not in data:
        raise InvalidInput([field_error("ai_system", "This field is required.", "missing")])
    system = _system(membership.organization, data.pop("ai_system"))
    data.setdefault("system_description", system.description or system.purpose)
    data.setdefault("intended_use", system.intended_use)
    return writes.create(IMPACT_ASSESSMENT, membership, data, rules=AssessmentRules(), ai_system=system)


def update_assessment(membership, ia: ImpactAssessment, data: dict, *, version: int, base: dict | None = None,
                      resolved: dict | None = None) -> ImpactAssessment:
    if "ai_system" in data:
        raise InvalidInput([field_error("ai_system", "An assessment stays with its AI system; start a new one "
                                                     "for another system.", "immutable")])
    return writes.update(IMPACT_ASSESSMENT, membership, ia, data, version=version, base=base, resolved=resolved,
                         rules=AssessmentRules())


def link_risk(membership, ia: ImpactAssessment) -> Risk:
    """Open (or update) the risk that carries a high residual impact into the register."""
    title = f"Residual impact: {ia.title}"[:200]
    description = (f"Residual impact rated {ia.get_residual_impact_display().lower()} in the impact assessment "
                   f"'{ia.title}'. {ia.residual_notes}").strip()[:5000]
    existing = Risk.objects.for_org(ia.organization).filter(source_assessment=ia).first()
    if existing is None:
        owner = ia.ai_system.business_owner
        if owner is not None and not Membership.objects.active().filter(
                organization_id=ia.organization_id, user=owner).exclude(role=Role.EXTERNAL_AUDITOR).exists():
            owner = None  # a former member owns nothing; the risk waits for an owner
        data = {"title": title, "description": description, "ai_system_ids": [ia.ai_system_id],
                "objectives": [], "owner": owner.email if owner else None}
        return services.create_risk(membership, data, source_assessment=ia)
    return services.update_risk(membership, existing, {"description": description}, version=existing.version)


def approved_content(ia: ImpactAssessment) -> dict:
    data = writes.snapshot(IMPACT_ASSESSMENT, ia)
    data["ai_system"] = ia.ai_system_id
    data["impacts"] = [writes.snapshot(IMPACT, i) for i in ia.impacts.order_by("pk")]
    return data


def approval_state(ia: ImpactAssessment) -> approvals.ApprovalState:
    return approvals.state(IMPACT_ASSESSMENT.name, ia, approved_content(ia))


def may_approve(membership, ia: ImpactAssessment, methodology=None) -> bool:
    """Whether ``membership`` may approve ``ia`` now: an approver's role and, under the methodology's four-eyes
    rule, no edit of the assessment or its impacts since its last approval (A.3.2 segregation of duties)."""
    methodology = methodology or methodologies.current(membership.organization)
    return approvals.may_approve(membership, four_eyes=methodology.impact_four_eyes,
                                 last_editor_id=ia.last_edited_by_id, record_type=IMPACT_ASSESSMENT.name, obj=ia)


def approve_assessment(membership, ia: ImpactAssessment, *, version: int, note: str = "") -> ImpactAssessment:
    """Sign off the assessment as it is now (A.5.3). Under the methodology's four-eyes rule the approver must
    differ from everyone who edited it or its impacts since its last approval. Sets the next review by the
    methodology's interval when none is due later."""
    require(membership, "approve")
    org = membership.organization
    methodology = methodologies.current(org)
    with transaction.atomic():
        locked = writes.lock(IMPACT_ASSESSMENT, org, ia.pk)
        if version != locked.version:
            raise writes.stale(IMPACT_ASSESSMENT, locked, org, {}, version)
        if not locked.impacts.exists():
            raise Conflict("Assess at least one impact on individuals, groups or society before approving (A.5.4, "
                           "A.5.5).")
        fields = []
        today = timezone.localdate()
        if locked.reassessment_due:
            locked.reassessment_due, locked.reassessment_reason = False, ""
            fields += ["reassessment_due", "reassessment_reason"]
        if locked.next_review is None or locked.next_review <= today:
            locked.next_review = today + dt.timedelta(days=methodology.review_interval_days)
            fields.append("next_review")
        if fields:
            locked.save(update_fields=fields)
        approvals.approve(membership, IMPACT_ASSESSMENT.name, locked, content=approved_content(locked), note=note,
                          four_eyes=methodology.impact_four_eyes, last_editor_id=locked.last_edited_by_id,
                          four_eyes_message=FOUR_EYES, audit_action="impact_assessment.approve")
    return locked


# --- impacts ----------------------------------------------------------------------------------------------------

def _edited(membership, assessment_id) -> None:
    """An impact is part of its assessment's content: its edit is an edit of the assessment (four-eyes rule)."""
    now = timezone.now()
    ImpactAssessment.objects.filter(pk=assessment_id).update(last_edited_by=membership.user, updated_at=now)
    approvals.note_edit(membership.user, IMPACT_ASSESSMENT.name,
                        ImpactAssessment(pk=assessment_id, organization_id=membership.organization.pk), at=now)


class ImpactRules(writes.Rules):
    """An impact belongs to its assessment: adding or changing one needs the right to edit the assessment (a
    contributor's own assessment; owners and AIMS managers any), so nobody becomes its editor by the side door."""

    def check(self, write):
        if not can(write.membership, "edit_record", write.obj.assessment):
            raise PermissionDenied("You may add or change impacts only in impact assessments you created; ask its "
                                   "author or an AIMS manager.")

    def after_save(self, write):
        _edited(write.membership, write.obj.assessment_id)


def add_impact(membership, ia: ImpactAssessment, data: dict) -> Impact:
    if ia.organization_id != membership.organization.pk:
        raise PermissionDenied("Not this organisation's impact assessment.")
    return writes.create(IMPACT, membership, data, rules=ImpactRules(), assessment=ia)


def update_impact(membership, impact: Impact, data: dict, *, version: int) -> Impact:
    return writes.update(IMPACT, membership, impact, data, version=version, rules=ImpactRules())


def delete_impact(membership, impact: Impact) -> None:
    with transaction.atomic():
        writes.delete(IMPACT, membership, impact, extra=lambda i: {"assessment": i.assessment_id})
        _edited(membership, impact.assessment_id)

