"""The certification cycle."""
from django.apps import AppConfig


class CertificationConfig(AppConfig):
    name = "forty2.certification"
    label = "certification"
    verbose_name = "Certification"

    def ready(self):
        """Register pages, API, history wording and My work (docs/architecture.md, "Registering an app")."""
        from django.urls import reverse

        from forty2.api.registry import register_router
        from forty2.audits import hooks as audit_hooks
        from forty2.tenancy.work import register_work
        from forty2.web import registry as web

        from . import services, work
        from .definitions import CERTIFICATION

        audit_hooks.CARRIED_OVER = services.carried_over_items  # open surveillance checklists with carried-over NCs

        web.register_nav("certification", "Certification", "certification:overview", order=66)
        web.register_history(
            phrases={
                "certification.update": "changed the certification",
                "certification.decision": "recorded the certification decision",
                "certification.suspension": "recorded the certificate's suspension",
                "certification.reinstatement": "recorded the certificate's reinstatement",
                "certification.withdrawal": "recorded the certificate's withdrawal",
                "certification.scope_extension": "recorded a scope extension of the certificate",
                "certification.scope_reduction": "recorded a scope reduction of the certificate",
                "certification.renewal": "recorded the certificate's renewal",
                "certification.phase": "moved the certification to its next stage",
                "certification.expire": "marked the certificate expired",
                "certification.remind": "sent the reminder for {}",
            },
            subjects={"certification": "Certification"},
            field_labels={f"certification.{f.name}": f.label for f in CERTIFICATION.fields})
        web.register_record_url("certification", lambda org, pk: reverse("certification:overview", args=[org]))
        register_router("/orgs/", "forty2.certification.api:router", order=66)
        register_work("certification", work.work)
