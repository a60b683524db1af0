"""Reads of the catalog: frameworks, requirement trees, crosswalks in both directions, and one organisation's
statuses. Mappings read backwards swap subset and superset ("A is a subset of B" is "B is a superset of A")."""

from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Framework, Mapping, Requirement, RequirementStatus, reverse_relationship


def frameworks():
    return Framework.objects.annotate(
        requirement_count=Count("requirements"),
        assessable_count=Count("requirements", filter=Q(requirements__assessable=True)),
    ).order_by("position", "name")


def framework(slug: str) -> Framework:
    """The framework, or Framework.DoesNotExist."""
    return Framework.objects.get(slug=slug)


def requirements(fw: Framework, *, assessable: bool | None = None, kind: str | None = None, q: str | None = None):
    qs = Requirement.objects.filter(framework=fw).select_related("parent").order_by("position")
    if assessable is not None:
        qs = qs.filter(assessable=assessable)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(ref__icontains=q) | Q(title__icontains=q) | Q(guidance__icontains=q))
    return qs


def requirement(slug: str, ref: str) -> Requirement:
    """One requirement by framework slug and ref as the source writes it (else the one ref that matches
    ignoring case: ``ac-2`` finds ``AC-2``), or Requirement.DoesNotExist."""
    qs = Requirement.objects.select_related("framework", "parent").filter(framework__slug=slug)
    found = qs.filter(ref=ref).first() or qs.filter(ref__iexact=ref).order_by("position").first()
    if found is None:
        raise Requirement.DoesNotExist(f"no requirement {ref!r} in {slug}")
    return found


def ancestors(req: Requirement) -> list[Requirement]:
    chain, cursor = [], req.parent
    while cursor is not None:
        chain.append(cursor)
        cursor = cursor.parent
    return list(reversed(chain))


@dataclass
class MappingView:
    """A mapping read from one end: "``this`` is ``relationship`` of ``other``"."""

    this: Requirement
    other: Requirement
    relationship: str
    mapping: Mapping
    reversed: bool

    @property
    def direction(self) -> str:
        return "incoming" if self.reversed else "outgoing"


def mappings_of(req: Requirement) -> list[MappingView]:
    """Every mapping that touches ``req``, each read as "req is <relationship> of the other end"."""
    out = Mapping.objects.filter(source=req).select_related("target__framework", "mapping_set")
    inc = Mapping.objects.filter(target=req).select_related("source__framework", "mapping_set")
    views = [MappingView(req, m.target, m.relationship, m, False) for m in out]
    views += [MappingView(req, m.source, reverse_relationship(m.relationship), m, True) for m in inc]
    return sorted(views, key=lambda v: (v.other.framework.position, v.other.position))


@dataclass
class Row:
    source: Requirement
    target: Requirement
    relationship: str
    mapping: Mapping
    reversed: bool


def mapping_rows(source: Framework | None = None, target: Framework | None = None) -> list[Row]:
    """Mapping rows oriented from ``source`` to ``target`` (either may be None for "any"); rows stored the
    other way round are returned reversed, with subset and superset swapped."""
    forward = Mapping.objects.all()
    backward = Mapping.objects.all()
    if source is not None:
        forward = forward.filter(mapping_set__source=source)
        backward = backward.filter(mapping_set__target=source)
    if target is not None:
        forward = forward.filter(mapping_set__target=target)
        backward = backward.filter(mapping_set__source=target)
    related = ("source__framework", "target__framework", "mapping_set")
    rows = [Row(m.source, m.target, m.relationship, m, False)
            for m in forward.select_related(*related).order_by("mapping_set_id", "position")]
    if source is not None or target is not None:
        rows += [Row(m.target, m.source, reverse_relationship(m.relationship), m, True)
                 for m in backward.select_related(*related).order_by("mapping_set_id", "position")]
    return rows


def statuses(org, fw: Framework | None = None) -> dict[int, RequirementStatus]:
    """{requirement id: status} for the organisation (optionally one framework)."""
    qs = RequirementStatus.objects.for_org(org).select_related(
        "requirement__framework", "inferred_from__framework", "updated_by", "confirmed_by")
    if fw is not None:
        qs = qs.filter(requirement__framework=fw)
    return {s.requirement_id: s for s in qs}


def status_of(org, req: Requirement) -> RequirementStatus | None:
    return (RequirementStatus.objects.for_org(org).select_related("inferred_from__framework", "confirmed_by",
                                                                  "updated_by")
            .filter(requirement=req).first())


def progress(org) -> dict[int, dict]:
    """{framework id: {status: count}} over the organisation's statuses on assessable requirements."""
    result: dict[int, dict] = {}
    rows = (RequirementStatus.objects.for_org(org).filter(requirement__assessable=True)
            .values("requirement__framework_id", "status").annotate(n=Count("id")))
    for row in rows:
        result.setdefault(row["requirement__framework_id"], {})[row["status"]] = row["n"]
    return result


def owned_progress(org, fw: Framework, counts: dict) -> dict:
    """{status: count} over ``fw``'s assessable requirements where the records that decide them
    (:mod:`forty2.catalog.status_providers`) replace the catalog's own counts ``counts`` for the ones they own."""
    from . import status_providers

    ids = list(Requirement.objects.filter(framework=fw, assessable=True, withdrawn=False).values_list("pk", flat=True))
    owned = status_providers.resolve(org, fw.slug, ids)
    own = dict(counts)
    if owned:
        for status in RequirementStatus.objects.for_org(org).filter(requirement_id__in=list(owned)).values_list(
                "status", flat=True):
            own[status] = own.get(status, 0) - 1
    out = {k: n for k, n in own.items() if n > 0}
    for o in owned.values():
        out[o.status] = out.get(o.status, 0) + 1
    return out
