from django.apps import AppConfig


def register_approvals() -> None:
    """My work: an approved SoA whose entries changed since asks its approvers to approve it again (ISO/IEC
    42001 6.1.3 f, 7.5.2), through the records kit's approval registry."""
    from django.urls import reverse

    from forty2.records.approvals import Approvable, register_approvable

    from . import services
    from .models import StatementOfApplicability

    register_approvable(services.RECORD_TYPE, Approvable(
        record_type=services.RECORD_TYPE, noun="Statement of Applicability",
        records=lambda org: StatementOfApplicability.objects.filter(organization=org),
        content=lambda soa: {"entries": services.frozen_entries(soa.organization)},
        url=lambda slug, _soa: reverse("controls:soa", args=[slug]),
        ask_again="Re-approve the Statement of Applicability: its entries changed since it was approved"))


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
            phrases={"soa.create": ("created the {}", "created the Statement of Applicability"),
                     "soa.add_controls": ("added new Annex A controls to the {}",
                                          "added new Annex A controls to the Statement of Applicability"),
                     "soa.approve": ("approved {}", "approved the Statement of Applicability"),
                     "soa.import_iso27001": ("imported an ISO/IEC 27001 SoA into the {}",
                                             "imported an ISO/IEC 27001 SoA into the Statement of Applicability"),
                     "clause_assessment.create": ("assessed {}", "assessed the clause"),
                     "clause_assessment.update": ("changed the assessment of {}", "changed the assessment"),
                     "soa_entry.link": "linked a justification to {}",
                     "soa_entry.unlink": "removed a justification link from {}",
                     "soa_entry.confirm_inference": "confirmed the inferred entry {}",
                     "soa_entry.reject_inference": "rejected the inferred entry {}"},
            subjects={"soa": "Statement of Applicability", "soa_entry": "SoA entry", "clause_assessment": "Clause"},
            nouns={"soa": "Statement of Applicability", "statementofapplicability": "Statement of Applicability"},
        )
        register_router("/orgs/", "forty2.controls.api:router", order=40)
        register_kind("export", ExportSoa(), order=40)
        register_kind("import", ImportIso27001Soa(), order=40)
        register_approvals()
        # one truth per requirement: the catalog's ISO/IEC 42001 view reads the SoA and the clause assessments
        from . import status_provider

        status_provider.register()
