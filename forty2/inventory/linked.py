"""Writes for the records an AI system links to: models, datasets and suppliers (A.4.3, A.7, A.10), through
the records kit's write path (:mod:`forty2.records.writes`)."""

from forty2.records import writes

from .definitions import LINKED


def _type(model):
    return next(rt for rt in LINKED.values() if rt.model is model)


def create(model, membership, data: dict):
    return writes.create(_type(model), membership, data)


def update(model, membership, obj, data: dict, *, version: int, base: dict | None = None,
           resolved: dict | None = None):
    return writes.update(_type(model), membership, obj, data, version=version, base=base, resolved=resolved)


def still_used(current):
    users = list(current.ai_systems.filter(archived_at__isnull=True).values_list("name", flat=True)[:20])
    if users:
        return f"'{current}' is still linked to AI system(s): {', '.join(users)}. Unlink it from them first."
    return None


def archived_users(current):
    archived = sorted(current.ai_systems.values_list("name", flat=True))
    return {"linked_archived_systems": archived} if archived else {}


def delete(model, membership, obj) -> None:
    """Delete a record no live AI system uses; one still linked to live systems is refused, naming them.

    Links from archived systems do not block it (they can no longer be edited); their names are kept in the
    deletion's audit event, and each archived system's own history still lists the link."""
    writes.delete(_type(model), membership, obj, refuse=still_used, extra=archived_users)
