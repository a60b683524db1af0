"""The impartiality check of an audit team (ISO/IEC 42001 9.2.2 c: auditors chosen so that the audit is objective
and impartial).

An auditor is flagged, with a reason in plain words, when they own (any owner field the records kit declares,
``forty2.tenancy.roles.OWNER_FIELDS``) or were the last to edit (``records.RecordEditor``) a record in the audit's
scope — the AI systems in scope and the SoA entries of the controls in scope — or belong to a unit audited
(``Person.department``). Flags are recomputed whenever the team or the scope changes (:func:`recompute`); a
flagged auditor needs a recorded justification before the audit starts."""

from forty2.controls.models import SoAEntry
from forty2.inventory.models import AISystem
from forty2.records.models import RecordEditor
from forty2.tenancy.roles import DEFAULT_OWNER_FIELDS, OWNER_FIELDS

from .models import Auditor

_OWNER_WORDS = {"created_by_id": "created", "business_owner_id": "is the business owner of",
                "technical_owner_id": "is the technical owner of", "owner_id": "owns", "assignee_id": "is assigned"}


def _owner_fields(model) -> tuple:
    return OWNER_FIELDS.get(model._meta.label, DEFAULT_OWNER_FIELDS)


def _records_in_scope(audit) -> list:
    """[(record_type, noun, obj)] of the records the audit's scope names (three queries)."""
    org = audit.organization
    out = [("ai_system", "the AI system", s) for s in AISystem.objects.for_org(org).filter(
        pk__in=[s.pk for s in audit.ai_systems.all()])]
    if audit.scope_controls:
        out += [("soa_entry", "the SoA entry", e) for e in SoAEntry.objects.for_org(org).filter(
            ref__in=audit.scope_controls)]
    return out


def flags_for(audit, auditors) -> dict:
    """{auditor pk: [reason, …]} for ``auditors`` of ``audit``, in a fixed number of queries."""
    records = _records_in_scope(audit)
    last_editor = {}
    by_type: dict[str, list] = {}
    for record_type, _noun, obj in records:
        by_type.setdefault(record_type, []).append(obj.pk)
    for record_type, ids in by_type.items():
        for row in (RecordEditor.objects.filter(organization_id=audit.organization_id, record_type=record_type,
                                                object_id__in=ids).order_by("object_id", "-edited_at")
                    .values("object_id", "user_id")):
            last_editor.setdefault((record_type, row["object_id"]), row["user_id"])
    unit_names = {u.pk: u.name for u in audit.units.all()}
    out = {}
    for auditor in auditors:
        person, reasons = auditor.person, []
        user_id = person.user_id
        if user_id is not None:
            for record_type, noun, obj in records:
                label = f"{noun} ‘{obj.ref if record_type == 'soa_entry' else obj}’"
                owned = [name for name in _owner_fields(type(obj))
                         if name != "created_by_id" and getattr(obj, name, None) == user_id]
                for name in owned:
                    reasons.append(f"{person.name} {_OWNER_WORDS.get(name, 'owns')} {label}, which is in scope.")
                if not owned and last_editor.get((record_type, obj.pk)) == user_id:
                    reasons.append(f"{person.name} last edited {label}, which is in scope.")
        if person.department_id in unit_names:
            reasons.append(f"{person.name} belongs to the audited unit ‘{unit_names[person.department_id]}’.")
        out[auditor.pk] = reasons
    return out


def recompute(audit) -> list:
    """Store each auditor's flags (inside the caller's transaction); the auditors whose flags changed."""
    auditors = list(Auditor.objects.filter(audit=audit).select_related("person"))
    flags = flags_for(audit, auditors)
    changed = []
    for auditor in auditors:
        new = flags.get(auditor.pk, [])
        if new != auditor.flags:
            auditor.flags = new
            auditor.save(update_fields=["flags"])
            changed.append(auditor)
    return changed


def unjustified(audit) -> list:
    """The auditors flagged without a recorded justification."""
    return [a for a in Auditor.objects.filter(audit=audit).select_related("person")
            if a.flags and not a.justification.strip()]
