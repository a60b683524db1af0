"""Reads of the AI system register, always scoped to one organisation."""

import json

from django.db import connection
from django.db.models.expressions import RawSQL

from forty2.records import filters

from .definitions import AI_SYSTEM
from .models import AISystem


def ai_systems(org, *, prefetch_links: bool = True, **params):
    """The register filtered and sorted by the list vocabulary of :mod:`forty2.records.filters` (``q``,
    ``lifecycle_stage``, ``tier``, ``owner``, ``archived``, ``ordering`` …); InvalidInput for a bad sort."""
    qs = AISystem.objects.for_org(org).select_related("business_owner", "technical_owner", "approved_by")
    qs = qs.prefetch_related("ai_models", "datasets", "suppliers") if prefetch_links else with_links(qs)
    return filters.apply(AI_SYSTEM, qs, params)


def ai_system(org, pk: int, *, include_archived: bool = False, links: bool = True) -> AISystem:
    """One system of this organisation, or AISystem.DoesNotExist (the caller answers 404)."""
    qs = AISystem.objects.for_org(org).select_related("business_owner", "technical_owner", "approved_by")
    if not include_archived:
        qs = qs.filter(archived_at__isnull=True)
    if not links:
        return qs.get(pk=pk)
    return attach_links([with_links(qs).get(pk=pk)])[0]


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

#: one system's links (kind, id, name, version), for the row's own query: the outer row is inventory_aisystem
_ROW_LINKS = """
    SELECT 'models' AS k, m.id AS i, m.name AS n, m.model_version AS v FROM inventory_aisystem_ai_models l
      JOIN inventory_aimodel m ON m.id = l.aimodel_id WHERE l.aisystem_id = inventory_aisystem.id
    UNION ALL
    SELECT 'datasets', d.id, d.name, '' FROM inventory_aisystem_datasets l
      JOIN inventory_dataset d ON d.id = l.dataset_id WHERE l.aisystem_id = inventory_aisystem.id
    UNION ALL
    SELECT 'suppliers', s.id, s.name, '' FROM inventory_aisystem_suppliers l
      JOIN inventory_supplier s ON s.id = l.supplier_id WHERE l.aisystem_id = inventory_aisystem.id
"""
#: the same links as one JSON array per row, ordered by name then id as :data:`_LINKS_SQL` orders them
_ROW_LINKS_JSON = {
    "sqlite": f"SELECT json_group_array(json_array(k, i, n, v)) FROM ({_ROW_LINKS} ORDER BY 3, 2)",  # nosec B608 - constant SQL, no input
    "postgresql": f"SELECT jsonb_agg(jsonb_build_array(k, i, n, v) ORDER BY n, i) FROM ({_ROW_LINKS}) x",  # nosec B608 - constant SQL, no input
}


def with_links(qs):
    """``qs`` whose rows carry their links (``_links_json``), read in the rows' own query: a page, or one system,
    needs no second query for them (:func:`attach_links` unpacks them). Only for a query of the register itself
    (the subquery names the outer table), on the databases Forty2 runs on."""
    sql = _ROW_LINKS_JSON.get(connection.vendor)
    return qs.annotate(_links_json=RawSQL(f"({sql})", ())) if sql else qs  # nosec B611 - constant SQL, no input


def _unpack_links(found) -> dict:
    links = {"models": [], "datasets": [], "suppliers": []}
    for kind, pk, name, version in (json.loads(found) if isinstance(found, str) else found) or ():
        links[kind].append({"id": pk, "name": name, "version": version} if kind == "models" else
                           {"id": pk, "name": name})
    return links


def attach_links(systems: list[AISystem]) -> list[AISystem]:
    """Set ``links`` on each system: its models, datasets and suppliers as small dicts. A system read with its
    links (:func:`with_links`) or that has them already (the write path reads them with the locked row and drops
    them when it changes a link) needs no query.

    One query for the rest of the page; much cheaper than ``prefetch_related``, which builds a related manager
    per row and relation, and than three ORM queries (measured by bench/api_latency.py)."""
    for system in systems:
        if not hasattr(system, "links") and hasattr(system, "_links_json"):
            system.links = _unpack_links(system._links_json)
    ids = [int(s.pk) for s in systems if not hasattr(s, "links")]
    links = {pk: {"models": [], "datasets": [], "suppliers": []} for pk in ids}
    if ids:
        placeholders = ", ".join(["%s"] * len(ids))
        with connection.cursor() as cursor:
            cursor.execute(_LINKS_SQL.format(ids=placeholders), ids * 3)
            for kind, sid, pk, name, version in cursor.fetchall():
                item = {"id": pk, "name": name, "version": version} if kind == "models" else {"id": pk, "name": name}
                links[sid][kind].append(item)
    for system in systems:
        if system.pk in links:
            system.links = links[system.pk]
    return systems
