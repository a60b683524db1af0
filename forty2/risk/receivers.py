"""How risks and impact assessments follow changes to the register (ISO/IEC 42001 8.2, 8.4: assess again when
significant changes are proposed or occur): a receiver of the records kit's ``record_changed`` signal, connected
in :class:`forty2.risk.apps.RiskConfig`."""

from django.utils import timezone

from forty2.core import audit
from forty2.inventory.definitions import AI_SYSTEM
from forty2.records import staging
from forty2.tenancy.roles import can

from .models import ImpactAssessment, Risk

#: changes to an AI system that call for re-assessing its risks and impact assessments
SIGNIFICANT = ("purpose", "intended_use", "model_ids", "dataset_ids", "deployment_context", "automation")


def flag_on_system_change(sender, record_type, write, **kwargs) -> None:
    """Flag the system's risks and impact assessments "re-assessment due", saying which change caused it."""
    if record_type is not AI_SYSTEM or write.created:
        return
    changed = [name for name in SIGNIFICANT if name in write.changes]
    if not changed:
        return
    system, org = write.obj, write.org
    labels = ", ".join(AI_SYSTEM.by_name[n].label.lower().rstrip("?") for n in changed)
    reason = (f"AI system '{system.name}' changed ({labels}) by {write.actor.email} on "
              f"{timezone.localdate().isoformat()}.")[:500]
    for model, qs, object_type in (
            (Risk, Risk.objects.for_org(org).filter(ai_systems=system), "risk"),
            (ImpactAssessment, ImpactAssessment.objects.for_org(org).filter(ai_system=system),
             "impactassessment")):
        found = list(qs.values_list("pk", "title"))
        if not found:
            continue
        model.objects.filter(pk__in=[pk for pk, _t in found]).update(reassessment_due=True,
                                                                     reassessment_reason=reason)
        for pk, title in found:
            audit.record(f"{'risk' if model is Risk else 'impact_assessment'}.reassessment_due", org=org,
                         actor=write.actor, object_type=object_type, object_id=pk, object_repr=title,
                         changes={"reason": reason, "fields": changed})


def propose_treating_controls(sender, record_type, write, **kwargs) -> None:
    """Controls chosen in a risk's treatment plan are proposed as applicable in the SoA, linked to the risk
    (ISO/IEC 42001 6.1.3 b-d); an entry already decided keeps its decision and gains the link. Deciding
    applicability is an AIMS manager's or owner's: a contributor's choices are proposed at an approver's next
    save of the risk."""
    from .definitions import RISK

    if record_type is not RISK or not can(write.membership, "edit_any_record"):
        return
    if write.staged and staging.after_publish(lambda: _propose(write)):
        return  # an import's risk: the SoA changes only if the import is published
    _propose(write)


def _propose(write) -> None:
    from forty2.controls.models import JustificationLink
    from forty2.controls.services import propose_applicable

    linked = set(JustificationLink.objects.filter(organization=write.org, record_type="risk", object_id=write.obj.pk)
                 .values_list("entry__ref", flat=True))
    for ref in write.obj.controls or []:
        if str(ref).startswith("A.") and ref not in linked:
            propose_applicable(write.membership, ref, "risk", write.obj.pk)


def _risk_names(org, ids):
    return dict(Risk.objects.for_org(org).filter(pk__in=ids).values_list("pk", "title"))


def _assessment_names(org, ids):
    return dict(ImpactAssessment.objects.for_org(org).filter(pk__in=ids).values_list("pk", "title"))


def register_justifications() -> None:
    """Risks and impact assessments may justify an SoA entry (forty2/controls/justifications.py)."""
    from django.urls import reverse

    from forty2.controls.justifications import register

    register("risk", "Risk", names=_risk_names, url=lambda org, pk: reverse("risk:risk_detail", args=[org.slug, pk]))
    register("impact_assessment", "Impact assessment", names=_assessment_names,
             url=lambda org, pk: reverse("risk:ia_detail", args=[org.slug, pk]))
