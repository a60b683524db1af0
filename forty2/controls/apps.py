from django.apps import AppConfig


class ControlsConfig(AppConfig):
    name = "forty2.controls"
    label = "controls"
    verbose_name = "Statement of Applicability and clause conformity"

    def ready(self):
        """What the SoA, the clause conformity and readiness add to the shared faces (docs/architecture.md,
        "Registering an app")."""
        from forty2.api.registry import register_router
        from forty2.records.cli import register_kind
        from forty2.web import registry as web

        # links registers, on import, SoA entries and clause assessments as records evidence may support
        from . import links, readiness  # noqa: F401
        from .cli import ExportSoa, ImportIso27001Soa

        web.register_nav("controls", "Controls (SoA)", "controls:soa", order=40)
        web.register_dashboard_panel("readiness", "controls/_readiness_panel.html",
                                     lambda request, m: {"org": m.organization, "r": readiness.compute(m.organization)},
                                     order=15)
        web.register_portfolio_figures("readiness", ("Readiness",), lambda orgs: {
            org.pk: (f'{readiness.compute(org)["score"]}%',) for org in orgs}, order=40)
        web.register_history(
            phrases={"soa.create": "created {}", "soa.add_controls": "added new Annex A controls to {}",
                     "soa.approve": "approved {}", "soa.import_iso27001": "imported an ISO/IEC 27001 SoA into {}",
                     "soa_entry.link": "linked a justification to {}",
                     "soa_entry.unlink": "removed a justification link from {}",
                     "soa_entry.confirm_inference": "confirmed the inferred entry {}",
                     "soa_entry.reject_inference": "rejected the inferred entry {}"},
            subjects={"soa": "Statement of Applicability", "soa_entry": "SoA entry", "clause_assessment": "Clause"},
        )
        register_router("/orgs/", "forty2.controls.api:router", order=40)
        register_kind("export", ExportSoa(), order=40)
        register_kind("import", ImportIso27001Soa(), order=40)
