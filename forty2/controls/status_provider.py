"""The catalog's ISO/IEC 42001 statuses, read from the records that decide them (one truth per requirement).

* Annex A controls: the Statement of Applicability entry (6.1.3 f). Excluded -> not applicable; included and
  implemented -> conforming; included and partially implemented -> partially conforming; included but planned or
  not started -> not conforming; undecided -> not assessed.
* Clauses 4-10: the clause assessment's effective status (9.1, :attr:`forty2.controls.clauses.ClauseRow.
  effective_status`): a declaration contradicted by a failing check, or an open nonconformity, is not conforming.

Registered with the catalog at start-up (:func:`register`, called from forty2/controls/apps.py) through
:mod:`forty2.catalog.status_providers`; each provider reads in a fixed number of queries.
"""

from django.urls import reverse

from forty2.catalog import status_providers
from forty2.catalog.models import ConformityStatus, Requirement

from .models import ImplementationStatus, SoAEntry, SoAVersion
from .services import ISO42001, ensure_soa

#: an included control's implementation status -> its conformity
IMPLEMENTATION_TO_CONFORMITY = {
    ImplementationStatus.IMPLEMENTED: ConformityStatus.CONFORMING.value,
    ImplementationStatus.PARTIAL: ConformityStatus.PARTIAL.value,
    ImplementationStatus.PLANNED: ConformityStatus.NOT_CONFORMING.value,
    ImplementationStatus.NOT_STARTED: ConformityStatus.NOT_CONFORMING.value,
}
SOA = "the Statement of Applicability"
CLAUSE = "the clause assessment"


def soa_conformity(applicable: bool | None, status: str) -> str:
    """An SoA decision as a catalog status (6.1.3 f)."""
    if applicable is None:
        return ConformityStatus.NOT_ASSESSED.value
    if applicable is False:
        return status_providers.NOT_APPLICABLE
    return IMPLEMENTATION_TO_CONFORMITY.get(status, ConformityStatus.NOT_CONFORMING.value)


def _org_slug(org) -> str:
    return org.slug


def annex_a(org, requirement_ids: list[int]) -> dict[int, status_providers.OwnedStatus]:
    """The SoA entries of the Annex A controls among ``requirement_ids`` (4 queries at most)."""
    wanted = set(requirement_ids)
    controls = dict(Requirement.objects.filter(pk__in=wanted, framework__slug=ISO42001, kind="control",
                                               assessable=True).values_list("pk", "ref"))
    if not controls:
        return {}
    ensure_soa(org)
    entries = {e.requirement_id: e for e in SoAEntry.objects.for_org(org).filter(requirement_id__in=controls)}
    last = SoAVersion.objects.for_org(org).only("number", "entries").first()
    approved = {row["ref"]: row for row in (last.entries if last else [])}
    out = {}
    for pk, ref in controls.items():
        url = reverse("controls:entry", args=[_org_slug(org), ref])
        e = entries.get(pk)
        if e is None:
            out[pk] = status_providers.OwnedStatus(
                ConformityStatus.NOT_ASSESSED.value, "From the Statement of Applicability (no entry yet)",
                reverse("controls:soa", args=[_org_slug(org)]), "soa_entry", "Open the Statement of Applicability",
                SOA)
            continue
        was = approved.get(ref)
        if last is None:
            source = "From the Statement of Applicability, not approved yet"
        elif was is not None and (was.get("applicable"), was.get("status")) == (e.applicable, e.status):
            source = f"From the Statement of Applicability, approved version {last.number}"
        else:
            source = (f"From the Statement of Applicability, changed since approved version {last.number} "
                      "(not approved yet)")
        note = ""
        if e.suggestion_state == "pending":
            sources = ", ".join(e.suggestion.get("sources", [])) or "another management system"
            note = f"A suggestion inferred from {sources} waits for review in the SoA entry."
        out[pk] = status_providers.OwnedStatus(soa_conformity(e.applicable, e.status), source, url, "soa_entry",
                                               f"Edit {ref} in the Statement of Applicability", SOA, note)
    return out


def clauses(org, requirement_ids: list[int]) -> dict[int, status_providers.OwnedStatus]:
    """The clause assessments' effective statuses of the clauses among ``requirement_ids`` (the clause list's
    fixed number of queries, whatever the number asked)."""
    from . import clauses as clause_rows

    wanted = set(requirement_ids)
    if not Requirement.objects.filter(pk__in=wanted, framework__slug=ISO42001, kind="clause",
                                      assessable=True).exists():
        return {}
    out = {}
    for row in clause_rows.clause_rows(org):
        if row.requirement.pk not in wanted:
            continue
        status = row.effective_status
        label = ""
        if row.nonconforming or row.conflict:
            label = row.status_label
        note = ""
        if row.conflict:
            note = ("Declared " + ConformityStatus(row.declared_status).label.lower() + ", but "
                    + "; ".join(c.gap for c in row.failing))
        source = "From the clause assessment"
        if row.inferred and row.status is not None and row.status.inferred_from_id:
            source += ", confirmed from a mapped requirement"
        out[row.requirement.pk] = status_providers.OwnedStatus(
            status, source, reverse("controls:clause", args=[_org_slug(org), row.ref]), "clause_assessment",
            f"Assess clause {row.ref}", CLAUSE, note, label)
    return out


def register() -> None:
    status_providers.register(ISO42001, annex_a)
    status_providers.register(ISO42001, clauses)
