"""Writes to the AI risk register (ISO/IEC 42001 6.1.2 assessment, 6.1.3 treatment, 8.2, 8.3) through the
records kit's write path, and risk acceptance through its approval pattern.

The register's own rules: scores must lie on the scales of the methodology the risk is scored under; levels
come from its matrix; re-scoring a risk scored under an older methodology moves it to the current one; a
review date defaults to the methodology's interval; scoring or reviewing a risk clears its "re-assessment
due" flag. Acceptance (6.1.3: approval of residual risk by the designated management) is allowed to the risk owner
or the roles the methodology names for the risk's level, records who accepted what, and turns stale when the risk
or its treatment actions change.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, field_error
from forty2.records import approvals, writes
from forty2.tenancy.models import Role
from forty2.tenancy.roles import can

from . import methodology as methodologies
from .definitions import ACTION, RISK
from .models import Risk, TreatmentAction

SCORE_FIELDS = ("inherent_likelihood", "inherent_consequence", "residual_likelihood", "residual_consequence")
#: changes that count as re-assessing the risk (clear "re-assessment due")
REASSESSING = frozenset(SCORE_FIELDS) | {"next_review", "treatment_plan", "treatment_option", "status"}
ACCEPTANCE = "acceptance"


def check_scores(methodology, values: dict) -> list[dict]:
    """Errors for scores outside the methodology's scales, naming the field and the allowed range."""
    errors = []
    for name in SCORE_FIELDS:
        value = values.get(name)
        if not value:
            continue
        which = "likelihood" if name.endswith("likelihood") else "consequence"
        top = methodologies.scale_range(methodology, which)
        if int(value) > top:
            errors.append(field_error(name, f"{value} is outside the {which} scale of methodology version "
                                            f"{methodology.number} (1 to {top}).", "scale"))
    return errors


class RiskRules(writes.Rules):
    def check(self, write):
        risk, cleaned = write.obj, write.cleaned
        target = risk.methodology
        if not write.created and any(k in cleaned for k in SCORE_FIELDS):
            now_m = methodologies.current(write.org)
            if risk.methodology_id != now_m.pk:
                target = now_m  # re-scored: under the methodology in force from now on
        merged = {n: cleaned.get(n, getattr(risk, n) or "") for n in SCORE_FIELDS}
        errors = check_scores(target, merged)
        if errors:
            raise InvalidInput(errors)
        self.target = target
        self.before_levels = {"inherent_level": risk.inherent_level, "residual_level": risk.residual_level,
                              "methodology": risk.methodology.number if risk.methodology_id else None}

    def before_save(self, write):
        risk, methodology = write.obj, self.target
        risk.methodology = methodology
        risk.inherent_level = methodology.level(risk.inherent_likelihood, risk.inherent_consequence)
        risk.residual_level = methodology.level(risk.residual_likelihood, risk.residual_consequence)
        if write.created and risk.next_review is None:
            risk.next_review = timezone.localdate() + dt.timedelta(days=methodology.review_interval_days)

    def after_diff(self, write):
        risk = write.obj
        after = {"inherent_level": risk.inherent_level, "residual_level": risk.residual_level,
                 "methodology": risk.methodology.number}
        if write.created:
            write.changes.update(after)
            return
        extra = audit.diff(self.before_levels, after)
        if write.changes:
            write.changes.update(extra)
        if risk.reassessment_due and write.changes.keys() & REASSESSING:
            write.changes["reassessment_due"] = [True, False]
            risk.reassessment_due, risk.reassessment_reason = False, ""

    def after_save(self, write):
        refresh_acceptance(write.obj)


def create_risk(membership, data: dict, **initial) -> Risk:
    """Add a risk to the register, scored under the methodology in force."""
    return writes.create(RISK, membership, data, rules=RiskRules(),
                         methodology=methodologies.current(membership.organization), **initial)


def update_risk(membership, risk: Risk, data: dict, *, version: int, base: dict | None = None,
                resolved: dict | None = None) -> Risk:
    """Change a risk; with ``base`` (the edit page's snapshot) a stale version merges field by field."""
    return writes.update(RISK, membership, risk, data, version=version, base=base, resolved=resolved,
                         rules=RiskRules())


def delete_risk(membership, risk: Risk) -> None:
    """Delete a risk (owners and AIMS managers); its history stays in the audit log and in frozen runs."""
    writes.delete(RISK, membership, risk, extra=lambda r: {"acceptance": r.acceptance})


# --- acceptance (6.1.3) ------------------------------------------------------------------------------------------

def accepted_content(risk: Risk) -> dict:
    """What an acceptance covers: the risk's content, its levels and its treatment actions."""
    data = writes.snapshot(RISK, risk, RISK.load_links(risk))
    data.update(inherent_level=risk.inherent_level, residual_level=risk.residual_level,
                methodology=risk.methodology.number)
    data["actions"] = [writes.snapshot(ACTION, a) for a in risk.actions.order_by("pk")]
    return data


def acceptance_state(risk: Risk) -> approvals.ApprovalState:
    return approvals.state(RISK.name, risk, accepted_content(risk), kind=ACCEPTANCE)


def refresh_acceptance(risk: Risk) -> None:
    """Keep the denormalised ``acceptance`` column (lists, filters) in step with the acceptance in force."""
    if not risk.acceptance:  # nothing accepted: nothing can turn stale (accept_risk sets the column)
        return
    state = acceptance_state(risk)
    value = "" if state.approval is None else ("stale" if state.stale else "accepted")
    if value != risk.acceptance:
        Risk.objects.filter(pk=risk.pk).update(acceptance=value)
        risk.acceptance = value


def allowed_roles(methodology, level: str) -> list[str]:
    rule = methodology.acceptance.get(level) or {}
    return list(rule.get("roles") or [])


def may_accept(membership, risk: Risk) -> tuple[bool, str]:
    """(allowed, reason if not): the level must be acceptable under the risk's methodology, and the member
    the risk owner (where the methodology lets owners accept that level) or in a role it names."""
    methodology, level = risk.methodology, risk.residual_level
    if not level:
        return False, "Score the residual risk first: acceptance is judged on its residual level (6.1.3)."
    rule = methodology.acceptance.get(level) or {}
    label = methodologies.level_label(level).lower()
    if not rule.get("acceptable"):
        return False, (f"A {label} risk may not be accepted under methodology version {methodology.number}; treat it "
                       "further (6.1.3).")
    if rule.get("risk_owner") and risk.owner_id == membership.user.pk and can(membership, "create_record"):
        return True, ""  # a read-only role (viewer, auditor) never decides, even when named
    if membership.role in allowed_roles(methodology, level) and membership.role != Role.VIEWER:
        return True, ""
    roles = [dict(Role.choices)[r] for r in allowed_roles(methodology, level)]
    who = ("the risk owner" if rule.get("risk_owner") else "")
    names = ", ".join(filter(None, [who, *roles])) or "nobody"
    return False, (f"Only {names} may accept a {label} risk under methodology version {methodology.number}; your "
                   f"role is {membership.get_role_display()}.")


def missing_for_acceptance(risk: Risk) -> list[dict]:
    """What a risk lacks before anyone may accept it (6.1.3: approval by the designated management; 8.3): a residual
    score, an owner, a treatment decision, and no re-assessment waiting. One field error each (422 naming them)."""
    errors = []
    if not (risk.residual_likelihood and risk.residual_consequence):
        errors.append(field_error("residual_likelihood" if not risk.residual_likelihood else "residual_consequence",
                                  "Score the residual risk (likelihood and consequence) first: an acceptance is "
                                  "of the residual risk.", "missing"))
    if not risk.owner_id:
        errors.append(field_error("owner", "Name the risk owner first: an acceptance needs someone accountable for "
                                           "the risk.", "missing"))
    if not risk.treatment_option:
        errors.append(field_error("treatment_option", "Record the treatment decision first (modify, avoid, share or "
                                                      "retain).", "missing"))
    if risk.reassessment_due:
        errors.append(field_error("reassessment_due", "The risk is flagged for re-assessment"
                                  f"{': ' + risk.reassessment_reason if risk.reassessment_reason else ''}. Review its "
                                  "scores first; an acceptance is suspended while the flag stands.", "reassessment"))
    return errors


def acceptance_word(risk) -> str:
    """The acceptance as it counts today: "accepted", "stale" (changed since), "suspended" (flagged for
    re-assessment or its review overdue, 8.2) or "" (none)."""
    if risk.acceptance == "accepted" and (risk.reassessment_due or (
            risk.next_review is not None and risk.next_review < timezone.localdate())):
        return "suspended"
    return risk.acceptance or ""


def accept_risk(membership, risk: Risk, *, version: int, note: str = "") -> Risk:
    """Accept the risk as it is now (``version`` as read): who, when, the content accepted (6.1.3: approval by the
    designated management). Refused (422) while the risk has no residual score, no owner, no treatment
    decision or a re-assessment flag."""
    org = membership.organization
    with transaction.atomic():
        locked = writes.lock(RISK, org, risk.pk)
        if version != locked.version:
            raise writes.stale(RISK, locked, org, {}, version)
        missing = missing_for_acceptance(locked)
        if missing:
            raise InvalidInput(missing)
        allowed, reason = may_accept(membership, locked)
        if not allowed:
            if reason.startswith("Only"):
                raise PermissionDenied(reason)
            raise Conflict(reason)
        # the methodology's criteria are the authority here, so the approval records it for any allowed role
        approvals.approve(membership, RISK.name, locked, content=accepted_content(locked), kind=ACCEPTANCE,
                          note=note, action="view")
        # what was accepted, readable in the audit log without the approval's hash
        audit.record("risk.accept", org=org, actor=membership.user, obj=locked, changes={
            "version": locked.version, "level": locked.level, "note": note, "methodology": locked.methodology.number,
            "residual_likelihood": locked.residual_likelihood, "residual_consequence": locked.residual_consequence,
            "treatment_option": locked.treatment_option, "treatment_plan": locked.treatment_plan,
            "treatment_actions": locked.actions.count()})
        locked.acceptance = "accepted"
        locked.save(update_fields=["acceptance"])
    return locked


# --- treatment actions ------------------------------------------------------------------------------------------

class ActionRules(writes.Rules):
    """A treatment action is part of its risk's treatment plan (6.1.3): adding one needs the right to edit the
    risk (its owner or creator; owners and AIMS managers any). Changing one needs the right to edit the action
    (its owner reports progress), which the write path checks."""

    def check(self, write):
        if write.created and not can(write.membership, "edit_record", write.obj.risk):
            raise PermissionDenied("You may add treatment actions only to risks you own or created; ask the risk "
                                   "owner or an AIMS manager.")

    def after_save(self, write):
        approvals.note_edit(write.actor, RISK.name, write.obj.risk)
        refresh_acceptance(write.obj.risk)


def add_action(membership, risk: Risk, data: dict) -> TreatmentAction:
    if risk.organization_id != membership.organization.pk:
        raise PermissionDenied("Not this organisation's risk.")
    return writes.create(ACTION, membership, data, rules=ActionRules(), risk=risk)


def update_action(membership, action: TreatmentAction, data: dict, *, version: int, base: dict | None = None,
                  resolved: dict | None = None) -> TreatmentAction:
    return writes.update(ACTION, membership, action, data, version=version, base=base, resolved=resolved,
                         rules=ActionRules())


def delete_action(membership, action: TreatmentAction) -> None:
    risk = action.risk
    with transaction.atomic():
        writes.delete(ACTION, membership, action, extra=lambda a: {"risk": a.risk_id})
        refresh_acceptance(risk)


def flag_for_reassessment(org, actor, ai_system_ids, reason: str, *, cause: str = "") -> list[int]:
    """Flag the risks of these AI systems "re-assessment due" with ``reason`` (ISO/IEC 42001 8.2: assess again
    when something significant occurs, such as an AI incident, A.8.4), and record one
    ``risk.reassessment_due`` event per risk. ``cause`` names what caused it in the event ("incident:12").
    Returns the ids of the risks flagged. Other apps call this; the risk app does not know them."""
    reason = reason[:500]
    found = list(Risk.objects.for_org(org).filter(ai_systems__in=list(ai_system_ids))
                 .distinct().values_list("pk", "title"))
    if not found:
        return []
    Risk.objects.filter(pk__in=[pk for pk, _t in found]).update(reassessment_due=True, reassessment_reason=reason)
    for pk, title in found:
        audit.record("risk.reassessment_due", org=org, actor=actor, object_type="risk", object_id=pk,
                     object_repr=title, changes={"reason": reason, **({"cause": cause} if cause else {})})
    return [pk for pk, _t in found]
