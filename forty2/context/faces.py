"""How the records kit's API routes and pages reach the context records (ISO/IEC 42001 4.1-4.3, 6.1.1): one
:class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages` per record type."""

from django.urls import reverse

from forty2.records.pages import RecordPages
from forty2.records.routes import Access

from . import services
from .definitions import AIMS_RISK, CONTEXT_ISSUE, INTERESTED_PARTY, LEGAL_REQUIREMENT, SCOPE_EXCLUSION


def _access(rt, related=("owner",)) -> Access:
    return Access(queryset=lambda org: rt.model.objects.for_org(org).select_related(*related),
                  rules=lambda: services.rules_for(rt))


def _crumbs(org):
    return [("Context and scope", reverse("context:overview", args=[org.slug]))]


def _pages(name, rt, access, intro, columns=()) -> RecordPages:
    return RecordPages(rt, access, "context", name=name, intro=intro, nav="context", tabs="context/_tabs.html",
                       crumbs=_crumbs, columns=columns)


ACCESS = {rt.name: _access(rt) for rt in (CONTEXT_ISSUE, INTERESTED_PARTY, LEGAL_REQUIREMENT, AIMS_RISK)}
ACCESS[SCOPE_EXCLUSION.name] = _access(SCOPE_EXCLUSION, related=())

#: URL part -> the pages of one record type (``/o/<org>/context/issues/`` …)
PAGES = {
    "issues": _pages("issue", CONTEXT_ISSUE, ACCESS[CONTEXT_ISSUE.name],
                     "Internal and external issues that affect what your AIMS must achieve (ISO/IEC 42001 4.1).",
                     ("origin", "category", "owner", "review_date")),
    "parties": _pages("party", INTERESTED_PARTY, ACCESS[INTERESTED_PARTY.name],
                      "Who has a stake in your use of AI, what they require, and which requirements the AIMS "
                      "takes on (4.2).", ("category", "addressed", "owner", "review_date")),
    "legal": _pages("legal", LEGAL_REQUIREMENT, ACCESS[LEGAL_REQUIREMENT.name],
                    "Laws, regulations and binding rules for your AI: the EU AI Act, data protection, sector rules "
                    "(4.1, 4.2; A.2.2).", ("jurisdiction", "applicability", "owner", "review_date")),
    "exclusions": _pages("exclusion", SCOPE_EXCLUSION, ACCESS[SCOPE_EXCLUSION.name],
                         "What is deliberately outside the AIMS, and why that does not weaken it (4.3)."),
    "aims-risks": _pages("aims_risk", AIMS_RISK, ACCESS[AIMS_RISK.name],
                         "Risks and opportunities for the management system itself, with the actions that address "
                         "them (6.1.1). Risks of each AI system are in the risk register.",
                         ("kind", "owner", "due_date", "status")),
}
