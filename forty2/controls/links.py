"""SoA entries and clause assessments as records evidence supports (ISO/IEC 42001 6.1.3, 9.1), and as the records
that answer for a requirement's status in the catalog (who may set it:
:func:`forty2.catalog.services.may_set_status`)."""

from django.urls import reverse

from forty2.catalog.services import register_status_owner
from forty2.evidence import links

from .models import ClauseAssessment, SoAEntry


def _entries(org, ids):
    return {pk: f"{ref} {title}" for pk, ref, title in
            SoAEntry.objects.for_org(org).filter(pk__in=ids).values_list("pk", "ref", "title")}


def _entry_url(org, pk):
    ref = SoAEntry.objects.for_org(org).filter(pk=pk).values_list("ref", flat=True).first()
    return reverse("controls:entry", args=[org.slug, ref]) if ref else None


def _clauses(org, ids):
    return {pk: f"Clause {ref} {title}" for pk, ref, title in ClauseAssessment.objects.for_org(org).filter(
        pk__in=ids).values_list("pk", "requirement__ref", "requirement__title")}


def _clause_url(org, pk):
    ref = ClauseAssessment.objects.for_org(org).filter(pk=pk).values_list("requirement__ref", flat=True).first()
    return reverse("controls:clause", args=[org.slug, ref]) if ref else None


links.register("soa_entry", "SoA entry", names=_entries, url=_entry_url,
               get=lambda org, pk: SoAEntry.objects.for_org(org).filter(pk=pk).first())
links.register("clause_assessment", "Clause", names=_clauses, url=_clause_url,
               get=lambda org, pk: ClauseAssessment.objects.for_org(org).filter(pk=pk).first())


def _answers_for(org, requirement):
    """The clause assessment of an ISO/IEC 42001 clause, or the SoA entry of an Annex A control; None otherwise."""
    found = ClauseAssessment.objects.for_org(org).filter(requirement=requirement).first()
    return found or SoAEntry.objects.for_org(org).filter(requirement=requirement).first()


register_status_owner(_answers_for)
