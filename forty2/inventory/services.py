"""Writes to the AI system register (ISO/IEC 42001 4.1, A.4, A.6, A.10). Every write is one transaction
with its audit event; bad input raises :class:`InvalidInput` naming every wrong field and saves nothing."""

from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils import timezone

from forty2.aiact.services import PROFILE_FIELDS, rederive_profile
from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, PermissionDenied, StaleVersion, field_error
from forty2.tenancy.access import require
from forty2.tenancy.models import Membership
from forty2.tenancy.roles import can

from .models import (
    IN_OPERATION_STAGES,
    AIModel,
    AIRole,
    AISystem,
    Automation,
    Criticality,
    Dataset,
    LifecycleStage,
    PersonalData,
    Supplier,
    SystemStatus,
)

TEXT_FIELDS = {
    "name": 200, "purpose": 5000, "intended_use": 5000, "description": 10000, "business_unit": 200,
    "deployment_context": 5000, "geography": 300, "affected_people": 5000, "human_oversight": 5000,
    "personal_data_notes": 5000,
}
REQUIRED = ("name", "purpose")
CHOICE_FIELDS = {
    "lifecycle_stage": (LifecycleStage, False),
    "status": (SystemStatus, False),
    "automation": (Automation, True),
    "personal_data": (PersonalData, True),
    "criticality": (Criticality, True),
}
OWNER_FIELDS = ("business_owner", "technical_owner")
LINK_FIELDS = {"model_ids": ("ai_models", AIModel), "dataset_ids": ("datasets", Dataset),
               "supplier_ids": ("suppliers", Supplier)}
ALL_FIELDS = (set(TEXT_FIELDS) | set(CHOICE_FIELDS) | set(OWNER_FIELDS) | set(LINK_FIELDS)
              | {"ai_roles", "vulnerable_groups"})
MAX_ID = 2**63 - 1  # the largest id a BIGINT primary key can hold
STATUSES_NEEDING_APPROVAL = {SystemStatus.APPROVED, SystemStatus.RESTRICTED, SystemStatus.RETIRED}


def _allowed(choices) -> str:
    return ", ".join(choices.values)


def clean_ai_system_data(org, data: dict, *, partial: bool = False, instance: AISystem | None = None) -> dict:
    """Check every field and resolve references; raise InvalidInput listing all problems."""
    errors, cleaned = [], {}
    for key in data:
        if key not in ALL_FIELDS:
            errors.append(field_error(key, "Unknown field.", "extra_forbidden"))
    for key, max_length in TEXT_FIELDS.items():
        if key not in data:
            if not partial and key in REQUIRED:
                errors.append(field_error(key, "This field is required.", "missing"))
            continue
        value = data[key]
        if value is None:
            value = ""
        if not isinstance(value, str):
            errors.append(field_error(key, "Must be text.", "string_type"))
            continue
        value = value.strip()
        if key in REQUIRED and not value:
            errors.append(field_error(key, "This field is required and may not be blank.", "missing"))
        elif len(value) > max_length:
            errors.append(field_error(key, f"At most {max_length} characters (got {len(value)}).",
                                      "string_too_long"))
        elif "\x00" in value:
            errors.append(field_error(key, "May not contain NUL characters.", "string_type"))
        else:
            cleaned[key] = value
    for key, (choices, blank_ok) in CHOICE_FIELDS.items():
        if key not in data:
            continue
        value = data[key]
        if value in (None, "") and blank_ok:
            cleaned[key] = ""
        elif value not in choices.values:
            errors.append(field_error(key, f"'{value}' is not allowed; use one of: {_allowed(choices)}.", "enum"))
        else:
            cleaned[key] = value
    if "ai_roles" in data:
        roles = data["ai_roles"] if data["ai_roles"] is not None else []
        if not isinstance(roles, list | tuple) or not all(isinstance(r, str) for r in roles):
            errors.append(field_error("ai_roles", "Must be a list of roles.", "list_type"))
        else:
            bad = [r for r in roles if r not in AIRole.values]
            if bad:
                errors.append(field_error("ai_roles", f"Unknown role(s) {', '.join(bad)}; use: {_allowed(AIRole)}.",
                                          "enum"))
            else:
                cleaned["ai_roles"] = sorted(set(roles), key=AIRole.values.index)
    if "vulnerable_groups" in data:
        value = data["vulnerable_groups"]
        if value is not None and not isinstance(value, bool):
            errors.append(field_error("vulnerable_groups", "Must be true, false or null.", "bool_type"))
        else:
            cleaned["vulnerable_groups"] = value
    for key in OWNER_FIELDS:
        if key not in data:
            continue
        email = data[key]
        if email in (None, ""):
            cleaned[key] = None
            continue
        if "\x00" in str(email):  # PostgreSQL cannot even compare text holding NUL
            errors.append(field_error(key, "May not contain NUL characters.", "string_type"))
            continue
        # an active member only: an external auditor whose period ended, or a deactivated person, is no owner
        membership = (Membership.objects.active().select_related("user")
                      .filter(organization=org, user__email__iexact=str(email).strip()).first())
        if membership is None:
            errors.append(field_error(key, f"{email} is not a member of this organisation.", "not_member"))
        elif membership.role == "external_auditor":
            errors.append(field_error(key, f"{email} is an external auditor and cannot own an AI system they are "
                                           "to audit (auditor independence, ISO/IEC 42001 9.2).", "independence"))
        else:
            cleaned[key] = membership.user
    for key, (_attr, model) in LINK_FIELDS.items():
        if key not in data:
            continue
        ids = data[key] or []
        if not isinstance(ids, list | tuple) or not all(isinstance(i, int) and not isinstance(i, bool)
                                                        for i in ids):
            errors.append(field_error(key, "Must be a list of integer ids.", "list_type"))
            continue
        if any(not 0 < i <= MAX_ID for i in ids):  # SQLite overflows on ids beyond 64 bits (a 500, not a 422)
            errors.append(field_error(key, f"Ids are whole numbers from 1 to {MAX_ID}.", "not_found"))
            continue
        found = list(model.objects.for_org(org).filter(pk__in=ids))
        missing = sorted(set(ids) - {obj.pk for obj in found})
        if missing:
            errors.append(field_error(key, f"No {model._meta.verbose_name} with id {', '.join(map(str, missing))}.",
                                      "not_found"))
        else:
            cleaned[key] = found
    name = cleaned.get("name")
    if name:
        clash = AISystem.objects.for_org(org).filter(name__iexact=name, archived_at__isnull=True)
        if instance is not None:
            clash = clash.exclude(pk=instance.pk)
        if clash.exists():
            errors.append(field_error("name", f"An AI system named '{name}' already exists.", "duplicate"))
    if errors:
        raise InvalidInput(errors)
    return cleaned


def snapshot(system: AISystem, links: dict | None = None) -> dict:
    """The audited view of a system: plain values, owners by e-mail, links by id.

    ``links`` ({"model_ids": [...], ...}) saves the three link queries when the caller knows them."""
    data = {key: getattr(system, key) for key in TEXT_FIELDS}
    data.update({key: getattr(system, key) for key in CHOICE_FIELDS})
    data["ai_roles"] = list(system.ai_roles)
    data["vulnerable_groups"] = system.vulnerable_groups
    for key in OWNER_FIELDS:
        user = getattr(system, key)
        data[key] = user.email if user else None
    if links is not None:
        data.update(links)
    elif system.pk:
        from .queries import attach_links

        found = attach_links([system])[0].links
        for key, kind in (("model_ids", "models"), ("dataset_ids", "datasets"), ("supplier_ids", "suppliers")):
            data[key] = sorted(item["id"] for item in found[kind])
    return data


def _links_after(cleaned: dict, before: dict) -> dict:
    return {key: sorted(obj.pk for obj in cleaned[key]) if key in cleaned else before[key] for key in LINK_FIELDS}


def _apply(system, cleaned, membership):
    for key, value in cleaned.items():
        if key not in LINK_FIELDS:
            setattr(system, key, value)
    status = cleaned.get("status")
    if status in STATUSES_NEEDING_APPROVAL:
        system.approved_by = membership.user
        system.approved_at = timezone.now()


def _set_links(system, cleaned):
    for key, (attr, _model) in LINK_FIELDS.items():
        if key in cleaned:
            getattr(system, attr).set(cleaned[key])


@contextmanager
def name_clash_is_bad_input(recheck):
    """Two requests registering the same name at once both pass the duplicate check; the database's unique
    constraint stops the second insert. Once its transaction is rolled back, ``recheck`` sees the committed
    clash and raises InvalidInput naming the field (422), instead of an IntegrityError reaching the user."""
    try:
        yield
    except IntegrityError:
        recheck()
        raise


def create_ai_system(membership, data: dict) -> AISystem:
    """Register a new AI system; only ``name`` and ``purpose`` are required."""
    require(membership, "create_record")
    org = membership.organization
    with name_clash_is_bad_input(lambda: clean_ai_system_data(org, data)), transaction.atomic():
        cleaned = clean_ai_system_data(org, data)
        if cleaned.get("status") in STATUSES_NEEDING_APPROVAL:
            require(membership, "approve")
        system = AISystem(organization=org, created_by=membership.user)
        _apply(system, cleaned, membership)
        system.save()
        _set_links(system, cleaned)
        links = _links_after(cleaned, dict.fromkeys(LINK_FIELDS, []))
        audit.record("ai_system.create", org=org, actor=membership.user, obj=system, changes=snapshot(system, links))
        rederive_profile(system, membership.user, tier=None)  # a new system has no classification yet
    return system


def _refuse_operating_a_prohibited_system(system: AISystem, cleaned: dict) -> None:
    """EU AI Act Art. 5: a practice classified as prohibited may not be approved or put into operation."""
    if system.ai_act_tier != "prohibited":
        return
    errors = []
    if cleaned.get("status") == SystemStatus.APPROVED and system.status != SystemStatus.APPROVED:
        errors.append(field_error("status", "This system is classified as a prohibited AI practice (EU AI Act "
                                            "Art. 5); it cannot be approved. Restrict or retire it.", "prohibited"))
    stage = cleaned.get("lifecycle_stage")
    if stage in IN_OPERATION_STAGES and stage != system.lifecycle_stage:
        errors.append(field_error("lifecycle_stage", "This system is classified as a prohibited AI practice (EU AI "
                                                     "Act Art. 5); it cannot be deployed or operated.", "prohibited"))
    if errors:
        raise InvalidInput(errors)


def update_ai_system(membership, system: AISystem, data: dict, *, version: int) -> AISystem:
    """Change fields of a system. ``version`` must be the one the caller read (optimistic concurrency)."""
    org = membership.organization
    recheck = lambda: clean_ai_system_data(org, data, partial=True, instance=system)  # noqa: E731
    with name_clash_is_bad_input(recheck), transaction.atomic():
        current = AISystem.objects.select_for_update().get(pk=system.pk, organization=org)
        require(membership, "edit_record", current)
        if current.archived_at is not None:
            raise Conflict("This AI system is archived and can no longer be changed.")
        if version != current.version:
            raise StaleVersion(current.version, version)
        may_approve = can(membership, "approve")
        if not may_approve and current.status in (SystemStatus.RESTRICTED, SystemStatus.RETIRED):
            raise PermissionDenied(f"This AI system is {current.get_status_display().lower()}; only an AIMS "
                                   "manager or owner may change it.")
        cleaned = clean_ai_system_data(org, data, partial=True, instance=current)
        new_status = cleaned.get("status")
        _refuse_operating_a_prohibited_system(current, cleaned)
        if new_status and new_status != current.status and new_status in STATUSES_NEEDING_APPROVAL:
            require(membership, "approve")
        elif new_status == current.status:
            cleaned.pop("status")
        before = snapshot(current)
        _apply(current, cleaned, membership)
        _set_links(current, cleaned)
        after = snapshot(current, _links_after(cleaned, before))
        changes = audit.diff(before, after)
        if changes and not may_approve and current.status == SystemStatus.APPROVED:
            # An approval covers what was approved: a change by someone who may not approve withdraws it.
            current.status, current.approved_by, current.approved_at = SystemStatus.UNDER_REVIEW, None, None
            changes["status"] = [SystemStatus.APPROVED, SystemStatus.UNDER_REVIEW]
            changes["approval_withdrawn"] = "changed by a member who may not approve; needs approval again"
        if changes:
            current.version += 1
            current.updated_at = timezone.now()
            current.save()
            action = "ai_system.approve" if "status" in changes and new_status == "approved" else "ai_system.update"
            audit.record(action, org=org, actor=membership.user, obj=current, changes=changes)
            if changes.keys() & PROFILE_FIELDS:  # the tier only changes by classifying, which re-derives itself
                rederive_profile(current, membership.user, tier=current.ai_act_tier or None)
    return current


def archive_ai_system(membership, system: AISystem) -> AISystem:
    """Archive (the API's DELETE): hidden from the register, history kept, never hard-deleted."""
    org = membership.organization
    with transaction.atomic():
        current = AISystem.objects.select_for_update().get(pk=system.pk, organization=org)
        require(membership, "archive_record", current)
        if current.archived_at is None:
            current.archived_at = timezone.now()
            current.version += 1
            current.updated_at = current.archived_at
            current.save(update_fields=["archived_at", "version", "updated_at"])
            audit.record("ai_system.archive", org=org, actor=membership.user, obj=current,
                         changes={"archived_at": current.archived_at})
    return current
