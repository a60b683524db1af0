"""How the records kit's API routes and pages reach the competence records (ISO/IEC 42001 7.2, A.4.6): one
:class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages` per record type. The
actions' create page takes its first values from the address (``?person=…&requirement=…``): the gap view's
"Plan an action" button."""

from django.shortcuts import render
from django.urls import reverse

from forty2.records.pages import RecordPages
from forty2.records.routes import Access

from . import services
from .definitions import COMPETENCE_ACTION, COMPETENCE_EVIDENCE, COMPETENCE_REQUIREMENT

REQUIREMENTS = Access(
    queryset=lambda org: COMPETENCE_REQUIREMENT.model.objects.for_org(org).select_related("role"),
    rules=services.RequirementRules)
EVIDENCE = Access(
    queryset=lambda org: COMPETENCE_EVIDENCE.model.objects.for_org(org).select_related(
        "person", "requirement", "evidence", "verified_by"),
    rules=services.EvidenceRules)
ACTIONS = Access(
    queryset=lambda org: COMPETENCE_ACTION.model.objects.for_org(org).select_related(
        "person", "requirement", "owner"),
    rules=services.ActionRules)


def _crumbs(org):
    return [("Competence", reverse("competence:gaps", args=[org.slug]))]


class ActionPages(RecordPages):
    """The actions' pages; a new action's form starts from the gap it closes (``?person=&requirement=``)."""

    PREFILL = ("person", "requirement", "kind", "owner")

    def create_view(self, request, membership):
        initial = {k: request.GET[k] for k in self.PREFILL if request.GET.get(k)}
        if request.method != "GET" or not initial:
            return super().create_view(request, membership)
        form = self._form(None, membership, initial=initial)
        return render(request, "web/records/form.html", self.context(membership, form=form))


def _pages(cls, rt, access, name, title, intro, columns):
    return cls(rt, access, "competence", name=name, title=title, intro=intro, nav="competence",
               tabs="competence/_tabs.html", crumbs=_crumbs, columns=columns)


PAGES = {
    "requirements": _pages(RecordPages, COMPETENCE_REQUIREMENT, REQUIREMENTS, "requirement",
                           "Competence requirements",
                           "What a holder of each AIMS role must know, be able to do, have done or hold (ISO/IEC "
                           "42001 7.2 a). A requirement is met by valid evidence or by a training record for one "
                           "of its courses.", ("role", "kind", "mandatory", "applies_from")),
    "competence-evidence": _pages(RecordPages, COMPETENCE_EVIDENCE, EVIDENCE, "evidence", "Competence evidence",
                       "Documented evidence of competence: qualifications, courses, experience and assessments, "
                       "with their expiry (7.2 d).", ("person", "kind", "obtained_on", "expires_on")),
    "competence-actions": _pages(ActionPages, COMPETENCE_ACTION, ACTIONS, "action", "Competence actions",
                      "Actions to acquire the competence people lack, and whether they worked (7.2 c).",
                      ("requirement", "owner", "due_date", "status")),
}
