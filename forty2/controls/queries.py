"""Reads of the SoA (ISO/IEC 42001 6.1.3 f): entries with their links in a fixed number of queries."""

from django.db.models import Count, Q

from forty2.core.errors import InvalidInput, field_error
from forty2.evidence.models import EvidenceLink

from . import justifications
from .models import JustificationLink, SoAEntry
from .services import ensure_soa

APPLICABLE_FILTER = {"true": True, "yes": True, "false": False, "no": False, "undecided": None}


def entries(org, *, applicable: str | None = None, status: str | None = None, group: str | None = None,
            q: str | None = None, suggestion: str | None = None, strict: bool = True, soa=None):
    """The SoA's entries in SoA order; filters as the API and the page name them."""
    if soa is None:
        ensure_soa(org)
    qs = SoAEntry.objects.for_org(org).select_related("owner").order_by("position", "ref")
    if applicable:
        if applicable not in APPLICABLE_FILTER:
            if strict:
                raise InvalidInput([field_error("applicable", "Use true, false or undecided.", "enum", "query")])
        else:
            value = APPLICABLE_FILTER[applicable]
            qs = qs.filter(applicable__isnull=True) if value is None else qs.filter(applicable=value)
    if status:
        qs = qs.filter(status=status)
    if group:
        qs = qs.filter(requirement__isnull=True) if group == "own" else qs.filter(
            Q(ref=group) | Q(ref__startswith=group + "."))
    if q:
        qs = qs.filter(Q(ref__icontains=q) | Q(title__icontains=q) | Q(justification__icontains=q)
                       | Q(implementation__icontains=q))
    if suggestion:
        qs = qs.filter(suggestion_state=suggestion)
    return qs


def attach(org, rows: list[SoAEntry]) -> list[SoAEntry]:
    """``entry.links`` (justification links with names) and ``entry.evidence_count`` for a page of entries."""
    ids = [e.pk for e in rows]
    links = list(JustificationLink.objects.filter(organization=org, entry_id__in=ids).order_by("id"))
    names: dict[tuple, str] = {}
    by_kind: dict[str, set] = {}
    for link in links:
        by_kind.setdefault(link.record_type, set()).add(link.object_id)
    for kind, object_ids in by_kind.items():
        found = justifications.TARGETS[kind].names(org, list(object_ids)) if kind in justifications.TARGETS else {}
        names.update({(kind, pk): name for pk, name in found.items()})
    counts = dict(EvidenceLink.objects.filter(organization=org, record_type="soa_entry", object_id__in=ids)
                  .values_list("object_id").annotate(n=Count("id")))
    per_entry: dict[int, list] = {}
    for link in links:
        per_entry.setdefault(link.entry_id, []).append({
            "id": link.pk, "record_type": link.record_type, "object_id": link.object_id, "note": link.note,
            "name": names.get((link.record_type, link.object_id), f"{link.record_type} {link.object_id} (gone)")})
    for e in rows:
        e.links = per_entry.get(e.pk, [])
        e.evidence_count = counts.get(e.pk, 0)
    return rows


def entry(org, ref: str) -> SoAEntry:
    """One entry by its number, or SoAEntry.DoesNotExist."""
    ensure_soa(org)
    return attach(org, [SoAEntry.objects.for_org(org).select_related("owner", "requirement").get(ref=ref)])[0]


def entry_out(e: SoAEntry) -> dict:
    return {
        "id": e.pk, "ref": e.ref, "title": e.title, "group": e.group, "own": e.own,
        "applicable": e.applicable, "justification": e.justification, "status": e.status,
        "owner": e.owner.email if e.owner_id else None, "implementation": e.implementation,
        "last_reviewed": e.last_reviewed, "justification_links": getattr(e, "links", []),
        "evidence_count": getattr(e, "evidence_count", 0),
        "suggestion": ({"state": e.suggestion_state, **e.suggestion} if e.suggestion_state else None),
        "version": e.version, "updated_at": e.updated_at,
    }
