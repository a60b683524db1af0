"""People of the organisation, departments, AIMS roles with responsibilities and authorities, role assignments and
the RACI matrix over the AIMS processes (ISO/IEC 42001 5.3, A.3.2)."""
from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "forty2.people"
    label = "people"
    verbose_name = "People, departments and AIMS roles"

    def ready(self):
        """Add the people records to the shared faces, the clause checks, My work and the invitation hook
        (docs/architecture.md, "Registering an app")."""
        from django.urls import reverse

        from forty2.api.registry import register_router
        from forty2.records import pages
        from forty2.records.cli import register_record_kinds
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, receivers, work

        checks.register_clause_checks()
        for p in faces.PAGES.values():
            pages.register(p, nav=("People and roles", 55) if p.name == "person" else None)
            p.access.register_import(p.rt, f"people.import_{p.name}")
        for name, prefix in (("people", ""), ("departments", "departments/"), ("aims-roles", "roles/"),
                             ("role-assignments", "assignments/")):
            register_record_kinds(name, faces.PAGES[prefix].rt, faces.PAGES[prefix].access, order=58)
        register_router("/orgs/", "forty2.people.api:router", order=58)
        register_work("people", work.work)
        web.register_history(subjects={"raci": "RACI matrix"},
                             phrases={"raci.update": "changed the RACI matrix"},
                             nouns={"racimatrix": "RACI matrix"})
        web.register_record_url("racimatrix", lambda org, pk: reverse("people:raci", args=[org]))
        receivers.connect()
