"""Competence requirements per role, evidence of competence per person, the gap view and the actions that close
gaps (ISO/IEC 42001 7.2, A.4.6)."""
from django.apps import AppConfig


class CompetenceConfig(AppConfig):
    name = "forty2.competence"
    label = "competence"
    verbose_name = "Competence"

    def ready(self):
        """Add the competence records to the shared faces, the clause checks and My work (docs/architecture.md,
        "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.records import pages
        from forty2.records.cli import register_record_kinds
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, faces, work

        checks.register_clause_checks()
        register_work("competence", work.work)
        cli_names = {"requirements": "competences", "competence-evidence": "competence-evidence",
                     "competence-actions": "competence-actions"}
        for key, p in faces.PAGES.items():
            pages.register(p)
            p.access.register_import(p.rt, f"competence.import_{p.name}")
            register_record_kinds(cli_names[key], p.rt, p.access, order=62)
        web.register_nav("competence", "Competence", "competence:gaps", order=56)
        web.register_history(phrases={
            "competence_action.create": ("planned the competence action {}", "planned this competence action"),
            "competence_evidence.create": ("recorded the competence evidence {}",
                                           "recorded this competence evidence"),
            "competence_requirement.create": ("defined the competence requirement {}",
                                              "defined this competence requirement"),
        })
        register_router("/orgs/", "forty2.competence.api:router", order=32)
