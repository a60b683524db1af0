"""How the records kit's API routes and pages reach the people records (ISO/IEC 42001 5.3, A.3.2): one
:class:`~forty2.records.routes.Access` and one :class:`~forty2.records.pages.RecordPages` per record type."""

from django.urls import reverse

from forty2.records.pages import RecordPages, Section
from forty2.records.routes import Access

from . import services
from .definitions import AIMS_ROLE, DEPARTMENT, PERSON, ROLE_ASSIGNMENT
from .models import RoleAssignment


def _access(rt, related=(), **kwargs) -> Access:
    return Access(queryset=lambda org: rt.model.objects.for_org(org).select_related(*related),
                  rules=lambda: services.rules_for(rt), **kwargs)


ACCESS = {
    DEPARTMENT.name: _access(DEPARTMENT),
    PERSON.name: _access(PERSON, ("department", "user"), key_field="email"),
    AIMS_ROLE.name: _access(AIMS_ROLE),
    ROLE_ASSIGNMENT.name: _access(ROLE_ASSIGNMENT, ("role", "person", "ai_system")),
}


def _crumbs(org):
    return [("People and roles", reverse("people:person_list", args=[org.slug]))]


def _person_sections(membership, person):
    held = (RoleAssignment.objects.for_org(membership.organization).filter(person=person)
            .select_related("role", "ai_system").order_by("role__name"))
    return [Section("people/_person_roles.html", {"person": person, "assignments": held,
                                                 "left": services.has_left(person)})]


def _role_sections(membership, role):
    held = (RoleAssignment.objects.for_org(membership.organization).filter(role=role)
            .select_related("person", "ai_system").order_by("person__name"))
    return [Section("people/_role_holders.html", {"role": role, "assignments": held})]


def _pages(name, rt, intro, columns=(), crumbs=True, **kwargs) -> RecordPages:
    return RecordPages(rt, ACCESS[rt.name], "people", name=name, intro=intro, nav="people_roles",
                       tabs="people/_tabs.html", crumbs=_crumbs if crumbs else None,
                       columns=columns, **kwargs)


#: URL part -> the pages of one record type (``/o/<org>/people/`` for people, ``…/people/roles/`` …)
PAGES = {
    "": _pages("person", PERSON, "The people the AIMS names — staff, contractors, board members — with or without a "
               "login, and the AIMS roles they hold (ISO/IEC 42001 5.3).",
               ("email", "job_title", "department", "end_date"), crumbs=False, title="People and roles",
               noun="person", sections=_person_sections),
    "departments/": _pages("department", DEPARTMENT, "The units people belong to.", ("description",)),
    "roles/": _pages("aims_role", AIMS_ROLE, "AIMS roles with their responsibilities and authorities (5.3, A.3.2). "
                     "Give each role to people under Role assignments.", ("kind", "reports_to"),
                     noun="AIMS role", sections=_role_sections),
    "assignments/": _pages("role_assignment", ROLE_ASSIGNMENT, "Who holds which AIMS role, for the whole AIMS or "
                           "for one AI system, and from when until when (5.3).",
                           ("person", "ai_system", "start_date", "end_date"), noun="role assignment"),
}
