"""Reads of the AI system register, always scoped to one organisation."""

from django.db.models import Case, IntegerField, Q, Value, When

from forty2.core.errors import InvalidInput, field_error

from .models import AIModel, AISystem, Criticality, Dataset, LifecycleStage, Supplier, SystemStatus

SYSTEM_ORDERINGS = {"name", "lifecycle_stage", "status", "criticality", "business_unit", "created_at",
                    "updated_at", "id"}
SYSTEM_FILTERS = ("lifecycle_stage", "status", "criticality", "automation", "personal_data", "business_unit")
#: choice fields sort in their natural order (inception → retirement, low → critical), not alphabetically
CHOICE_ORDER = {"lifecycle_stage": LifecycleStage, "status": SystemStatus, "criticality": Criticality}


def _choice_rank(field: str, choices):
    """Position of the value in its choices; blank (not yet assessed) sorts before the first."""
    whens = [When(**{field: value}, then=Value(i)) for i, value in enumerate(choices.values)]
    return Case(*whens, default=Value(-1), output_field=IntegerField())


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
               ai_role: str | None = None, owner: str | None = None, prefetch_links: bool = True,
               tier: str | None = None, **filters):
    qs = AISystem.objects.for_org(org).filter(archived_at__isnull=not archived)
    qs = qs.select_related("business_owner", "technical_owner", "approved_by")
    if prefetch_links:
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
    if tier:  # EU AI Act tier of the current classification; "unclassified" finds systems never classified
        qs = qs.filter(ai_act_tier="" if tier == "unclassified" else tier)
    order = ordering_arg(ordering, SYSTEM_ORDERINGS, "name")
    field = order[0].lstrip("-")
    if field in CHOICE_ORDER:
        rank = _choice_rank(field, CHOICE_ORDER[field])
        order[0:1] = [rank.desc() if order[0].startswith("-") else rank.asc(), "name"]
    return qs.order_by(*order)


def ai_system(org, pk: int, *, include_archived: bool = False, links: bool = True) -> AISystem:
    """One system of this organisation, or AISystem.DoesNotExist (the caller answers 404)."""
    qs = AISystem.objects.for_org(org).select_related("business_owner", "technical_owner", "approved_by")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    system = qs.get(pk=pk)
    return attach_links([system])[0] if links else system


def linked(model, org, *, q: str | None = None, ordering: str | None = None):
    qs = model.objects.for_org(org)
    if q:
        qs = qs.filter(name__icontains=q)
    allowed = {"name", "created_at", "updated_at", "id"}
    return qs.order_by(*ordering_arg(ordering, allowed, "name"))


LINKED_MODELS = {"models": AIModel, "datasets": Dataset, "suppliers": Supplier}


def attach_links(systems: list[AISystem]) -> list[AISystem]:
    """Set ``links`` on each system: its models, datasets and suppliers as small dicts.

    Three flat queries for the whole page; much cheaper than ``prefetch_related``, which builds a
    related manager per row and relation (measured by bench/api_latency.py).
    """
    ids = [s.pk for s in systems]
    links = {pk: {"models": [], "datasets": [], "suppliers": []} for pk in ids}
    through = AISystem.ai_models.through.objects.filter(aisystem_id__in=ids).order_by("aimodel__name")
    for sid, pk, name, version in through.values_list("aisystem_id", "aimodel_id", "aimodel__name",
                                                      "aimodel__model_version"):
        links[sid]["models"].append({"id": pk, "name": name, "version": version})
    for key, relation, target in (("datasets", AISystem.datasets, "dataset"),
                                  ("suppliers", AISystem.suppliers, "supplier")):
        rows = relation.through.objects.filter(aisystem_id__in=ids).order_by(f"{target}__name")
        for sid, pk, name in rows.values_list("aisystem_id", f"{target}_id", f"{target}__name"):
            links[sid][key].append({"id": pk, "name": name})
    for system in systems:
        system.links = links[system.pk]
    return systems
