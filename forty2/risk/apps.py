from django.apps import AppConfig


class RiskConfig(AppConfig):
    name = "forty2.risk"
    label = "risk"
    verbose_name = "AI risks and impact assessments"

    def ready(self):
        """Follow the register's changes, and add risks to the shared faces, the CLI and My work
        (docs/architecture.md, "Registering an app")."""
        from django.urls import reverse

        from forty2.api.registry import register_router
        from forty2.records.cli import register_kind
        from forty2.records.writes import record_changed
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import checks, importexport, receivers, sections, work
        from .cli import ExportRisks, ImportRisks
        from .wording import register_history_wording

        record_changed.connect(receivers.flag_on_system_change, dispatch_uid="risk-reassessment")
        record_changed.connect(receivers.propose_treating_controls, dispatch_uid="risk-soa-proposal")
        receivers.register_justifications()
        checks.register_clause_checks()
        from forty2.controls.readiness import register_blockers

        register_blockers(checks.blockers)
        importexport.register_import_job()
        register_kind("import", ImportRisks(), order=30)
        register_kind("export", ExportRisks(), order=30)
        register_history_wording()
        web.register_record_section("aisystem", "risks", "risk/_system_section_body.html", sections.system_section,
                                    order=20)
        web.register_nav("risks", "Risks and impacts", "risk:risk_list", order=30)
        web.register_record_url("risk", lambda org, pk: reverse("risk:risk_detail", args=[org, int(pk)]))
        web.register_record_url("impactassessment", lambda org, pk: reverse("risk:ia_detail", args=[org, int(pk)]))
        register_work("risk", work.work)
        work.register_approvals()
        register_router("/orgs/", "forty2.risk.api:router", order=30)
