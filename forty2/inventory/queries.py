"""Reads of the AI system register, always scoped to one organisation."""

from django.db.models import Q

from forty2.core.errors import InvalidInput, field_error

from .models import AIModel, AISystem, Dataset, Supplier

SYSTEM_ORDERINGS = {"name", "lifecycle_stage", "status", "criticality", "business_unit", "created_at",
                    "updated_at", "id"}
SYSTEM_FILTERS = ("lifecycle_stage", "status", "criticality", "automation", "personal_data", "business_unit")


def ordering_arg(value: str | None, allowed: set, default: str) -> list[str]:
    if not value:
        return [default]
    field = value.lstrip("-")
    if field not in allowed:
        raise InvalidInput([field_error("ordering", f"Cannot sort by '{field}'; use one of: "
                                        f"{', '.join(sorted(allowed))} (prefix '-' for descending).",
                                        "enum", "query")])
    return [value, "id"]


def ai_systems(org, *, q: str | None = None, archived: bool = False, ordering: str | None = None,
               ai_role: str | None = None, owner: str | None = None, **filters):
    qs = AISystem.objects.for_org(org).filter(archived_at__isnull=not archived)
    qs = qs.select_related("business_owner", "technical_owner", "approved_by")
    qs = qs.prefetch_related("ai_models", "datasets", "suppliers")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(purpose__icontains=q) | Q(description__icontains=q)
                       | Q(business_unit__icontains=q))
    for key in SYSTEM_FILTERS:
        value = filters.get(key)
        if value:
            qs = qs.filter(**{key: value})
    if ai_role:
        # JSON list membership, portable across SQLite and PostgreSQL
        qs = qs.filter(ai_roles__icontains=f'"{ai_role}"')
    if owner:
        qs = qs.filter(Q(business_owner__email__iexact=owner) | Q(technical_owner__email__iexact=owner))
    return qs.order_by(*ordering_arg(ordering, SYSTEM_ORDERINGS, "name"))


def ai_system(org, pk: int, *, include_archived: bool = False) -> AISystem:
    """One system of this organisation, or AISystem.DoesNotExist (the caller answers 404)."""
    qs = AISystem.objects.for_org(org).select_related("business_owner", "technical_owner", "approved_by")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    return qs.prefetch_related("ai_models", "datasets", "suppliers").get(pk=pk)


def linked(model, org, *, q: str | None = None, ordering: str | None = None):
    qs = model.objects.for_org(org)
    if q:
        qs = qs.filter(name__icontains=q)
    allowed = {"name", "created_at", "updated_at", "id"}
    return qs.order_by(*ordering_arg(ordering, allowed, "name"))


LINKED_MODELS = {"models": AIModel, "datasets": Dataset, "suppliers": Supplier}
