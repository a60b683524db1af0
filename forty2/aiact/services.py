"""Writes of EU AI Act classifications and of AI systems' risk profiles.

Regulation (EU) 2024/1689 for the classification; ISO/IEC 42001 6.1.2 (risk assessment) and A.5 (assessing the
impacts of AI systems) for the risk profile. Every call is one transaction with its audit events; bad answers raise
:class:`InvalidInput` in the API's 422 shape and save nothing.

Who may do what (one decision for the API, the UI and the demo):

- Classify: whoever may edit the AI system (owner, AIMS manager, a contributor who owns or created it): answering
  the questionnaire is part of keeping the system's record (docs/architecture.md, "Roles").
- Sign off: the ``approve`` roles (owner, AIMS manager), never the person who stored the classification being
  signed (four eyes; ISO/IEC 42001 5.3 and A.3.2). Internal auditors keep their read-only, independent view: a
  sign-off is an AIMS decision, and an auditor who signed could not later audit it.
- A new classification starts unsigned. The earlier row keeps its sign-off, which was valid for that version only.
- Answers equal in meaning to the current ones (an absent yes/no equals ``false``) with an unchanged result store
  nothing: the call is a no-op.
"""

import hashlib
from collections import Counter
from decimal import Decimal
from functools import cache
from importlib import resources

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, StaleVersion
from forty2.inventory import services as register
from forty2.records import approvals
from forty2.records.validation import clean_note
from forty2.tenancy.access import require

from .engine import article_sort_key, classify
from .models import AIActClassification
from .profile import derive_risk_profile, rules
from .validation import Answers, AnswersError, validate_answers

#: Bump when engine.py changes a result for the same answers and data.
ENGINE_VERSION = "1"
RESULT_FIELDS = ("tier", "high_risk_route", "art6_3_exempted", "gpai", "fria_required", "transparency")
NOTE_MAX = 5000
SIGN_OFF_NOTE_MAX = 2000


@cache
def rules_version() -> str:
    """Engine version plus a digest of the data it reads (obligations and application dates)."""
    digest = hashlib.sha256()
    for name in ("obligations.json", "application_dates.json"):
        digest.update(resources.files("forty2.aiact").joinpath("data", name).read_bytes())
    return f"engine {ENGINE_VERSION}; data {digest.hexdigest()[:12]}"


def check_answers(data) -> Answers:
    """Validated answers, or InvalidInput listing every problem (HTTP 422)."""
    try:
        return validate_answers(data)
    except AnswersError as exc:
        raise InvalidInput(exc.errors) from None


def stored_answers(data: dict, answers: Answers) -> dict:
    """The answers as given (only the keys the caller sent), with cleaned values."""
    cleaned = answers.to_dict()
    return {key: cleaned[key] for key in data}


def _number_key(value):
    # PostgreSQL's jsonb stores 3e24 as 3000000000000000000000000: compare numbers by decimal value.
    if value is None:
        return None
    return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _full(answers: dict) -> dict | None:
    """Every answer field, absent ones at their default; None for answers a later release no longer accepts."""
    try:
        return validate_answers(answers).to_dict()
    except AnswersError:
        return None


def meaning(answers: dict) -> dict | None:
    """Every answer field with absent ones at their default, numbers comparable: equal means same answers."""
    full = _full(answers)
    if full is not None:
        full["training_compute_flops"] = _number_key(full["training_compute_flops"])
    return full


def change_summary(previous: AIActClassification | None, answers: dict, result: dict) -> dict:
    """What changed against the previous classification: answers, result fields, obligations, rules version."""
    before = previous.answers if previous else {}
    old_full, new_full = _full(before) or Answers().to_dict(), _full(answers)
    old_key, new_key = meaning(before) or meaning({}), meaning(answers)
    summary: dict = {}
    changed = {k: [old_full[k], new_full[k]] for k in new_key if old_key[k] != new_key[k]}
    if changed:
        summary["answers"] = changed
    old_result = previous.result if previous else {}
    fields = {k: [old_result.get(k), result[k]] for k in RESULT_FIELDS if old_result.get(k) != result[k]}
    if fields:
        summary["result"] = fields
    old_obl = Counter(o["article"] for o in old_result.get("obligations", []))
    new_obl = Counter(o["article"] for o in result["obligations"])
    added = sorted((new_obl - old_obl).elements(), key=article_sort_key)
    removed = sorted((old_obl - new_obl).elements(), key=article_sort_key)
    if added or removed:
        summary["obligations"] = {"added": added, "removed": removed}
    if previous and previous.rules_version != rules_version():
        summary["rules_version"] = [previous.rules_version, rules_version()]
    return summary


def _flat(summary: dict) -> dict:
    """The change summary as ``{name: [old, new]}`` pairs for the audit log's generic display."""
    flat = {f"answers.{k}": v for k, v in summary.get("answers", {}).items()}
    flat.update(summary.get("result", {}))
    if "obligations" in summary:
        flat["obligations added"] = summary["obligations"]["added"]
        flat["obligations removed"] = summary["obligations"]["removed"]
    if "rules_version" in summary:
        flat["rules_version"] = summary["rules_version"]
    return flat


def _lock_system(org, system):
    return register.lock_live_system(org, system)


def current_classification(system) -> AIActClassification | None:
    return AIActClassification.objects.filter(ai_system_id=system.pk, is_current=True).first()


def classify_system(membership, system, data, *, note: str = "") -> tuple[AIActClassification, bool]:
    """Classify ``system`` from questionnaire answers and store the result as its current classification.

    Returns ``(classification, stored)``; ``stored`` is False when the answers and result equal the current
    ones (no new row, no event). Records ``ai_act.classify`` with what changed and re-derives the risk profile.
    """
    require(membership, "edit_record", system)
    answers = check_answers(data)
    note = clean_note(note, NOTE_MAX)
    given = stored_answers(data, answers)
    result = classify(answers).to_dict()
    org = membership.organization
    with transaction.atomic():
        locked = _lock_system(org, system)
        require(membership, "edit_record", locked)
        previous = current_classification(locked)
        if previous is not None and previous.result == result and meaning(previous.answers) == meaning(given):
            return previous, False
        summary = change_summary(previous, given, result)
        if previous is not None:
            AIActClassification.objects.filter(pk=previous.pk).update(is_current=False)
            if previous.is_signed_off:
                summary["sign_off_cleared"] = True
        now = timezone.now()
        row = AIActClassification.objects.create(
            organization=org, ai_system=locked, answers=given, result=result, tier=result["tier"],
            rules_version=rules_version(), note=note, changes=summary, is_current=True,
            created_by=membership.user, created_at=now, updated_at=now,
            version=(previous.version + 1) if previous else 1)
        changes = {"classification_version": [previous.version if previous else None, row.version], **_flat(summary)}
        if summary.get("sign_off_cleared"):
            changes["signed_off_by"] = [previous.signed_off_by.email if previous.signed_off_by else None, None]
        audit.record("ai_act.classify", org=org, actor=membership.user, obj=locked, changes=changes)
        rederive_profile(locked, membership.user)
    return row, True


SIGN_OFF_RECORD = "ai_act_classification"
FOUR_EYES = "You stored this classification, so someone else (an owner or AIMS manager) must review and sign it off."


def signed_content(classification) -> dict:
    """What a sign-off covers: the answers and the engine's result of that classification."""
    return {"answers": classification.answers, "result": classification.result,
            "rules_version": classification.rules_version}


def may_sign_off(membership, classification) -> bool:
    """The approval pattern's rule for a classification (role, and four eyes: not the one who stored it)."""
    return approvals.may_approve(membership, last_editor_id=classification.created_by_id, four_eyes=True)


def sign_off(membership, system, *, version: int, note: str = "") -> AIActClassification:
    """A reviewer confirms the current classification (version ``version``) of ``system``."""
    require(membership, "approve")
    note = clean_note(note, SIGN_OFF_NOTE_MAX)
    org = membership.organization
    with transaction.atomic():
        locked = _lock_system(org, system)
        # The system's row lock serialises every write to its classifications.
        current = (AIActClassification.objects.select_related("signed_off_by")
                   .filter(ai_system=locked, is_current=True).first())
        if current is None:
            raise Conflict("This AI system has not been classified yet, so there is nothing to sign off.")
        if version != current.version:
            raise StaleVersion(current.version, version)
        if current.is_signed_off:
            who = current.signed_off_by.email if current.signed_off_by else "a former member"
            raise Conflict(f"Classification {current.version} was already signed off by {who} on "
                           f"{current.signed_off_at:%d %b %Y}.")
        approval = approvals.approve(
            membership, SIGN_OFF_RECORD, current, content=signed_content(current), kind="sign_off", note=note,
            four_eyes=True, last_editor_id=current.created_by_id, four_eyes_message=FOUR_EYES)
        now = approval.approved_at
        current.signed_off_by, current.signed_off_at, current.sign_off_note = membership.user, now, note
        current.updated_at = now
        current.save(update_fields=["signed_off_by", "signed_off_at", "sign_off_note", "updated_at"])
        audit.record("ai_act.sign_off", org=org, actor=membership.user, obj=locked,
                     changes={"classification_version": current.version, "tier": current.tier, "note": note})
    return current


#: fields of an AI system the risk profile is derived from (besides its EU AI Act tier)
PROFILE_FIELDS = frozenset({"personal_data", "automation", "criticality", "vulnerable_groups"})
_FROM_CLASSIFICATION = object()


def profile_inputs(system, tier=_FROM_CLASSIFICATION) -> dict:
    """Inputs of :func:`derive_risk_profile` from the system and its current classification (or the ``tier``
    the caller already knows); values the rules do not know count as not answered."""
    if tier is _FROM_CLASSIFICATION:
        tier = (AIActClassification.objects.filter(ai_system_id=system.pk, is_current=True)
                .values_list("tier", flat=True).first())
    inputs = {"tier": tier, "personal_data": system.personal_data or None, "automation": system.automation or None,
              "criticality": system.criticality or None, "vulnerable_groups": system.vulnerable_groups}
    spec = rules()["inputs"]
    return {k: v if any(v is x if isinstance(v, bool) else v == x for x in spec[k]["values"]) else None
            for k, v in inputs.items()}


def rederive_profile(system, actor, tier=_FROM_CLASSIFICATION) -> dict:
    """Re-derive and store the risk profile of ``system`` (and its denormalised tier); call inside the
    transaction that changed an input. Records ``risk_profile.change`` when the level or the reasons change;
    the first derivation is part of registering the system, whose event already lists every input."""
    inputs = profile_inputs(system, tier)
    profile = derive_risk_profile(inputs)
    updates = {}
    if system.ai_act_tier != (inputs["tier"] or ""):
        updates["ai_act_tier"] = inputs["tier"] or ""
    old = (system.risk_profile_level, list(system.risk_profile_reasons or []))
    if old != (profile["level"], profile["reasons"]):
        updates["risk_profile_level"], updates["risk_profile_reasons"] = profile["level"], profile["reasons"]
        if old[0]:
            changes = {"risk_profile_level": [old[0], profile["level"]], "inputs": inputs}
            if old[1] != profile["reasons"]:
                changes["risk_profile_reasons"] = [old[1], profile["reasons"]]
            audit.record("risk_profile.change", org=system.organization, actor=actor, obj=system, changes=changes)
    if updates:
        register.set_derived(system, **updates)
    return profile
