"""Reads of the AI system register, always scoped to one organisation."""

from django.db import connection
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


_LINKS_SQL = """
    SELECT 'models', l.aisystem_id, m.id, m.name, m.model_version FROM inventory_aisystem_ai_models l
      JOIN inventory_aimodel m ON m.id = l.aimodel_id WHERE l.aisystem_id IN ({ids})
    UNION ALL
    SELECT 'datasets', l.aisystem_id, d.id, d.name, '' FROM inventory_aisystem_datasets l
      JOIN inventory_dataset d ON d.id = l.dataset_id WHERE l.aisystem_id IN ({ids})
    UNION ALL
    SELECT 'suppliers', l.aisystem_id, s.id, s.name, '' FROM inventory_aisystem_suppliers l
      JOIN inventory_supplier s ON s.id = l.supplier_id WHERE l.aisystem_id IN ({ids})
    ORDER BY 4, 3
"""


def attach_links(systems: list[AISystem]) -> list[AISystem]:
    """Set ``links`` on each system: its models, datasets and suppliers as small dicts.

    One query for the whole page; much cheaper than ``prefetch_related``, which builds a related manager
    per row and relation, and than three ORM queries (measured by bench/api_latency.py)."""
    ids = [int(s.pk) for s in systems]
    links = {pk: {"models": [], "datasets": [], "suppliers": []} for pk in ids}
    if ids:
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(_LINKS_SQL.format(ids=placeholders), ids * 3)
            for kind, sid, pk, name, version in cursor.fetchall():
                item = {"id": pk, "name": name, "version": version} if kind == "models" else {"id": pk, "name": name}
                links[sid][kind].append(item)
    for system in systems:
        system.links = links[system.pk]
    return systems
