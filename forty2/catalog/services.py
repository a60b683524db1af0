"""Writes of an organisation's standing on catalog requirements (ISO/IEC 42001 9.1 evaluation, 6.1.3
comparison with Annex A). One transaction per call, each with its audit event; an inferred status is written
only by :func:`confirm_inference`, so a mapping is never applied silently.
"""

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion, field_error
from forty2.records.validation import clean, clean_note
from forty2.tenancy.access import require
from forty2.tenancy.roles import can

from . import inference as inference_rules
from .definitions import REQUIREMENT_STATUS
from .models import ConformityStatus, InferenceRejection, RequirementStatus, StatusSource

#: owner, AIMS manager and contributor may record a status (docs/architecture.md, "Roles": they create and edit
#: records) — a contributor only on a requirement whose record they own (:func:`may_set_status`)
SET_STATUS = "create_record"
NOTE_MAX = 5000

#: finders of the record that answers for a requirement in an organisation, registered by the apps above (the
#: clause assessment of an ISO/IEC 42001 clause, the SoA entry of an Annex A control): ``find(org, requirement)``
#: returns the record or None
STATUS_OWNERS: list = []


def register_status_owner(find) -> None:
    """Let an app above name the record whose editors may set a requirement's status (forty2/controls/apps.py)."""
    if find not in STATUS_OWNERS:
        STATUS_OWNERS.append(find)


def may_set_status(membership, requirement) -> bool:
    """A status is part of the record that answers for the requirement (A.3.2, 9.1): owners and AIMS managers set
    any; a contributor only where they may edit that record (a clause or control they own). A requirement no
    record answers for is set by owners and AIMS managers."""
    if not can(membership, SET_STATUS):
        return False
    if can(membership, "edit_any_record"):
        return True
    for find in STATUS_OWNERS:
        record = find(membership.organization, requirement)
        if record is not None:
            return can(membership, "edit_record", record)
    return False


def _require_status_rights(membership, requirement) -> None:
    require(membership, SET_STATUS)
    if not may_set_status(membership, requirement):
        raise PermissionDenied(f"You may set the status only of a clause or control you own; ask the owner of "
                               f"{_label(requirement)} or an AIMS manager.")


#: the rights check of a status write, for the catalog's faces to run before refusing an owned status (api.py)
require_status_rights = _require_status_rights


def _label(requirement) -> str:
    return f"{requirement.framework.label} {requirement.ref}"


def _record(action, membership, requirement, changes):
    audit.record(action, org=membership.organization, actor=membership.user, object_type="requirement",
                 object_id=requirement.pk, object_repr=_label(requirement), changes=changes)


def _snapshot(status: RequirementStatus | None) -> dict:
    if status is None:
        return {"status": ConformityStatus.NOT_ASSESSED.value, "source": None, "note": ""}
    return {"status": status.status, "source": status.source, "note": status.note,
            "inferred_from": _label(status.inferred_from) if status.inferred_from_id else None,
            "inferred_relationship": status.inferred_relationship or None}


def _check(membership, requirement, status, note) -> dict:
    """The records kit's validation of the definition (:mod:`.definitions`), plus the catalog's own rule."""
    errors = []
    try:
        cleaned = clean(REQUIREMENT_STATUS, membership.organization, {"status": status, "note": note})
    except InvalidInput as exc:
        errors, cleaned = exc.errors, {}
    if not requirement.assessable:
        errors.append(field_error("status", f"{requirement.ref} is a heading, not an assessable requirement; "
                                            "record the status on the requirements under it.", "not_assessable"))
    if errors:
        raise InvalidInput(errors)
    return cleaned


def _locked(membership, requirement):
    return (RequirementStatus.objects.select_for_update()
            .filter(organization=membership.organization, requirement=requirement).first())


def _save(current, membership, requirement, **values) -> RequirementStatus:
    now = timezone.now()
    if current is None:
        current = RequirementStatus(organization=membership.organization, requirement=requirement, created_at=now)
    else:
        current.version += 1
    for key, value in values.items():
        setattr(current, key, value)
    current.updated_at, current.updated_by = now, membership.user
    current.save()
    return current


def set_status(membership, requirement, *, status: str, note: str = "", version: int | None = None,
               source: str = StatusSource.ASSESSED, also_changed: dict | None = None) -> RequirementStatus:
    """Record the organisation's own assessment (or an imported one) of ``requirement``. ``version``, when
    given, must be the one the caller read. ``also_changed`` is added to the audit event's changes (a caller's
    record that changes with the status, e.g. the clause assessment's version)."""
    _require_status_rights(membership, requirement)
    cleaned = _check(membership, requirement, status, note if note is not None else "")
    with transaction.atomic():
        current = _locked(membership, requirement)
        if version is not None and version != (current.version if current else 0):
            raise StaleVersion(current.version if current else 0, version)
        before = _snapshot(current)
        unchanged = (current is not None and current.status == cleaned["status"] and current.source == source
                     and current.note == cleaned.get("note", "") and current.inferred_from_id is None)
        if unchanged:  # saving the same assessment again changes nothing and records nothing
            return current
        current = _save(current, membership, requirement, status=cleaned["status"], source=source,
                        note=cleaned.get("note", ""),
                        inferred_from=None, inferred_relationship="", inferred_from_status="",
                        confirmed_by=None, confirmed_at=None)
        changes = audit.diff(before, _snapshot(current))
        changes.update(also_changed or {})
        _record("requirement_status.set", membership, requirement, changes)
    return current


def _inference(membership, target, source):
    found = inference_rules.find(membership.organization, target, source)
    if found is None:
        raise InvalidInput([field_error("from_ref", f"{_label(source)} has no status that implies anything for "
                                                    f"{_label(target)} (is it mapped, and assessed?).", "not_found")])
    return found


def confirm_inference(membership, target, *, source, note: str = "") -> RequirementStatus:
    """Accept what ``source``'s status implies for ``target``: the status is stored as inferred, with the
    path, the relationship and who confirmed it."""
    _require_status_rights(membership, target)
    with transaction.atomic():
        current = _locked(membership, target)
        found = _inference(membership, target, source)
        if found.implied_status is None:
            raise InvalidInput([field_error("from_ref", f"A 'related' mapping only suggests a review of "
                                                        f"{_label(target)}; set its status yourself.", "review_only")])
        if found.state == "assessed":
            raise Conflict(f"{_label(target)} already has an assessed status; change it directly if the "
                           "inference should replace it.")
        if found.state == "confirmed":
            return current
        before = _snapshot(current)
        current = _save(current, membership, target, status=found.implied_status, source=StatusSource.INFERRED,
                        note=clean_note(note, NOTE_MAX)
                        or inference_rules.inference_note(source, found.relationship),
                        inferred_from=source,
                        inferred_relationship=found.relationship, inferred_from_status=found.from_status,
                        confirmed_by=membership.user, confirmed_at=timezone.now())
        InferenceRejection.objects.filter(organization=membership.organization, requirement=target,
                                          inferred_from=source).delete()
        changes = audit.diff(before, _snapshot(current))
        changes["inference"] = {"from": _label(source), "from_status": found.from_status,
                                "relationship": found.relationship, "provenance": found.mapping.provenance}
        _record("requirement_status.confirm_inference", membership, target, changes)
    return current


def reject_inference(membership, target, *, source, note: str = "") -> InferenceRejection:
    """Turn down (or, for a review suggestion, dismiss) what ``source``'s status implies for ``target``."""
    _require_status_rights(membership, target)
    with transaction.atomic():
        _locked(membership, target)
        found = _inference(membership, target, source)
        if found.state == "confirmed":
            raise Conflict(f"This inference was confirmed; set the status of {_label(target)} directly to change it.")
        rejection, created = InferenceRejection.objects.get_or_create(
            organization=membership.organization, requirement=target, inferred_from=source,
            from_status=found.from_status, defaults={"note": clean_note(note, NOTE_MAX),
                                                     "rejected_by": membership.user})
        if created:
            _record("requirement_status.reject_inference", membership, target, {
                "inference": {"from": _label(source), "from_status": found.from_status,
                              "relationship": found.relationship, "implied_status": found.implied_status,
                              "provenance": found.mapping.provenance},
                "note": rejection.note})
    return rejection
