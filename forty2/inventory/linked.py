"""Writes for the records an AI system links to: models, datasets and suppliers (A.4.3, A.7, A.10)."""

from django.db import transaction
from django.utils import timezone

from forty2.core import audit
from forty2.core.errors import Conflict, InvalidInput, StaleVersion, field_error
from forty2.tenancy.access import require

from .models import AIModel, Dataset, PersonalData, Supplier
from .services import name_clash_is_bad_input

#: per model: field -> max length (None for choice fields, checked below)
FIELDS = {
    AIModel: {"name": 200, "model_version": 100, "provider": 200, "licence": 200, "model_card_url": 500,
              "description": 5000},
    Dataset: {"name": 200, "source": 300, "provenance": 5000, "licence": 200, "personal_data": None,
              "known_biases": 5000},
    Supplier: {"name": 200, "services": 5000, "country": 100, "contact": 300, "contract_reference": 200},
}
#: API field name -> model field name, where they differ
ALIASES = {AIModel: {"version": "model_version"}}


def _clean(model, org, data: dict, *, partial: bool, instance=None) -> dict:
    aliases = ALIASES.get(model, {})
    fields = FIELDS[model]
    errors, cleaned = [], {}
    for key, value in data.items():
        attr = aliases.get(key, key)
        if attr not in fields:
            errors.append(field_error(key, "Unknown field.", "extra_forbidden"))
            continue
        if attr == "personal_data":
            if value not in PersonalData.values:
                errors.append(field_error(key, f"'{value}' is not allowed; use one of: "
                                               f"{', '.join(PersonalData.values)}.", "enum"))
            else:
                cleaned[attr] = value
            continue
        value = "" if value is None else value
        if not isinstance(value, str):
            errors.append(field_error(key, "Must be text.", "string_type"))
        elif len(value.strip()) > fields[attr]:
            errors.append(field_error(key, f"At most {fields[attr]} characters.", "string_too_long"))
        elif "\x00" in value:
            errors.append(field_error(key, "May not contain NUL characters.", "string_type"))
        elif attr == "model_card_url" and value and not value.startswith(("https://", "http://")):
            errors.append(field_error(key, "Must be an http(s) link.", "url_parsing"))
        else:
            cleaned[attr] = value.strip()
    if not partial and not cleaned.get("name") and "name" not in {e["loc"][1] for e in errors}:
        errors.append(field_error("name", "This field is required.", "missing"))
    elif partial and "name" in cleaned and not cleaned["name"]:
        errors.append(field_error("name", "May not be blank.", "missing"))
    if cleaned.get("name"):
        clash = {"name__iexact": cleaned["name"]}
        if model is AIModel:
            clash["model_version"] = cleaned.get("model_version", getattr(instance, "model_version", ""))
        qs = model.objects.for_org(org).filter(**clash)
        if instance is not None:
            qs = qs.exclude(pk=instance.pk)
        if qs.exists():
            noun = model._meta.verbose_name
            article = "An" if noun[:1].lower() in "aeio" or noun.startswith("AI") else "A"
            errors.append(field_error("name", f"{article} {noun} named '{cleaned['name']}' already exists.",
                                      "duplicate"))
    if errors:
        raise InvalidInput(errors)
    return cleaned


def _snapshot(obj) -> dict:
    return {attr: getattr(obj, attr) for attr in FIELDS[type(obj)]}


def create(model, membership, data: dict):
    require(membership, "create_record")
    org = membership.organization
    with name_clash_is_bad_input(lambda: _clean(model, org, data, partial=False)), transaction.atomic():
        cleaned = _clean(model, org, data, partial=False)
        obj = model.objects.create(organization=org, created_by=membership.user, **cleaned)
        audit.record(f"{model._meta.model_name}.create", org=org, actor=membership.user, obj=obj,
                     changes=_snapshot(obj))
    return obj


def update(model, membership, obj, data: dict, *, version: int):
    org = membership.organization
    recheck = lambda: _clean(model, org, data, partial=True, instance=obj)  # noqa: E731
    with name_clash_is_bad_input(recheck), transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk, organization=org)
        require(membership, "edit_record", current)  # contributors: only records they created
        if version != current.version:
            raise StaleVersion(current.version, version)
        cleaned = _clean(model, org, data, partial=True, instance=current)
        before = _snapshot(current)
        for key, value in cleaned.items():
            setattr(current, key, value)
        changes = audit.diff(before, _snapshot(current))
        if changes:
            current.version += 1
            current.updated_at = timezone.now()
            current.save()
            audit.record(f"{model._meta.model_name}.update", org=org, actor=membership.user, obj=current,
                         changes=changes)
    return current


def delete(model, membership, obj) -> None:
    """Delete a record no live AI system uses; one still linked to live systems is refused, naming them.

    Links from archived systems do not block it (they can no longer be edited); their names are kept in the
    deletion's audit event, and each archived system's own history still lists the link."""
    org = membership.organization
    require(membership, "archive_record")
    with transaction.atomic():
        current = model.objects.select_for_update().get(pk=obj.pk, organization=org)
        users = list(current.ai_systems.filter(archived_at__isnull=True).values_list("name", flat=True)[:20])
        if users:
            raise Conflict(f"'{current}' is still linked to AI system(s): {', '.join(users)}. "
                           "Unlink it from them first.")
        snapshot = _snapshot(current)
        archived = sorted(current.ai_systems.values_list("name", flat=True))
        if archived:
            snapshot["linked_archived_systems"] = archived
        audit.record(f"{model._meta.model_name}.delete", org=org, actor=membership.user, obj=current,
                     changes=snapshot)
        current.delete()
